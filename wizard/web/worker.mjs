// Keyguide wizard worker: owns Pyodide and the `wizard` package.
//
// Protocol (see wizard/api.py): the page posts {id, type, payload}; the
// worker answers {id, ok, result} or {id, ok: false, error: {code, message}}.
// The first message must be {type: "init", payload: {pyodide, stdlib, wheel, data}}
// with absolute URLs (stdlib: the trimmed standard-library zip, lock: a lockfile
// without packages; both optional); every later message goes to wizard.api.handle_json.
// Nothing the customer types is logged or sent anywhere from here.

import { readSnapshot, snapshotKey, storeSnapshot } from "./snapshot.mjs";

let handleJson = null;
// How this worker's Python started: "normal", "snapshot" (restored), or
// "fallback" (a snapshot was found but could not be used); the page shows it
// as data-from on the live status (tests read it).
let started_from = "normal";
// When each start-up step ended (epoch ms, comparable with the page's
// performance.timeOrigin + now()): the benchmark's critical path.
const phases = { worker_started: performance.timeOrigin + performance.now() };
const mark = (name) => {
  phases[name] = performance.timeOrigin + performance.now();
};

async function init({ pyodide: indexURL, stdlib, lock, wheel, data, snapshot }) {
  const started = performance.now();
  mark("init_received");
  // Fetch our own files while Pyodide boots: the downloads overlap.
  const wheelBytes = fetchOk(wheel).then((r) => r.arrayBuffer());
  const dataText = fetchOk(data).then((r) => r.text());
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  mark("pyodide_imported");
  const options = { indexURL, fullStdLib: false };
  if (stdlib) options.stdLibURL = stdlib;
  if (lock) options.lockFileURL = lock; // the wizard's own, without packages (sitebuild/assets.py)
  const key = snapshot ? await snapshotKey([indexURL, stdlib, lock, wheel], await dataText) : null;
  const saved = key ? await readSnapshot(indexURL, key) : null;
  if (saved) {
    try {
      const py = await loadPyodide({ ...options, _loadSnapshot: saved });
      py.unpackArchive(await wheelBytes, "wheel"); // the files; the modules are in the snapshot
      if (!py.runPython("import wizard.api\nwizard.api.STATE['vendor'] is not None")) {
        throw new Error("snapshot without configuration");
      }
      useApi(py);
      started_from = "snapshot";
      mark("restored");
      return { ready: true, ms: Math.round(performance.now() - started), from: started_from, phases };
    } catch (error) {
      started_from = "fallback";
    }
  }
  // A missing wheel fails the start at once, not after Python has loaded.
  const [py, wheelData] = await Promise.all([
    loadPyodide(key ? { ...options, _makeSnapshot: true } : options),
    wheelBytes,
  ]);
  mark("python_started");
  py.unpackArchive(wheelData, "wheel");
  useApi(py);
  mark("wizard_imported");
  const configured = JSON.parse(
    handleJson(JSON.stringify({ id: 0, type: "configure", payload: JSON.parse(await dataText) })),
  );
  if (!configured.ok) throw new Error(`configure failed: ${configured.error.message}`);
  mark("configured");
  if (key) {
    // Now, before any message from the page: nothing typed can be in it.
    py.runPython("import wizard.diagnose, wizard.timing, wizard.compose");
    const bytes = py.makeMemorySnapshot();
    mark("snapshot_taken");
    storeSnapshot(indexURL, key, bytes);
  }
  return { ready: true, ms: Math.round(performance.now() - started), from: started_from, phases };
}

function useApi(py) {
  const api = py.pyimport("wizard.api");
  handleJson = (text) => api.handle_json(text);
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} for ${new URL(url).pathname}`);
  return response;
}

// Whatever goes wrong while handling a message, the page gets an answer
// ({ok: false}) instead of a call left pending forever.
self.onmessage = async (event) => {
  const id = event.data && event.data.id;
  try {
    await handle(event.data || {});
  } catch (error) {
    self.postMessage({ id, ok: false, error: { code: "worker_failed", message: String((error && error.message) || error) } });
  }
};

async function handle({ id, type, payload }) {
  if (type === "init") {
    try {
      self.postMessage({ id, ok: true, result: await init(payload) });
    } catch (error) {
      self.postMessage({ id, ok: false, error: { code: "init_failed", message: String(error && error.message || error) } });
    }
    return;
  }
  if (!handleJson) {
    self.postMessage({ id, ok: false, error: { code: "not_ready", message: "Python is not loaded yet" } });
    return;
  }
  // handle_json never raises: errors come back as data.
  self.postMessage(JSON.parse(handleJson(JSON.stringify({ id, type, payload }))));
}
