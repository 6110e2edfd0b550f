"""Benchmark: what search costs a reader (issue 17).

On an article page of each language, in Chromium with a cold cache, through
the bench server (precompressed files, as nginx sends them):

- **bytes before the first query**: everything search-related the page
  fetched while loading (Material's worker, the index file it is handed,
  and whatever that pulls in). Goal ≤ 100 KB per page view.
- **bytes for one query**: everything fetched from typing the first query
  until the network is idle again (engine, index chunks, result
  fragments). Goal ≤ 300 KB.
- **time to results**: from the query's keyup to the first result in the
  list, measured inside the page (``performance.now()`` and a
  MutationObserver, no Playwright round trips). Goal ≤ 300 ms. The first
  query includes loading the engine; a second query is timed too.

>>> is_search_path("pagefind/index/en_1.pf_index"), is_search_path("assets/stylesheets/main.css")
(True, False)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.browser import Recorder, chromium
from bench.common import percentile
from bench.server import serve
from tests.searchbox import open_search

QUERIES = {
    "en": ("code not received", "refund"),
    "ru": ("код не пришёл", "возврат денег"),
    "zh": ("注册码 无效", "退款"),
}
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
GOALS = {"before_kb": 100, "query_kb": 300, "ms": 300}
_SEARCH = ("search/", "pagefind/", "assets/kg-search-worker.js", "assets/javascripts/workers/search.",
           "assets/javascripts/lunr/")

_TIMED_QUERY = """
async (query) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  const before = meta.textContent;
  return await new Promise((resolve) => {
    let started = 0;
    const done = () => {
      if (list.querySelector("li > a")) { observer.disconnect(); resolve(performance.now() - started); }
    };
    const observer = new MutationObserver(done);
    observer.observe(list, { childList: true, subtree: true });
    list.replaceChildren();
    input.value = query;
    started = performance.now();
    input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
  });
}
"""


def is_search_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in _SEARCH)


def _search_bytes(stats: Any) -> int:
    return sum(n for path, n in stats.by_path.items() if is_search_path(path.lstrip("/")))


def measure(site_dir: Path, page: str = "articles/downloads/", runs: int = 1) -> dict[str, Any]:
    """Search bytes and time to results on ``page`` in each language."""
    out: dict[str, Any] = {}
    with serve(site_dir) as (base, stats), chromium() as browser:
        for lang, (first, second) in QUERIES.items():
            rows = []
            for _ in range(runs):
                context = browser.new_context(locale="en-US", timezone_id="UTC")
                tab = context.new_page()
                recorder = Recorder(tab)
                stats.reset()
                tab.goto(base + LANG_DIRS[lang] + page, wait_until="load")
                tab.wait_for_load_state("networkidle", timeout=30_000)
                before = _search_bytes(stats)
                open_search(tab, timeout=60_000)
                stats.reset()
                first_ms = tab.evaluate(_TIMED_QUERY, first)
                tab.wait_for_load_state("networkidle", timeout=30_000)
                query_bytes = _search_bytes(stats)
                second_ms = tab.evaluate(_TIMED_QUERY, second)
                rows.append({"before": before, "query": query_bytes, "first_ms": round(first_ms, 1),
                             "second_ms": round(second_ms, 1), "errors": list(recorder.errors)})
                context.close()
            out[lang] = {
                "before_bytes": max(r["before"] for r in rows),
                "query_bytes": max(r["query"] for r in rows),
                "first_ms": percentile([r["first_ms"] for r in rows], 50),
                "second_ms": percentile([r["second_ms"] for r in rows], 50),
                "errors": sorted({e for r in rows for e in r["errors"]}),
            }
    return out


def lines(fig: dict[str, Any], label: str = "") -> list[str]:
    rows = [f"  search on an article page{label} (cold cache; goals ≤ {GOALS['before_kb']} KB before the first "
            f"query, ≤ {GOALS['query_kb']} KB for one query, ≤ {GOALS['ms']} ms to results):"]
    for lang, f in fig.items():
        rows.append(
            f"    {lang}: {f['before_bytes'] / 1000:.1f} KB before the first query, {f['query_bytes'] / 1000:.1f} KB "
            f"for it; results {f['first_ms']:.0f} ms after keyup (first query), {f['second_ms']:.0f} ms (second)"
            + (f"; console errors: {f['errors']}" if f["errors"] else "")
        )
    return rows


def run(site_dir: Path, runs: int = 1) -> dict[str, Any]:
    return measure(site_dir, runs=runs)
