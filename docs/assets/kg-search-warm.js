/* Warm the search engine when the reader means to search, not on page load.
 *
 * The search worker (assets/kg-search-worker.js) needs Pagefind (its script,
 * wasm and the language's metadata, about 85 KB on the wire) before it can
 * answer. A page view without search must not pay for it, so nothing loads
 * at page load (else the first query loads it, while the reader waits); but
 * once the reader clicks or taps the search box or the header's search
 * button, or opens search from the keyboard (Material's "/", "s", "f" focus
 * the box), the worker is told to load it now, while the query is typed.
 *
 * Material creates its worker itself (new Worker(__config.search)) and keeps
 * it private; this script runs just before Material's bundle, so it sees
 * that one construction and keeps a reference (window.Worker is the browser's
 * own again right after). The message it sends holds no text: only
 * {type: "kg-warm"}; what is typed still reaches the worker only through
 * Material's own query messages.
 *
 * The worker answers a query twice when it finds more than fits on screen:
 * first results at once (marked kg_more), then all. In between, the result
 * list is aria-busy="true", so that assistive technology (and the tests)
 * can wait for the whole list.
 */
(() => {
  "use strict";
  const config = document.getElementById("__config");
  const Native = window.Worker;
  if (!config || typeof Native !== "function") return;
  let target;
  try {
    target = new URL(JSON.parse(config.textContent).search, document.baseURI).href;
  } catch {
    return;
  }
  const BOX = "[data-md-component=search-query]";
  const RESULT = 3; // Material's result message
  const OPENERS = `${BOX}, header [for="__search"]`;
  let worker = null;
  let wanted = false;

  function send() {
    if (worker && wanted) worker.postMessage({ type: "kg-warm" });
  }

  function Worker(url, options) {
    const made = new Native(url, options);
    if (!worker && new URL(String(url), document.baseURI).href === target) {
      worker = made;
      window.Worker = Native;
      // Added before Material's own listener: runs first for each answer.
      worker.addEventListener("message", busy);
      send();
    }
    return made;
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;

  // Busy from the first part of an answer (before Material renders it) until
  // the whole answer is rendered (after Material's listener: a task later).
  let answers = 0;
  function busy(event) {
    const message = event.data || {};
    if (message.type !== RESULT) return;
    const results = document.querySelector("[data-md-component=search-result]");
    if (!results) return;
    const mine = ++answers;
    if (message.data && message.data.kg_more) results.setAttribute("aria-busy", "true");
    else setTimeout(() => mine === answers && results.removeAttribute("aria-busy"));
  }

  function warm() {
    if (wanted) return;
    wanted = true;
    document.removeEventListener("pointerdown", onPointer, true);
    document.removeEventListener("focusin", onFocus, true);
    send();
  }
  // A press on the box or the search button comes before its focus (a tap
  // focuses on release): start then.
  function onPointer(event) {
    if (event.target instanceof Element && event.target.closest(OPENERS)) warm();
  }
  function onFocus(event) {
    if (event.target instanceof Element && event.target.matches(BOX)) warm();
  }
  document.addEventListener("pointerdown", onPointer, true);
  document.addEventListener("focusin", onFocus, true);
})();
