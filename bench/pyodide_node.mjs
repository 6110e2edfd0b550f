// Pyodide in Node for the benchmarks: load the core, install the wizard
// wheel, configure it with the site's data.json, then
// time `check_code` calls straight through wizard.api.handle_json.
//
// node bench/pyodide_node.mjs JOB.json   (JOB: {indexURL, stdLibURL?, wheel,
//   data, lang, inputs: [text...], messages: [{type, payload}...]})
// Prints one JSON object: {load_ms, times_ms, invalid, errors}.

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
for (const [i, message] of (job.messages || []).entries()) {
  const reply = call(i + 1, message.type, message.payload);
  if (!reply.ok) errors.push(`${message.type}: ${reply.error.code} ${reply.error.message}`);
}
for (const text of (job.inputs || []).slice(0, 20)) call(-1, "check_code", { text, lang: job.lang });
const times_ms = [];
let invalid = 0;
for (const [i, text] of (job.inputs || []).entries()) {
  const t = performance.now();
  const reply = call(i + 1, "check_code", { text, lang: job.lang });
  times_ms.push(performance.now() - t);
  if (!reply.ok) errors.push(`check_code: ${reply.error.code} ${reply.error.message}`);
  else if (!reply.result.valid) invalid++;
}
console.log(JSON.stringify({
  load_ms, times_ms, invalid, errors,
}));
