// Keyguide service worker (template: sitebuild/sw.js; the build writes sw.js
// with VERSION and SHELL filled in, see sitebuild/offline.py).
//
// - Only GET requests for this site's own files, without a query string, are
//   ever answered or stored; everything else passes by untouched. The wizard
//   sends nothing the customer types in any request, so nothing typed can be
//   stored here. One exception: Pagefind asks for its entry file with a
//   cache-busting `?ts=<number>`; that file is stored without the query (see
//   STRIPPED), so search works offline for the index chunks and fragments a
//   reader's searches already loaded. Search words never go into a URL.
// - URLs named by their content (Pyodide's versioned folder, the wheel's
//   hash folder, Material's hashed bundles) come from the cache first.
// - Everything else (pages, data.json, the wizard's modules) comes from the
//   network first, as nginx's `no-cache` asks, and from the cache only when
//   the network fails: visited pages and the wizard work offline, and an
//   online reader always gets the newest deploy.
// - A new build has a new VERSION: the new worker takes over at once and
//   deletes the old version's cache.

const VERSION = "__KG_VERSION__";
const SHELL = __KG_SHELL__;
const CACHE = `keyguide-v-${VERSION}`;
const OWN = /^keyguide-v-/;
const IMMUTABLE = /^(assets\/(pyodide\/[0-9][^/]*|wheels\/[0-9a-f]{16})\/|assets\/(javascripts|stylesheets)\/.*\.[0-9a-f]{8}\.min\.(js|css)$)/;
// Files asked for with a query that only busts caches: stored and looked up
// without it (the version's cache already holds one build's copy, and the
// network comes first, so a new build's entry replaces the old at once).
const STRIPPED = { "pagefind/pagefind-entry.json": /^\?ts=[0-9]{1,20}$/ };
const scope = () => self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map((path) => new Request(new URL(path, scope()), { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (OWN.test(name) && name !== CACHE) await caches.delete(name);
    }
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

// The site-relative path of a URL this worker may store, or null.
function sitePath(url) {
  const base = scope();
  if (!url.startsWith(base)) return null;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return null;
  const path = parsed.pathname.slice(new URL(base).pathname.length);
  if (parsed.search && !(STRIPPED[path] && STRIPPED[path].test(parsed.search))) return null;
  return path;
}

const keyOf = (url) => {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
};

async function keep(cache, key, response) {
  if (response && response.ok && response.type === "basic" && response.status === 200) {
    await cache.put(key, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const path = sitePath(request.url);
  if (path === null || path === "sw.js") return;
  event.respondWith(answer(event, request, path));
});

async function answer(event, request, path) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  if (IMMUTABLE.test(path)) {
    const hit = await cache.match(key);
    if (hit) return hit;
    return keep(cache, key, await fetch(request));
  }
  try {
    const preloaded = request.mode === "navigate" ? await event.preloadResponse : undefined;
    const response = preloaded || await fetch(request);
    event.waitUntil(keep(cache, key, response.clone()));
    return response;
  } catch (error) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw error;
  }
}

// A page lists what it used before this worker controlled it (the first
// visit): store those files from the HTTP cache, without a new download.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  if (data.type === "version") {
    reply({ version: VERSION });
    return;
  }
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let kept = 0;
    for (const url of new Set(data.urls)) {
      if (typeof url !== "string" || sitePath(url) === null) continue;
      const key = keyOf(url);
      if (IMMUTABLE.test(sitePath(url)) && await cache.match(key)) {
        kept++;
        continue;
      }
      try {
        await keep(cache, key, await fetch(url, { cache: "force-cache" }));
        kept++;
      } catch (error) {
        // Offline or gone: the file is simply not kept.
      }
    }
    reply({ version: VERSION, kept });
  })());
});
