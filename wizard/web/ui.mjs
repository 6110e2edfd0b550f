// Page glue for the wizard. The steps are static HTML and work without this
// file; here we take over the worker start.mjs started at page load (never on the first click),
// show its state, and wire navigation, live checks and the composer.
// Every decision comes from Python; this code only moves messages and DOM.
// User text is only ever set with textContent.

import { WizardClient } from "./client.mjs";
import { early } from "./start.mjs";
import { initChecks } from "./checks.mjs";
import { initComposer } from "./composer.mjs";
import { initSteps } from "./steps.mjs";

const configNode = document.getElementById("kg-config");
const root = document.querySelector(".kg-wizard");

if (configNode && root) start(JSON.parse(configNode.textContent));

function start(config) {
  const strings = config.strings;
  const status = root.querySelector(".kg-live-status");
  const setStatus = (state) => {
    status.hidden = false;
    status.dataset.state = state;
    status.dataset.ms = String(Math.round(performance.now()));
    root.dataset.live = state;
    status.textContent = strings[`live_${state}`];
  };
  setStatus("loading");

  let client = null;
  let ready;
  let loaded;
  // A worker that stops answering is replaced (client.mjs): say so, then
  // say when the new one is ready (or that live checks are off after all).
  const onRestart = (booted) => {
    setStatus("restarting");
    booted.then(() => setStatus("ready"), () => {
      setStatus("unavailable");
      liveParts(false);
    });
  };
  try {
    // Usually started already by start.mjs, before the theme's scripts ran.
    if (early && early.error) throw early.error;
    client = early || new WizardClient(config);
    client.onRestart = onRestart;
    ready = client.ready;
    loaded = client.loaded;
  } catch (error) {
    ready = loaded = Promise.reject(error);
  }
  ready.catch(() => {}); // handled below; keeps the console clean
  loaded.catch(() => {});
  let live = ready;
  const ctx = {
    config,
    root,
    strings,
    lang: config.lang,
    get ready() {
      return live;
    },
    // Every live call waits for Python; callers show "unavailable" on failure.
    call: (type, payload) => live.then(() => client.call(type, payload)),
  };

  // The live parts of the page appear at once: typing never waits for Python.
  const liveParts = (on) => {
    for (const node of root.querySelectorAll(".kg-live")) {
      if (!node.classList.contains("kg-hours-live")) node.hidden = !on;
    }
    for (const list of root.querySelectorAll(".kg-include-fields")) list.hidden = on;
  };
  liveParts(true);

  const nav = initSteps(ctx);
  initChecks(ctx, nav);
  initComposer(ctx, nav);

  // How Python started (normal | snapshot | fallback), set before "ready".
  loaded.then((result) => {
    if (result && result.from) status.dataset.from = result.from;
    if (result && result.phases) status.dataset.phases = JSON.stringify(result.phases); // bench/phone.py
  }, () => {});
  ready.then(
    () => setStatus("ready"),
    (error) => {
      status.dataset.error = (error && error.code) || "error";
      // Within the time limit the page says so and falls back to the static
      // checklists, contacts and field lists; never an endless spinner.
      setStatus("unavailable");
      liveParts(false);
      // A slow network may still bring Python in later: switch back on then.
      loaded.then(() => {
        live = loaded;
        setStatus("ready");
        liveParts(true);
        nav.refresh();
      }, () => {});
    },
  );
}
