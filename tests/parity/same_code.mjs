// Compare the stdlib zip the site ships with Pyodide's full one, in Pyodide's
// own Python (newer than the build's, which slims the modules).
//
//   node tests/parity/same_code.mjs SHIPPED_ZIP [SOURCE_ZIP]
//
// For every `.py` module of SHIPPED_ZIP: it compiles to the same code object
// (bytecode, constants, names, flags, every instruction's line) as the full
// zip's module once every string-only statement (docstring) reads "" in both,
// and it has as many lines. For every `.pyc` (sitebuild/bytecode.py), with
// SOURCE_ZIP the slimmed source it was compiled from: its header is this
// Python's magic number, the unchecked-hash flag and the hash of SOURCE_ZIP's
// module; its code is the same as zipimport compiles at run time from that
// source (what this Python's zipimporter returns for it: the same, but for
// column positions, which the build leaves out), and as the full zip's
// module (as above); it names the path zipimport would give the source.
// Prints ONE JSON object:
//   {compared: N (modules), slimmed: N (modules whose source differs from the
//    full zip's), bytecode: N (of them .pyc), problems: ["name: what differs", ...]}
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(here, "../../node_modules/pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const [shippedPath, sourcePath] = process.argv.slice(2);
if (!shippedPath) {
  console.error("usage: same_code.mjs SHIPPED_ZIP [SOURCE_ZIP]");
  process.exit(64);
}
const toStderr = (line) => process.stderr.write(line + "\n");
const pyodide = await loadPyodide({ indexURL, stdout: toStderr, stderr: toStderr });
const bytes = await readFile(shippedPath);
pyodide.FS.writeFile("/tmp/shipped.zip", new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
if (sourcePath) {
  const source = await readFile(sourcePath);
  pyodide.FS.writeFile("/tmp/source.zip", new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
}
pyodide.FS.writeFile("/tmp/full.zip", pyodide.FS.readFile(`/lib/python3${pyodide.runPython("import sys; sys.version_info.minor")}.zip`));
const report = pyodide.runPython(`
import ast, importlib.util, json, marshal, os, sys, time, types, zipfile, zipimport
started = time.monotonic()
prefix = f"/lib/python3{sys.version_info.minor}.zip/"

class Blank(ast.NodeTransformer):
    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            node.value = ast.copy_location(ast.Constant(""), node.value)
        return node

def shape(obj, archive=prefix):
    # A code object as bytecode, names, flags, constants and each instruction's
    # line (not its columns: a blanked docstring ends elsewhere on its first
    # line), its file named as if \`archive\` were the stdlib's zip.
    if isinstance(obj, frozenset):  # marshal writes its items sorted: order is no difference
        return ("frozenset", sorted(map(repr, obj)))
    if not isinstance(obj, types.CodeType):
        return repr(obj)
    return (obj.co_code, obj.co_names, obj.co_varnames, obj.co_freevars, obj.co_cellvars,
            obj.co_name, obj.co_qualname, obj.co_filename.replace(archive, prefix), obj.co_flags,
            obj.co_argcount, obj.co_posonlyargcount, obj.co_kwonlyargcount, obj.co_stacksize,
            obj.co_firstlineno, obj.co_exceptiontable,
            list(obj.co_lines()), [shape(c, archive) for c in obj.co_consts])

def code(text, name):
    return shape(compile(Blank().visit(ast.parse(text, prefix + name)), prefix + name, "exec"))

def at_runtime(archive, name):
    # What zipimport returns for the module (compiled from source, or loaded from a .pyc).
    module = name.removesuffix(".pyc").removesuffix(".py").removesuffix("/__init__")
    folder, _, last = module.rpartition("/")
    importer = zipimport.zipimporter(archive + ("/" + folder if folder else ""))
    return importer.get_code(last)

def same_lines(text):
    return len(text.splitlines())

problems, compared, slimmed, checked = [], 0, 0, 0
source = zipfile.ZipFile("/tmp/source.zip") if os.path.exists("/tmp/source.zip") else None
with zipfile.ZipFile("/tmp/shipped.zip") as shipped, zipfile.ZipFile("/tmp/full.zip") as full:
    for name in shipped.namelist():
        if name.endswith(".pyc"):
            checked += 1
            compared += 1
            py = name[:-1]
            pyc = shipped.read(name)
            if source is None:
                problems.append(f"{name}: no SOURCE_ZIP to check it against")
                continue
            text = source.read(py)
            header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(text)
            if pyc[:16] != header:
                problems.append(f"{name}: header {pyc[:16]!r}, not {header!r}")
            loaded = marshal.loads(pyc[16:])
            if shape(loaded) != shape(at_runtime("/tmp/source.zip", py), "/tmp/source.zip/"):
                problems.append(f"{name}: not what zipimport compiles from the source")
            if shape(loaded) != shape(at_runtime("/tmp/shipped.zip", name)):
                problems.append(f"{name}: zipimport does not load it")
            original = full.read(py)
            slimmed += original != text
            # A module shipped unslimmed keeps its docstrings (sitebuild/pyslim.py).
            expected = (shape(compile(original, prefix + py, "exec")) if original == text
                        else code(original.decode(), py))
            if shape(loaded) != expected:
                problems.append(f"{name}: other code than the full zip's module")
            if any(col is not None for c in [loaded] for *_, col in c.co_positions()):
                problems.append(f"{name}: keeps column positions")
            continue
        if not name.endswith(".py"):
            continue
        compared += 1
        ours, theirs = shipped.read(name).decode(), full.read(name).decode()
        slimmed += ours != theirs
        try:
            same = code(ours, name) == code(theirs, name)
        except SyntaxError as exc:
            problems.append(f"{name}: does not compile: {exc}")
            continue
        if not same:
            problems.append(f"{name}: compiles to other code")
        if same_lines(ours) != same_lines(theirs):
            problems.append(f"{name}: {same_lines(ours)} lines, not {same_lines(theirs)}")
json.dumps({"compared": compared, "slimmed": slimmed, "bytecode": checked, "problems": problems,
            "seconds": time.monotonic() - started})
`);
process.stdout.write(report);
