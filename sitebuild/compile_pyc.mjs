// Compile every module of a stdlib zip to bytecode with Pyodide's own Python
// (called by sitebuild/bytecode.py; the build's CPython is older and writes
// another bytecode).
//
//   node sitebuild/compile_pyc.mjs SOURCE_ZIP OUT_ZIP
//
// OUT_ZIP gets, in SOURCE_ZIP's order, `name.pyc` for every `name.py` (no
// source: zipimport imports a `.pyc` alone) and every other entry as it is,
// all stored, each with its source entry's date. A .pyc is what zipimport
// itself would compile from the source at run time: `compile(source,
// "/lib/python3X.zip/<name>.py", "exec", dont_inherit=True)` (the path it
// gives, so tracebacks name the same file and line), marshalled behind an
// *unchecked-hash* header (flags 1, then the source's hash): nothing to check
// against, no timestamp, so the same source always gives the same bytes.
// Python runs with PYTHONNODEBUGRANGES: the code keeps every instruction's
// line but not its columns, which only serve to underline a traceback's
// source line, and the site ships no source for it (~250 kB less brotli).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(process.env.KEYGUIDE_PYODIDE_DIR || path.join(here, "../node_modules/pyodide")) + path.sep;
const [sourcePath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: compile_pyc.mjs SOURCE_ZIP OUT_ZIP");
  process.exit(64);
}
const bytes = await readFile(sourcePath);
if (bytes.subarray(0, 2).toString("latin1") !== "PK") {
  console.error(`${sourcePath}: not a zip file`); // before Pyodide's start, which costs seconds
  process.exit(65);
}
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const toStderr = (line) => process.stderr.write(line + "\n");
const py = await loadPyodide({
  indexURL, stdout: toStderr, stderr: toStderr, env: { PYTHONNODEBUGRANGES: "1" },
});
py.FS.writeFile("/tmp/source.zip", new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
try {
  py.runPython(`
import importlib.util, marshal, sys, zipfile

if sys.flags.optimize or any(col is not None for *_, col in compile("x", "", "eval").co_positions()):
    raise SystemExit(f"Python must run with optimize 0 and without column positions: {sys.flags}")
prefix = f"/lib/python3{sys.version_info.minor}.zip/"
with zipfile.ZipFile("/tmp/source.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for info in source.infolist():
        data = source.read(info.filename)
        name = info.filename
        if name.endswith(".py"):
            code = compile(data, prefix + name, "exec", dont_inherit=True)
            header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(data)
            data, name = header + marshal.dumps(code), name + "c"
        entry = zipfile.ZipInfo(name, date_time=info.date_time)
        entry.external_attr = info.external_attr
        out.writestr(entry, data, zipfile.ZIP_STORED)
`);
} catch (error) {
  // Python's traceback, not Node's dump of the minified line that rethrew it.
  console.error(String((error && error.message) || error));
  process.exit(1);
}
await writeFile(outPath, py.FS.readFile("/tmp/out.zip"));
