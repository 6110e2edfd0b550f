/* Material's search worker, answered by Pagefind instead of lunr (sitebuild/fragments.py).
 *
 * Material's search box, dialog and result list talk to a worker with typed
 * messages: {type: 0 setup, data: index} -> {type: 1 ready};
 * {type: 2 query, data: text} -> {type: 3 result, data: {items}}, where each
 * item is a page followed by its sections, as lunr's worker returns them.
 * The "index" Material hands over is a stub holding only the page's language
 * (search/<lang>/search/search_index.json); Pagefind itself is imported when
 * the reader means to search ({type: "kg-warm"}, sent by assets/kg-search-warm.js
 * on a press or focus on the search box) or else on the first query, and
 * downloads only the index chunks of the words typed and the fragments of
 * the results shown. Nothing leaves the site, nothing is logged.
 * After each search it names the site's files it has loaded on the
 * "kg-offline" channel, so that the page's offline copy (assets/kg-offline.js)
 * keeps them even when the search ran before the service worker was in
 * control (only file URLs: what was typed is in none of them).
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const WARM = "kg-warm"; // not one of Material's: the reader is about to search
const SHOWN = 20; // results whose fragments are fetched (Material renders 10, then more on scroll)
const FIRST = 6; // answered as soon as their fragments are in: about what the search dialog shows
const SECTIONS = 3; // sections listed under a page

// This file is <site>/assets/kg-search-worker.js: the site root is one level up.
const root = new URL("../", self.location.href);
let language = "en";
let setUp = false;
let warmWanted = false;
let engine = null;

function pagefind() {
  if (!engine) {
    // Pagefind picks its language index from <html lang>; a worker has no
    // document, so it is given one that answers with the page's language
    // (no window: Pagefind then runs here instead of starting its own worker).
    const html = { getAttribute: (name) => (name === "lang" ? language : null) };
    self.document = { querySelector: (selector) => (selector === "html" ? html : null), currentScript: null };
    engine = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
      await pf.options({ basePath: new URL("pagefind/", root).pathname, baseUrl: root.pathname });
      await pf.init(language);
      return pf;
    });
    engine.catch(() => {
      engine = null; // offline and not kept, say: the next query tries again
    });
  }
  return engine;
}

// Load the engine now, and run one search for nothing (no request): Pagefind's
// first search also sets up its word segmenter (Chinese needs a dictionary).
function warm() {
  pagefind()
    .then((pf) => pf.search(""))
    .then(reportLoaded, (error) => console.warn("search engine not loaded", error));
}

const offline = typeof BroadcastChannel === "function" ? new BroadcastChannel("kg-offline") : null;
let reported = 0;

// Pagefind downloads its entry, index chunks and fragments with fetch: each
// answer is noted as it arrives. The browser may list a download among the
// resource timings only after its body has been read, too late for the
// report made when the results are shown.
const fetched = [];
const fetchFile = self.fetch.bind(self);
self.fetch = (...args) =>
  fetchFile(...args).then((response) => {
    if (response.ok) fetched.push(response.url);
    return response;
  });

function reportLoaded() {
  if (!offline) return;
  const loaded = performance.getEntriesByType("resource").map((e) => e.name);
  const urls = [...loaded.slice(reported), ...fetched.splice(0)].filter((url) => url.startsWith(root.href));
  if (reported === 0) urls.push(self.location.href);
  reported = loaded.length;
  if (urls.length) offline.postMessage({ type: "loaded", urls: [...new Set(urls)] });
}

function entry(url, title, text, score) {
  return { location: new URL(url, root).href, title, text, score, terms: {} };
}

function items(found, pages) {
  return pages.map((data, rank) => {
    const score = found.results[rank].score;
    const page = entry(data.url, data.meta.title || data.url, `<p>${data.excerpt}</p>`, score);
    const sections = (data.sub_results || [])
      // Sections only: not the page itself, nor its title heading.
      .filter((sub) => sub.url !== data.url && sub.url.includes("#") && sub.title !== data.meta.title)
      .slice(0, SECTIONS)
      // Below the page's score: Material lists them folded under the page, as lunr's minor sections.
      .map((sub) => entry(sub.url, sub.title, `<p>${sub.excerpt}</p>`, score / 2));
    return [page, ...sections];
  });
}

let latest = 0; // the newest query: answers to older ones are dropped

/* Answer query number `seq` with answer({items}): the first FIRST results as
 * soon as their fragments are in (all SHOWN fragments are asked for at once,
 * these first), marked kg_more; then all SHOWN. Material re-renders the list
 * on each answer, so what is on screen stays and the rest is added below;
 * assets/kg-search-warm.js marks the list aria-busy in between. */
async function search(query, seq, answer) {
  if (!query) return answer({ items: [] }); // Material asks with the empty box when it opens: load nothing
  const pf = await pagefind();
  const found = await pf.search(query);
  if (seq !== latest) return; // typed on: a newer query is being answered
  if (!found || !found.results || !found.results.length) return answer({ items: [] });
  const pending = found.results.slice(0, SHOWN).map((r) => r.data());
  for (const fragment of pending) fragment.catch(() => {}); // dropped or failed: handled below, not logged twice
  if (pending.length > FIRST) {
    const first = items(found, await Promise.all(pending.slice(0, FIRST)));
    if (seq !== latest) return;
    answer({ items: first, kg_more: true });
    let all = first; // offline, say, with only the first ones kept: they stay, and the list is done
    try {
      all = items(found, await Promise.all(pending));
    } catch (error) {
      console.warn("more search results not loaded", error);
    }
    if (seq === latest) answer({ items: all });
    return;
  }
  const all = await Promise.all(pending);
  if (seq === latest) answer({ items: items(found, all) });
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    const config = (message.data && message.data.config) || {};
    language = config.kg_lang || language;
    setUp = true;
    postMessage({ type: READY });
    if (warmWanted) warm();
  } else if (message.type === WARM) {
    // The language comes with Material's setup: warm up after it.
    if (setUp) warm();
    else warmWanted = true;
  } else if (message.type === QUERY) {
    const seq = ++latest;
    const answer = (data) => {
      postMessage({ type: RESULT, data });
      reportLoaded();
    };
    try {
      await search(String(message.data || "").trim(), seq, answer);
    } catch (error) {
      console.warn("search failed", error);
      if (seq === latest) answer({ items: [] });
    }
  }
});
