// Offline copies of the site (the service worker is sitebuild/sw.js, written
// to the site's root as sw.js). Registered only once the page has settled:
// after the load event, and on a wizard page once Python is ready (or has
// given up), so the first visit's downloads never wait for it. Then the
// worker is told what this page used before it was in control: the page, its
// files and, on a wizard page, the files Python needs. It copies them from
// the HTTP cache. When done, <html data-kg-offline="ready">. Later, the
// search worker (assets/kg-search-worker.js) names the index files each
// search loaded; they are passed on the same way (a search made before the
// service worker was in control is kept too).
(() => {
  if (!("serviceWorker" in navigator) || !window.caches) return;
  const script = document.currentScript;
  const root = new URL("../", script.src);
  const html = document.documentElement;

  function settled() {
    const status = document.querySelector(".kg-live-status");
    const done = () => !status || ["ready", "unavailable"].includes(status.dataset.state);
    return new Promise((resolve) => {
      if (done()) return resolve();
      const watch = new MutationObserver(() => {
        if (done()) {
          watch.disconnect();
          resolve();
        }
      });
      watch.observe(status, { attributes: true, attributeFilter: ["data-state"] });
    });
  }

  function used() {
    const urls = [location.href.split("#")[0]];
    for (const entry of performance.getEntriesByType("resource")) urls.push(entry.name);
    const node = document.getElementById("kg-config");
    if (node) {
      const config = JSON.parse(node.textContent);
      const abs = (path) => new URL(path, document.baseURI).href;
      for (const key of ["worker", "stdlib", "lock", "wheel", "data"]) {
        if (config[key]) urls.push(abs(config[key]));
      }
      if (config.pyodide) {
        for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"]) {
          urls.push(new URL(name, abs(config.pyodide)).href);
        }
      }
    }
    return urls.filter((url) => url.startsWith(root.href));
  }

  function ask(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage(message, [channel.port2]);
    });
  }

  const loaded = new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });

  // Files the search worker loaded: kept once the service worker is active.
  let active = null;
  const searched = [];
  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel("kg-offline").onmessage = (event) => {
      const urls = ((event.data && event.data.urls) || [])
        .filter((url) => typeof url === "string" && url.startsWith(root.href));
      if (active) ask(active, { type: "keep", urls });
      else searched.push(...urls);
    };
  }

  Promise.all([loaded, settled()])
    .then(() => navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.href }))
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      active = registration.active;
      return ask(active, { type: "keep", urls: [...used(), ...searched] });
    })
    .then((answer) => {
      html.dataset.kgOffline = "ready";
      html.dataset.kgOfflineVersion = answer.version;
    })
    .catch(() => {
      html.dataset.kgOffline = "unavailable";
    });
})();
