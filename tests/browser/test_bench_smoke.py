"""The benchmarks in a tiny mode, so the harness cannot rot.

These assert that every figure is produced and well-formed, never how fast
anything is (timings on shared machines are noise for a test).

The browser benchmarks run in a subprocess on a private copy of the site:
they start Playwright themselves (refused inside a session that already
runs pytest-playwright) and add their bare baseline page to the site they
measure (which would change the CSP that other tests hash from the shared
site).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import build, latency, report, search, wizard_load
from bench import bytes as wire
from bench.browser import ARGS_VARIABLE, BROWSER_VARIABLE
from tests.conftest import HEADLESS_SHELL, TEST_ENGINE_ARGS, TEST_NETWORK_ARGS
from tests.paths import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bench_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("bench") / "site"
    shutil.copytree(site_dir, copy)
    return copy


def run_benchmark(module: str, site: Path, **kwargs: Any) -> dict[str, Any]:
    """``bench.<module>.run(site, **kwargs)`` in a fresh Python process, driving
    the headless shell with the engine and network flags the other browser tests use (the
    figures' shape is checked here, not their values)."""
    code = (
        "import json, sys; from pathlib import Path; "
        f"from bench import {module} as m; "
        "kw = json.loads(sys.argv[2]); "
        "print(json.dumps(m.run(Path(sys.argv[1]), **kw)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), json.dumps(kwargs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, BROWSER_VARIABLE: HEADLESS_SHELL, ARGS_VARIABLE: " ".join(TEST_ENGINE_ARGS + TEST_NETWORK_ARGS)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_wizard_load_reports_ready_paint_bytes_and_the_ratio_to_bare_pyodide(
    bench_site: Path,
) -> None:
    fig = run_benchmark("wizard_load", bench_site, runs=1)
    for kind in ("wizard", "bare"):
        for cache in ("cold", "warm"):
            assert fig[kind][cache]["ready_ms"]["best"] > 0
            assert fig[kind][cache]["ready_ms"]["runs"] == 1
    assert fig["wizard"]["cold"]["fcp_ms"]["best"] > 0
    assert fig["wizard"]["cold"]["step_visible"] is True
    # Cold loads fetch Pyodide (megabytes); warm ones come from the cache.
    assert fig["wizard"]["cold"]["server_bytes"] > 1_000_000
    assert fig["wizard"]["warm"]["server_bytes"] < fig["wizard"]["cold"]["server_bytes"]
    for cache in ("cold", "warm"):
        assert fig["ready_over_bare"][cache]["best_over_best"] > 0
    text = "\n".join(wizard_load.lines(fig))
    assert "ready ÷ bare" in text and "first step painted" in text


def test_phone_reports_the_live_answer_against_stock_pyodide_and_the_transfer_floor(
    bench_site: Path,
) -> None:
    from bench import phone

    fig = run_benchmark("phone", bench_site, runs=1, links=["loopback"], paint_runs=2)
    link = fig["links"]["loopback"]
    for kind in ("wizard", "stock", "article"):
        for cache in ("cold", "warm"):
            assert link[kind][cache]["done_ms"]["best"] > 0
    # The stock page is the npm package as shipped: more bytes than the site's trimmed runtime.
    assert link["stock"]["cold"]["server_bytes"] > link["wizard"]["cold"]["server_bytes"] > 1_000_000
    assert link["floor_ms"] == phone.floor_ms(link["wizard"]["cold"]["server_bytes"])
    assert link["wizard"]["cold"]["twice"] == []  # nothing downloaded twice
    assert link["waterfall"] and link["waterfall"][0][0] == "/wizard/code-invalid/"
    # First paints have their own pass: each page's paint, compared median to median.
    assert all(len(link["first_paints"][kind]) == 2 for kind in ("wizard", "article"))
    assert all(paint > 0 for kind in ("wizard", "article") for paint in link["first_paints"][kind])
    assert link["fcp_paired"]["low"] <= link["fcp_paired"]["median"] <= link["fcp_paired"]["high"]
    text = "\n".join(phone.lines(fig))
    assert "live answer" in text and "transfer floor" in text and "cold loads of each alone" in text


def test_bytes_lists_the_files_the_wizard_fetched_and_their_compressed_sizes(
    bench_site: Path,
) -> None:
    fig = run_benchmark("bytes", bench_site, pages={"wizard": "wizard/"}, brotli=False)
    page = fig["pages"]["wizard"]
    names = [row["path"] for row in page["files"]]
    assert any(name.endswith("pyodide.asm.wasm") for name in names)
    assert any(name.endswith(".whl") for name in names)
    assert 0 < page["bodies"]["gzip9"] < page["bodies"]["identity"]
    assert page["as_served_now"] > 0
    assert "as served now" in "\n".join(wire.lines(fig))


def test_latency_times_every_call_through_the_worker(bench_site: Path) -> None:
    fig = run_benchmark("latency", bench_site, calls=10, with_node=False)
    browser = fig["browser"]
    assert browser["calls"] == 10
    assert 0 <= browser["p50_ms"] <= browser["p95_ms"] <= browser["max_ms"]
    assert "p95" in "\n".join(latency.lines(fig))


def test_search_reports_bytes_before_and_for_a_query_and_the_time_to_results(bench_site: Path) -> None:
    fig = run_benchmark("search", bench_site)
    assert sorted(fig) == ["en", "ru", "zh"]
    for lang, f in fig.items():
        assert 0 < f["before_bytes"] < f["query_bytes"], lang  # the engine loads on the first query
        assert f["first_ms"] > 0 and f["second_ms"] > 0, lang  # -1: no result appeared
        assert f["errors"] == [], lang
    assert "before the first query" in "\n".join(search.lines(fig))


def test_build_compares_with_plain_material_and_fits_the_scaling_curve() -> None:
    vs = build.site_vs_plain(runs=1)
    assert vs["site_s"]["best"] > 0 and vs["plain_s"]["best"] > 0
    assert math.isclose(vs["ratio"], vs["site_s"]["best"] / vs["plain_s"]["best"], rel_tol=1e-2)
    curve = build.scaling(sizes=(1, 2), hooks=False)
    assert [row["articles"] for row in curve["rows"]] == [1, 2]
    assert curve["hooks"] is False
    text = "\n".join(build.lines({"vs_plain": vs, "scaling": curve}))
    assert "site ÷ plain" in text and "per article" in text


def test_results_markdown_keeps_every_label_and_the_hand_written_notes() -> None:
    fig = {"latency": {"browser": {"p95_ms": 7.5}}, "printed": ["p95 7.5 ms"]}
    text = report.markdown(
        {"before": fig, "after": {**fig, "printed": ["p95 1 ms"]}}, "## Notes\n\nkept\n"
    )
    assert text.index("## Before") < text.index("## After") < text.index("## Notes")
    assert "| check_code p95 in the worker | 7.5 ms | ≤ 5.0 ms | NOT met |" in text
    assert "kept" in text and "p95 1 ms" in text


@pytest.mark.parametrize(
    "module",
    ["bench.common", "bench.server", "bench.bytes", "bench.latency", "bench.build", "bench.report",
     "bench.search", "bench.phone"],
)
def test_bench_module_examples_hold(module: str) -> None:
    # bench/ is not in pytest's testpaths, so its doctests run from here.
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
