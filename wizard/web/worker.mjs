// Keyguide wizard worker: owns Pyodide and the `wizard` package.
//
// Protocol (see wizard/api.py): the page posts {id, type, payload}; the
// worker answers {id, ok, result} or {id, ok: false, error: {code, message}}.
// The first message must be {type: "init", payload: {pyodide, stdlib, wheel, data}}
// with absolute URLs (stdlib: the trimmed standard-library zip; optional); every later message goes to wizard.api.handle_json.
// Nothing the customer types is logged or sent anywhere from here.

let handleJson = null;

async function init({ pyodide: indexURL, stdlib, wheel, data }) {
  const started = performance.now();
  // Fetch our own files while Pyodide boots: the three downloads overlap.
  const wheelBytes = fetchOk(wheel).then((r) => r.arrayBuffer());
  const dataText = fetchOk(data).then((r) => r.text());
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const options = { indexURL, fullStdLib: false };
  if (stdlib) options.stdLibURL = stdlib;
  const py = await loadPyodide(options);
  py.unpackArchive(await wheelBytes, "wheel");
  const api = py.pyimport("wizard.api");
  handleJson = (text) => api.handle_json(text);
  const configured = JSON.parse(
    handleJson(JSON.stringify({ id: 0, type: "configure", payload: JSON.parse(await dataText) })),
  );
  if (!configured.ok) throw new Error(`configure failed: ${configured.error.message}`);
  return { ready: true, ms: Math.round(performance.now() - started) };
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
