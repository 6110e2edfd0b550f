// Compare the stdlib zip the site ships with Pyodide's full one, in Pyodide's
// own Python (newer than the build's, which slims the modules).
//
//   node tests/parity/same_code.mjs SHIPPED_ZIP
//
// For every module of SHIPPED_ZIP: it compiles to the same code object
// (bytecode, constants, every instruction's line) as the full zip's module
// once every string-only statement (docstring) reads "" in both, and it has
// as many lines. Prints ONE JSON object:
//   {compared: N, slimmed: N (modules that differ from the full zip's text),
//    problems: ["name: what differs", ...]}
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(here, "../../node_modules/pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const [shippedPath] = process.argv.slice(2);
if (!shippedPath) {
  console.error("usage: same_code.mjs SHIPPED_ZIP");
  process.exit(64);
}
const toStderr = (line) => process.stderr.write(line + "\n");
const pyodide = await loadPyodide({ indexURL, stdout: toStderr, stderr: toStderr });
const bytes = await readFile(shippedPath);
pyodide.FS.writeFile("/tmp/shipped.zip", new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
pyodide.FS.writeFile("/tmp/full.zip", pyodide.FS.readFile(`/lib/python3${pyodide.runPython("import sys; sys.version_info.minor")}.zip`));
const report = pyodide.runPython(`
import ast, json, time, types, zipfile\nstarted = time.monotonic()

class Blank(ast.NodeTransformer):
    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            node.value = ast.copy_location(ast.Constant(""), node.value)
        return node

def shape(obj):
    # A code object as bytecode, names, constants and each instruction's line
    # (not its columns: a blanked docstring ends elsewhere on its first line).
    if not isinstance(obj, types.CodeType):
        return repr(obj)
    return (obj.co_code, obj.co_names, obj.co_varnames, obj.co_freevars, obj.co_cellvars,
            list(obj.co_lines()), [shape(c) for c in obj.co_consts])

def code(text, name):
    return shape(compile(Blank().visit(ast.parse(text, name)), name, "exec"))

problems, compared, slimmed = [], 0, 0
with zipfile.ZipFile("/tmp/shipped.zip") as shipped, zipfile.ZipFile("/tmp/full.zip") as full:
    for name in shipped.namelist():
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
        if len(ours.splitlines()) != len(theirs.splitlines()):
            problems.append(f"{name}: {len(ours.splitlines())} lines, not {len(theirs.splitlines())}")
json.dumps({"compared": compared, "slimmed": slimmed, "problems": problems, "seconds": time.monotonic() - started})
`);
process.stdout.write(report);
