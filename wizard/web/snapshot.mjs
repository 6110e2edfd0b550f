// Memory snapshot of the wizard's Python, for the next visit (issue 16).
//
// Pyodide can restore its whole memory from a snapshot instead of starting
// Python and importing the wizard again (private options `_makeSnapshot`,
// `_loadSnapshot` and `makeMemorySnapshot()`: not a stable API, hence the
// switch `extra.kg_snapshot` in mkdocs.yml, passed as `snapshot` in the page
// config). The snapshot is taken right after `configure`, before the worker
// has answered a single message, so it never holds anything a customer
// typed. It is kept in the Cache API under a key made of the exact Pyodide
// folder, stdlib, lockfile and wheel URLs (all named by version or hash) and
// the hash of data.json; any other key, or any error while restoring, means
// a normal start.

const CACHE = "keyguide-snapshot";
const FORMAT = "1";

export async function snapshotKey(parts, dataText) {
  const text = JSON.stringify([FORMAT, ...parts, dataText]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

const entryURL = (base, key) => new URL(`kg-snapshot/${key}`, base).href;

export async function readSnapshot(base, key) {
  try {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(entryURL(base, key));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null; // no Cache API (private mode...): a normal start
  }
}

export async function storeSnapshot(base, key, bytes) {
  try {
    const cache = await caches.open(CACHE);
    for (const request of await cache.keys()) await cache.delete(request); // one at a time
    await cache.put(entryURL(base, key), new Response(bytes, {
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(bytes.byteLength) },
    }));
    return true;
  } catch {
    return false;
  }
}
