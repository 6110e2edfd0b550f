// Pyodide in Node for the benchmarks: load the core, install the wizard
// wheel, configure it with the site's data.json, then
//   - time `check_code` calls straight through wizard.api.handle_json, and
//   - list the standard-library files Python imported (for a trimmed stdlib).
//
// node bench/pyodide_node.mjs JOB.json   (JOB: {indexURL, stdLibURL?, wheel,
//   data, lang, inputs: [text...], messages: [{type, payload}...]})
//   import_all?: true}   (import_all: also import every wizard.* module)
// Prints one JSON object: {load_ms, times_ms, invalid, errors, modules,
// import_errors, digest}; digest is a SHA-256 over every reply.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const started = performance.now();
const { loadPyodide } = await import(pathToFileURL(job.indexURL + "pyodide.mjs").href);
const options = { indexURL: job.indexURL };
if (job.stdLibURL) options.stdLibURL = job.stdLibURL;
const py = await loadPyodide(options);
py.unpackArchive(new Uint8Array(readFileSync(job.wheel)), "wheel");
const api = py.pyimport("wizard.api");
const call = (id, type, payload) => JSON.parse(api.handle_json(JSON.stringify({ id, type, payload })));
const configured = call(0, "configure", JSON.parse(readFileSync(job.data, "utf8")));
if (!configured.ok) throw new Error(`configure failed: ${configured.error.message}`);
const load_ms = performance.now() - started;

const errors = [];
const replies = [];
for (const [i, message] of (job.messages || []).entries()) {
  const reply = call(i + 1, message.type, message.payload);
  replies.push(reply);
  if (!reply.ok) errors.push(`${message.type}: ${reply.error.code} ${reply.error.message}`);
}
for (const text of (job.inputs || []).slice(0, 20)) call(-1, "check_code", { text, lang: job.lang });
const times_ms = [];
let invalid = 0;
for (const [i, text] of (job.inputs || []).entries()) {
  const t = performance.now();
  const reply = call(i + 1, "check_code", { text, lang: job.lang });
  times_ms.push(performance.now() - t);
  replies.push(reply);
  if (!reply.ok) errors.push(`check_code: ${reply.error.code} ${reply.error.message}`);
  else if (!reply.result.valid) invalid++;
}
let import_errors = [];
if (job.import_all) {
  import_errors = JSON.parse(py.runPython(`
import importlib, json, pkgutil, wizard
failed = []
for info in pkgutil.walk_packages(wizard.__path__, "wizard."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except BaseException as exc:
        failed.append(f"{info.name}: {type(exc).__name__}")
json.dumps(sorted(failed))
`));
}
const digest = createHash("sha256").update(JSON.stringify(replies)).digest("hex").slice(0, 16);
const modules = py.runPython(`
import sys, json
json.dumps(sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""}))
`);
console.log(JSON.stringify({
  load_ms, times_ms, invalid, errors, import_errors, digest, modules: JSON.parse(modules),
}));
