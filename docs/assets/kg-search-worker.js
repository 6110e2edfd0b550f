/* Material's search worker, answered by Pagefind instead of lunr (sitebuild/fragments.py).
 *
 * Material's search box, dialog and result list talk to a worker with typed
 * messages: {type: 0 setup, data: index} -> {type: 1 ready};
 * {type: 2 query, data: text} -> {type: 3 result, data: {items}}, where each
 * item is a page followed by its sections, as lunr's worker returns them.
 * The "index" Material hands over is a stub holding only the page's language
 * (search/<lang>/search/search_index.json); Pagefind itself is imported on the
 * first query and downloads only the index chunks of the words typed and the
 * fragments of the results shown. Nothing leaves the site, nothing is logged.
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
const SHOWN = 20; // results whose fragments are fetched (Material renders 10, then more on scroll)
const SECTIONS = 3; // sections listed under a page

// This file is <site>/assets/kg-search-worker.js: the site root is one level up.
const root = new URL("../", self.location.href);
let language = "en";
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
  }
  return engine;
}

const offline = typeof BroadcastChannel === "function" ? new BroadcastChannel("kg-offline") : null;
let reported = 0;

function reportLoaded() {
  if (!offline) return;
  const loaded = performance.getEntriesByType("resource").map((e) => e.name);
  const urls = loaded.slice(reported).filter((url) => url.startsWith(root.href));
  if (reported === 0) urls.push(self.location.href);
  reported = loaded.length;
  if (urls.length) offline.postMessage({ type: "loaded", urls });
}

function entry(url, title, text, score) {
  return { location: new URL(url, root).href, title, text, score, terms: {} };
}

async function search(query) {
  if (!query) return { items: [] }; // Material asks with the empty box when it opens: load nothing
  const pf = await pagefind();
  const found = await pf.search(query);
  if (!found || !found.results) return { items: [] };
  const pages = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  const items = pages.map((data, rank) => {
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
  return { items };
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    const config = (message.data && message.data.config) || {};
    language = config.kg_lang || language;
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    let data = { items: [] };
    try {
      data = await search(String(message.data || "").trim());
    } catch (error) {
      console.warn("search failed", error);
    }
    postMessage({ type: RESULT, data });
    reportLoaded();
  }
});
