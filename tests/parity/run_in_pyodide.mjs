// Run wizard.api messages inside real Pyodide (Node) and print the replies.
//
//   node tests/parity/run_in_pyodide.mjs WHEEL CONFIGURE_JSON CASES_JSON
//
// WHEEL is the keyguide-wizard wheel; CONFIGURE_JSON holds the payload of the
// "configure" message ({"vendor": <vendor.yml as JSON>, ...}); CASES_JSON is a
// list of {id, type, payload} messages. Prints ONE JSON array: the reply to
// every case, in order, exactly as wizard.api.handle_json returned it.
// Python's own output goes to stderr so stdout stays parseable.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(here, "../../node_modules/pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const [wheelPath, configurePath, casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error("usage: run_in_pyodide.mjs WHEEL CONFIGURE_JSON CASES_JSON");
  process.exit(64);
}

const toStderr = (line) => process.stderr.write(line + "\n");
const pyodide = await loadPyodide({ indexURL, stdout: toStderr, stderr: toStderr });
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
process.stdout.write(JSON.stringify(cases.map(send)));
