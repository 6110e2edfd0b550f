"""Benchmark: what search costs a reader (issue 17).

On an article page of each language, in Chromium with a cold cache, through
the bench server (precompressed files, as nginx sends them):

- **bytes before the first query**: everything search-related the page
  fetched while loading (Material's worker, the index file it is handed,
  and whatever that pulls in). Goal ≤ 100 KB per page view.
- **bytes for one query**: everything fetched from the reader's first sign
  of wanting to search (a click into the search box, which starts loading
  the engine) until the first query's results are in and the network is
  idle (engine, index chunks, result fragments). Goal ≤ 300 KB.
- **time to results**: from the keyup that completes the query (the whole
  query is put in the box at once, as a paste or the last key of a typed
  query) to the first result in the list *and the frame that shows it*:
  measured inside the page (``performance.now()``, a MutationObserver,
  then ``requestAnimationFrame`` and the task after it, no Playwright
  round trips). Goal ≤ 300 ms. Three figures per language, each on a
  cold cache:

  - ``first_ms``: the first query after a click into the box, typed once
    the engine that click started loading is in (a reader types for longer
    than that takes);
  - ``cold_ms``: the first query with no warm-up: the box is focused and
    the query arrives in the same instant (a paste with a keyboard
    shortcut), so the engine loads while the reader waits;
  - ``second_ms``: a later query, engine loaded.

  ``runs`` page views per figure; the median is reported.

The bench server speaks HTTP/1.1 from Python (Chromium opens six
connections, so twenty fragments take four turns) and shares the CPU with
the browser; ``server="nginx"`` measures the times again behind
``deploy/nginx.conf`` over TLS and HTTP/2, as deployed (no byte counts
there). ``python -m bench.search --ab BEFORE AFTER`` alternates two built
sites run by run, so that both see the same machine load.

>>> is_search_path("pagefind/index/en_1.pf_index"), is_search_path("assets/stylesheets/main.css")
(True, False)
>>> is_search_path("assets/kg-search-warm.js")
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.browser import Recorder, chromium, wait_settled
from bench.common import percentile
from bench.server import serve
from tests.searchbox import PLACEHOLDER, open_search

QUERIES = {
    "en": ("code not received", "refund"),
    "ru": ("код не пришёл", "возврат денег"),
    "zh": ("注册码 无效", "退款"),
}
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
GOALS = {"before_kb": 100, "query_kb": 300, "ms": 300}
_SEARCH = ("search/", "pagefind/", "assets/kg-search-worker.js", "assets/kg-search-warm.js",
           "assets/javascripts/workers/search.", "assets/javascripts/lunr/")

# From the keyup that completes the query to the frame showing the first result.
# With ``focus``, the box is focused in the same task (no warm-up before the query).
_TIMED_QUERY = """
async ([query, focus]) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  return await new Promise((resolve) => {
    let started = 0;
    let seen = false;
    const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
    const done = () => {
      if (!seen && list.querySelector("li > a")) { seen = true; observer.disconnect(); painted(); }
    };
    const observer = new MutationObserver(done);
    observer.observe(list, { childList: true, subtree: true });
    list.replaceChildren();
    if (focus) input.focus();
    input.value = query;
    started = performance.now();
    input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
  });
}
"""
_READY = "text => document.querySelector('.md-search-result__meta').textContent.trim() === text"


def is_search_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in _SEARCH)


def _search_bytes(stats: Any) -> int:
    return sum(n for path, n in stats.by_path.items() if is_search_path(path.lstrip("/")))


class _Uncounted:
    """Stats of a server that counts nothing (nginx)."""

    by_path: dict[str, int] = {}

    def reset(self) -> None:
        pass


@contextmanager
def _server(site_dir: Path, server: str) -> Iterator[tuple[str, Any]]:
    if server == "nginx":
        from tests.nginx import run_nginx_tls

        with run_nginx_tls(site_dir) as (url, _http, _cert):
            yield url, _Uncounted()
    else:
        with serve(site_dir) as (base, stats):
            yield base, stats


def _view(browser: Any, stats: Any, url: str) -> tuple[Any, Any, Recorder, int]:
    """A fresh context (cold cache) on ``url``, settled; and the search bytes it loaded."""
    context = browser.new_context(locale="en-US", timezone_id="UTC", ignore_https_errors=True)
    tab = context.new_page()
    recorder = Recorder(tab)
    stats.reset()
    tab.goto(url, wait_until="load")
    wait_settled(tab)
    return context, tab, recorder, _search_bytes(stats)


def _warmed(browser: Any, stats: Any, url: str, first: str, second: str) -> dict[str, Any]:
    """Click into the box (the engine starts loading), let the network settle, then two queries."""
    context, tab, recorder, before = _view(browser, stats, url)
    try:
        stats.reset()
        open_search(tab, timeout=60_000)
        tab.wait_for_load_state("networkidle", timeout=120_000)
        first_ms = tab.evaluate(_TIMED_QUERY, [first, False])
        tab.wait_for_load_state("networkidle", timeout=120_000)
        query_bytes = _search_bytes(stats)
        second_ms = tab.evaluate(_TIMED_QUERY, [second, False])
        return {"before": before, "query": query_bytes, "first_ms": first_ms, "second_ms": second_ms,
                "errors": list(recorder.errors)}
    finally:
        context.close()


def _unwarmed(browser: Any, stats: Any, url: str, first: str) -> dict[str, Any]:
    """Focus and query in one instant: the engine loads while the reader waits."""
    context, tab, recorder, before = _view(browser, stats, url)
    try:
        tab.wait_for_function(_READY, arg=tab.evaluate(PLACEHOLDER), timeout=60_000)
        before = _search_bytes(stats)  # still nothing but the stub: no intent yet
        cold_ms = tab.evaluate(_TIMED_QUERY, [first, True])
        return {"before": before, "cold_ms": cold_ms, "errors": list(recorder.errors)}
    finally:
        context.close()


def measure(site_dir: Path, page: str = "articles/downloads/", runs: int = 3, server: str = "bench") -> dict[str, Any]:
    """Search bytes and times to results on ``page`` in each language (medians of ``runs``)."""
    out: dict[str, Any] = {}
    with _server(site_dir, server) as (base, stats), chromium() as browser:
        for lang, (first, second) in QUERIES.items():
            url = base + LANG_DIRS[lang] + page
            warm = [_warmed(browser, stats, url, first, second) for _ in range(runs)]
            cold = [_unwarmed(browser, stats, url, first) for _ in range(runs)]
            rows = warm + cold
            out[lang] = {
                "before_bytes": max(r["before"] for r in rows),
                "query_bytes": max(r["query"] for r in warm),
                "first_ms": round(percentile([r["first_ms"] for r in warm], 50), 1),
                "cold_ms": round(percentile([r["cold_ms"] for r in cold], 50), 1),
                "second_ms": round(percentile([r["second_ms"] for r in warm], 50), 1),
                "runs": runs,
                "server": server,
                "errors": sorted({e for r in rows for e in r["errors"] if not _self_signed(e, server)}),
            }
    return out


def _self_signed(error: str, server: str) -> bool:
    """The offline copy's service worker does not register over the bench's self-signed TLS."""
    return server == "nginx" and "SSL certificate error" in error


def lines(fig: dict[str, Any], label: str = "") -> list[str]:
    rows = [f"  search on an article page{label} (cold cache; goals ≤ {GOALS['before_kb']} KB before the first "
            f"query, ≤ {GOALS['query_kb']} KB for one query, ≤ {GOALS['ms']} ms to results):"]
    for lang, f in fig.items():
        if "cold_ms" in f:
            timing = (f"results {f['first_ms']:.0f} ms after the keyup (first query, engine warmed on focus), "
                      f"{f['cold_ms']:.0f} ms (first query, no warm-up), {f['second_ms']:.0f} ms (later query)")
        else:  # figures stored before the warm-up existed
            timing = f"results {f['first_ms']:.0f} ms after keyup (first query), {f['second_ms']:.0f} ms (second)"
        counted = (f"{f['before_bytes'] / 1000:.1f} KB before the first query, {f['query_bytes'] / 1000:.1f} KB "
                   f"for it; " if f.get("server", "bench") == "bench" else "nginx, TLS and HTTP/2: ")
        rows.append(
            f"    {lang}: {counted}{timing}"
            + (f", median of {f['runs']}" if f.get("runs", 1) > 1 else "")
            + (f"; console errors: {f['errors']}" if f["errors"] else "")
        )
    return rows


def run(site_dir: Path, runs: int = 1) -> dict[str, Any]:
    return measure(site_dir, runs=runs)


def ab(sites: dict[str, Path], page: str, runs: int, server: str = "bench") -> dict[str, dict[str, Any]]:
    """Each site measured ``runs`` times, alternating (A, B, B, A, ...); medians per site."""
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in sites}
    names = list(sites)
    for number in range(runs):
        for name in names if number % 2 == 0 else names[::-1]:
            rounds[name].append(measure(sites[name], page=page, runs=1, server=server))
    out: dict[str, dict[str, Any]] = {}
    for name, figures in rounds.items():
        out[name] = {}
        for lang in QUERIES:
            rows = [f[lang] for f in figures]
            out[name][lang] = {
                **rows[0],
                "before_bytes": max(r["before_bytes"] for r in rows),
                "query_bytes": max(r["query_bytes"] for r in rows),
                **{key: round(percentile([r[key] for r in rows], 50), 1) for key in ("first_ms", "cold_ms", "second_ms")},
                "runs": runs,
                "errors": sorted({e for r in rows for e in r["errors"]}),
            }
    return out


def main(argv: list[str]) -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m bench.search", description="search bytes and time to results")
    parser.add_argument("sites", nargs="+", type=Path, help="built site(s); with --ab, two: before and after")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="articles/downloads/")
    parser.add_argument("--server", choices=("bench", "nginx"), default="bench")
    parser.add_argument("--ab", action="store_true", help="alternate the sites run by run")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
    if args.ab:
        results = ab({str(s): s for s in args.sites}, args.page, args.runs, args.server)
    else:
        results = {str(s): measure(s, page=args.page, runs=args.runs, server=args.server) for s in args.sites}
    for name, fig in results.items():
        print("\n".join(lines(fig, f" [{name}]")), flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":  # python -m bench.search SITE... [--ab] [--runs N] [--page P] [--server nginx]
    import sys

    main(sys.argv[1:])
