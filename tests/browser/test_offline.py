"""The offline-capable site, the wizard's preloads and its memory snapshot (issue 16).

Also search with the network cut: what a reader searched online (Pagefind's
entry, index chunks and fragments) is found again offline, in en and zh.

Each test serves its own copy of the built site (``bench.server``: the
``.br`` copies and ``Cache-Control`` nginx sends, and a count of what was
sent), so the network can really be cut: the server is shut down *and* the
context goes offline. No timings are asserted, only which path was taken.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from bench.server import serve
from sitebuild import offline
from tests.browser.test_search_browser import FIRST_HITS, LANG_DIRS, search

pytestmark = pytest.mark.browser
READY = 120_000
WIZARD = "wizard/code-invalid/#format"
ARTICLE = "articles/code-invalid/"
UNVISITED = "articles/code-not-received/"
TYPED = "FP-QZ7XK-WV9TN-UNIQ3"  # a "customer's" code: must end up in no cache
CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((r) => [r.method, r.url]);
  }
  return out;
}"""
SNAPSHOT_STORED = """async () => {
  const cache = await caches.open("keyguide-snapshot");
  const keys = await cache.keys();
  const hit = keys.length === 1 && await cache.match(keys[0]);
  return Boolean(hit) && (await hit.arrayBuffer()).byteLength > 1e6;
}"""


