// Run wizard.api messages inside real Pyodide (Node) and print the replies.
//
//   node tests/parity/run_in_pyodide.mjs WHEEL CONFIGURE_JSON CASES_JSON [STDLIB_ZIP [PROBE]]
//
// WHEEL is the keyguide-wizard wheel; CONFIGURE_JSON holds the payload of the
// "configure" message ({"vendor": <vendor.yml as JSON>, ...}); CASES_JSON is a
// list of {id, type, payload} messages; STDLIB_ZIP (optional) is the standard
// library to load instead of Pyodide's full python_stdlib.zip (the parity test
// passes the trimmed zip the site ships). After the cases it imports every
// wizard module, then PROBE (a module expected to be missing: its name must
// show up in not_found). Prints ONE JSON object:
//   {replies: [reply to every case, in order, as wizard.api.handle_json returned it],
//    stdlib_files: [files Python loaded from the stdlib zip],
//    not_found: [module names no finder could find],
//    import_errors: ["wizard.x: ExceptionName", ...]}
// Python's own output goes to stderr so stdout stays parseable.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(here, "../../node_modules/pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const [wheelPath, configurePath, casesPath, stdlibPath, probe] = process.argv.slice(2);
if (!casesPath) {
  console.error("usage: run_in_pyodide.mjs WHEEL CONFIGURE_JSON CASES_JSON [STDLIB_ZIP]");
  process.exit(64);
}

const toStderr = (line) => process.stderr.write(line + "\n");
const options = { indexURL, stdout: toStderr, stderr: toStderr };
if (stdlibPath) options.stdLibURL = path.resolve(stdlibPath);
const pyodide = await loadPyodide(options);
// Record every module name no finder could find (last on sys.meta_path).
const sys = pyodide.pyimport("sys");
const notFound = [];
sys.meta_path.append(pyodide.runPython(`
class _NotFound:
    def __init__(self, record):
        self.record = record
    def find_spec(self, name, path=None, target=None):
        self.record(name)
        return None
_NotFound`)((name) => { notFound.push(String(name)); }));
const wheel = await readFile(wheelPath);
// A Node Buffer is not a plain Uint8Array to Pyodide: pass a view of its bytes.
pyodide.unpackArchive(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength), "wheel");
const api = pyodide.pyimport("wizard.api");

const send = (message) => JSON.parse(api.handle_json(JSON.stringify(message)));
const configure = JSON.parse(await readFile(configurePath, "utf8"));
const reply = send({ id: "configure", type: "configure", payload: configure });
if (!reply.ok) {
  console.error("configure failed: " + JSON.stringify(reply.error));
  process.exit(2);
}
const cases = JSON.parse(await readFile(casesPath, "utf8"));
const replies = cases.map(send);
const report = JSON.parse(pyodide.runPython(`
import importlib, json, pkgutil, sys, wizard
failed = []
for info in pkgutil.walk_packages(wizard.__path__, "wizard."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except BaseException as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
files = {getattr(m, "__file__", None) or "" for m in list(sys.modules.values())}
if ${JSON.stringify(probe || "")}:
    try:
        importlib.import_module(${JSON.stringify(probe || "")})
    except ModuleNotFoundError:
        pass
json.dumps({"import_errors": sorted(failed), "stdlib_files": sorted(files - {""})})
`));
process.stdout.write(JSON.stringify({ replies, not_found: [...new Set(notFound)].sort(), ...report }));
