// Benchmark baseline in a module worker: load Pyodide, run one line, report.
self.onmessage = async (event) => {
  try {
    const indexURL = event.data.indexURL;
    const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
    const py = await loadPyodide(event.data);
    self.postMessage({ ok: true, two: py.runPython("1 + 1") });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  }
};