@pytest.fixture
def site_copy(site_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


@pytest.fixture
def server(site_copy: Path) -> Iterator[tuple[str, object, contextlib.ExitStack]]:
    """(base URL, stats, stack): ``stack.close()`` shuts the server down."""
    stack = contextlib.ExitStack()
    base, stats = stack.enter_context(serve(site_copy))
    with stack:
        yield base, stats, stack


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", service_workers="allow")
    yield context
    context.close()


def until(
    page: Page, predicate: str, arg: object = None, timeout_ms: int = READY, explain: str = ""
) -> None:
    """Poll an async ``predicate`` in the page until it is true (``wait_for_function``
    does not wait for a promise's value); on time-out, the message has what the
    async ``explain`` returns, if given."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(predicate, arg):
        if time.monotonic() >= deadline:
            detail = page.evaluate(explain, arg) if explain else predicate
            raise AssertionError(f"still false after {timeout_ms} ms: {detail}")
        page.wait_for_timeout(200)


def open_wizard(page: Page, base: str) -> str:
    """Open the code-check step, wait for Python; returns how it started."""
    page.goto(base + WIZARD)
    status = page.locator(".kg-live-status")
    expect(status).to_have_attribute("data-state", "ready", timeout=READY)
    return status.get_attribute("data-from")


def live_answer(page: Page, text: str = TYPED) -> None:
    page.locator("#format-code").fill(text)
    expect(page.locator("#format-code-result .kg-problems li").first).to_be_visible(timeout=READY)


NOT_KEPT = """async (urls) => {
  const hits = await Promise.all(urls.map((url) => caches.match(url)));
  return urls.filter((_url, i) => !hits[i]);
}"""


def searched_files(page: Page) -> set[str]:
    """Filled with the URLs (no query string) of the index files the page's
    search loads from now on: Pagefind's entry, index chunks and fragments."""
    urls: set[str] = set()
    page.on("requestfinished", lambda r: "/pagefind/" in r.url and urls.add(r.url.split("?")[0]))
    return urls


def all_kept(page: Page, index_files: set[str], base: str, results: list[str]) -> None:
    """Wait until every one of ``index_files`` is in a cache (what a search
    loads is kept in the background: nothing on the page waits for it)."""
    assert base + "pagefind/pagefind-entry.json" in index_files
    assert sum("/pagefind/fragment/" in url for url in index_files) == len(results)
    until(
        page,
        f"async (urls) => (await ({NOT_KEPT})(urls)).length === 0",
        sorted(index_files),
        explain=NOT_KEPT,
    )


def offline_ready(page: Page) -> str:
    expect(page.locator("html")).to_have_attribute("data-kg-offline", "ready", timeout=READY)
    return page.locator("html").get_attribute("data-kg-offline-version")


def reopen(page: Page, url: str) -> None:
    page.goto("about:blank")
    page.goto(url)


def test_wizard_pages_preload_the_worker_files_and_nothing_is_downloaded_twice(
    context, server, site_copy: Path
) -> None:
    base, stats, _ = server
    article = (site_copy / ARTICLE / "index.html").read_text("utf-8")
    assert 'rel="preload"' not in article and "pyodide" not in article
    page = context.new_page()
    assert open_wizard(page, base) == "normal"
    live_answer(page)
    preloaded = page.eval_on_selector_all(
        "link[rel=preload], link[rel=modulepreload]",
        "els => els.map((e) => new URL(e.href).pathname)",
    )
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.", ".whl", "pyodide-lock."):
        assert any(name in path for path in preloaded), name
    offline_ready(page)
    # The worker read the preloaded files; the service worker kept them
    # from the HTTP cache: each was sent by the server once.
    assert stats.twice() == []
    assert all(stats.full.get(path) == 1 for path in preloaded), stats.full


# What can hold a page's first paint: stylesheets that apply, classic scripts
# in the head or in the body before the content, anything marked
# blocking="render". (Chromium's renderBlockingStatus depends on whether a
# script was found before or after the first paint: a timing, not the page.)
RENDER_BLOCKING = """() => {
  const content = document.querySelector(".md-content");
  const before = (el) => el.closest("head") !== null
    || (content !== null && Boolean(el.compareDocumentPosition(content) & Node.DOCUMENT_POSITION_FOLLOWING));
  const blocks = (el) => el.matches("[blocking~=render]") || (before(el) && (el.tagName === "LINK"
    ? !el.disabled && (!el.media || matchMedia(el.media).matches)
    : !el.async && !el.defer && el.type !== "module"));
  return [...document.querySelectorAll("link[rel~=stylesheet], script[src], [blocking~=render]")]
    .filter(blocks).map((el) => new URL(el.href || el.src, document.baseURI).pathname).sort();
}"""


def test_the_code_check_step_waits_for_nothing_more_than_an_article_before_its_first_paint(
    context, server
) -> None:
    # Issue 16: the step paints as fast as an article. Its preloads, modules
    # and worker must not hold the first paint: it blocks on nothing an
    # article does not block on.
    base, _stats, _ = server
    page = context.new_page()
    blocking = {}
    for name, path in (("article", ARTICLE), ("code-check step", WIZARD)):
        page.goto(base + path, wait_until="domcontentloaded")
        blocking[name] = page.evaluate(RENDER_BLOCKING)
    assert sum(path.endswith(".css") for path in blocking["article"]) >= 2  # the theme's stylesheets
    assert set(blocking["code-check step"]) <= set(blocking["article"]), blocking


def test_visited_pages_and_the_live_check_work_with_the_network_cut(
    context, server, site_copy: Path
) -> None:
    base, _stats, stack = server
    page = context.new_page()
    page.goto(base + ARTICLE)
    offline_ready(page)
    assert open_wizard(page, base) == "normal"
    live_answer(page)  # what a customer types...
    offline_ready(page)
    until(page, SNAPSHOT_STORED)
    caches = page.evaluate(CACHES)
    own = [name for name in caches if name.startswith("keyguide-v-")]
    assert len(own) == 1 and len(caches[own[0]]) >= 20
    for method, url in caches[own[0]]:
        # ...is in no cache: only GETs of this site's own files are kept.
        assert method == "GET" and url.startswith(base) and "?" not in url, url
        path = url[len(base) :]
        target = (
            site_copy / path / "index.html" if path.endswith("/") or not path else site_copy / path
        )
        assert target.is_file(), url
        assert TYPED not in url
    # The snapshot was taken before the first message from the page.
    snapshot_has_code = page.evaluate(
        """async (typed) => {
          const cache = await caches.open("keyguide-snapshot");
          const [request] = await cache.keys();
          const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
          const needle = new TextEncoder().encode(typed);
          outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
            for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
            return true;
          }
          return false;
        }""",
        TYPED,
    )
    assert snapshot_has_code is False

    stack.close()  # the server is gone...
    context.set_offline(True)  # ...and the browser is offline
    reopen(page, base + ARTICLE)
    expect(page.locator("h1").first).to_be_visible()
    assert open_wizard(page, base) == "snapshot"
    live_answer(page, "FP-12345")
    with pytest.raises(PlaywrightError):  # a page never visited is not there
        page.goto(base + UNVISITED)


def test_a_corrupted_snapshot_falls_back_to_a_normal_start(context, server) -> None:
    base, _stats, _ = server
    page = context.new_page()
    assert open_wizard(page, base) == "normal"
    until(page, SNAPSHOT_STORED)
    page.evaluate(
        """async () => {
          const cache = await caches.open("keyguide-snapshot");
          const keys = await cache.keys();
          const hit = await cache.match(keys[0]);
          if (!hit) throw new Error(`no hit: ${keys.length} ${keys.map((k) => k.url)} ${(await caches.keys())}`);
          const good = new Uint8Array(await hit.arrayBuffer());
          const request = keys[0];
          const bad = good.slice(0, 4096);
          bad.fill(7, 64);  // right magic number, garbage after it
          await cache.put(request, new Response(bad));
        }"""
    )
    reopen(page, base + WIZARD)
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    assert page.locator(".kg-live-status").get_attribute("data-from") == "fallback"
    live_answer(page)


def test_with_the_switch_off_no_snapshot_is_taken(context, server, site_copy: Path) -> None:
    base, _stats, _ = server
    page_file = site_copy / "wizard" / "code-invalid" / "index.html"
    html = page_file.read_text("utf-8")
    assert '"snapshot": true' in html  # mkdocs.yml: extra.kg_snapshot
    page_file.write_text(html.replace('"snapshot": true', '"snapshot": false'), "utf-8")
    for suffix in (".br", ".gz"):
        page_file.with_name(page_file.name + suffix).unlink(missing_ok=True)
    page = context.new_page()
    assert open_wizard(page, base) == "normal"
    offline_ready(page)
    reopen(page, base + WIZARD)
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    assert page.locator(".kg-live-status").get_attribute("data-from") == "normal"
    assert "keyguide-snapshot" not in page.evaluate(CACHES)
    live_answer(page)


def test_a_new_build_replaces_the_old_version_and_its_cache(
    context, server, site_copy: Path
) -> None:
    base, _stats, _ = server
    page = context.new_page()
    page.goto(base + ARTICLE)
    old = offline_ready(page)
    assert f"keyguide-v-{old}" in page.evaluate(CACHES)
    # A new deploy: one page changed, sw.js rewritten as the build does.
    page_file = site_copy / ARTICLE / "index.html"
    html = page_file.read_text("utf-8")
    page_file.write_text(re.sub(r"(<h1[^>]*>)", r"\1Updated: ", html, count=1), "utf-8")
    for suffix in (".br", ".gz"):
        page_file.with_name(page_file.name + suffix).unlink(missing_ok=True)
    (site_copy / "sw.js.br").unlink(missing_ok=True)
    (site_copy / "sw.js.gz").unlink(missing_ok=True)
    new = offline.write(site_copy)
    assert new != old
    reopen(page, base + ARTICLE)
    # Online, a reader gets the new page at once (pages come from the network first)...
    expect(page.locator("h1").first).to_contain_text("Updated: ")
    # ...and the new worker takes over and drops the old version's cache.
    until(
        page,
        "async (v) => { const k = await caches.keys(); return k.includes(`keyguide-v-${v}`)"
        " && !k.some((n) => n.startsWith('keyguide-v-') && n !== `keyguide-v-${v}`); }",
        new,
    )
    reopen(page, base + ARTICLE)
    assert offline_ready(page) == new


@pytest.mark.parametrize(
    ("lang", "query", "article"), [hit for hit in FIRST_HITS if hit[0] in ("en", "zh")]
)
def test_search_works_offline_for_what_was_searched_online(
    context, server, site_copy: Path, lang: str, query: str, article: str
) -> None:
    base, _stats, stack = server
    page = context.new_page()
    page.goto(f"{base}{LANG_DIRS[lang]}articles/downloads/")
    offline_ready(page)
    index_files = searched_files(page)
    online = search(page, base, lang, query)
    assert online[0] == LANG_DIRS[lang] + article, online[:5]
    # The service worker stores a file after handing it to the page.
    all_kept(page, index_files, base, online)
    caches = page.evaluate(CACHES)
    (own,) = [name for name in caches if name.startswith("keyguide-v-")]
    kept = [url for _method, url in caches[own]]
    # Pagefind asks for its entry with ?ts=<now>: it is kept under its plain URL...
    assert base + "pagefind/pagefind-entry.json" in kept
    assert any("/pagefind/fragment/" in url for url in kept)
    # ...and what the reader typed is in no URL kept.
    for url in kept:
        assert "?" not in url and not set(query.split()) & set(re.split(r"[/._-]", url)), url
    stored = page.evaluate(
        "async (url) => (await (await caches.match(url)).text())",
        base + "pagefind/pagefind-entry.json",
    )
    assert stored == (site_copy / "pagefind" / "pagefind-entry.json").read_text("utf-8")

    stack.close()  # the server is gone...
    context.set_offline(True)  # ...and the browser is offline
    page.goto("about:blank")
    assert search(page, base, lang, query) == online


def test_the_wizard_worker_starts_without_waiting_for_the_themes_bundle(context, server) -> None:
    # Material's bundle is held back until the worker script is asked for: a
    # worker started by a deferred module (after the bundle) never would be.
    base, _stats, _ = server
    page = context.new_page()
    held = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    with page.expect_request("**/assets/wizard/worker.mjs", timeout=READY):
        page.goto(base + WIZARD, wait_until="commit")
    assert len(held) == 1  # the bundle was asked for, and is still held
    held[0].continue_()
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    live_answer(page)


def test_a_search_made_before_the_service_worker_took_over_is_kept_too(
    context, server, site_copy: Path
) -> None:
    # The service worker cannot finish installing while one file of its shell
    # is held back: the search runs uncontrolled, and only the search worker's
    # report of what it loaded (kg-search-worker.js → kg-offline.js) keeps it.
    base, _stats, stack = server
    lang, query, article = FIRST_HITS[0]
    held = []
    context.route("**/assets/icons/icon-192.png", lambda route: held.append(route))
    page = context.new_page()
    index_files = searched_files(page)
    online = search(page, base, lang, query)
    assert online[0] == LANG_DIRS[lang] + article, online[:5]
    assert page.evaluate("navigator.serviceWorker.controller") is None
    deadline = time.monotonic() + READY / 1000
    while not held:  # the install has asked for the held file
        assert time.monotonic() < deadline, "the service worker never asked for its shell"
        page.wait_for_timeout(200)
    held[0].continue_()
    context.unroute("**/assets/icons/icon-192.png")
    offline_ready(page)
    # Files reported after the service worker took over are kept by a later
    # message, which nothing on the page waits for: wait for each of them.
    all_kept(page, index_files, base, online)

    stack.close()
    context.set_offline(True)
    page.goto("about:blank")
    assert search(page, base, lang, query) == online
