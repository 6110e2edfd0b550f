"""What every benchmark shares: building the site, reading a page's config.

Timings on a shared 2-core machine are noisy, so the benchmarks report the
best of several runs and, where it matters, a ratio against a baseline
measured in the same run, alternating.

>>> summary([3.0, 1.0, 2.0])
{'best': 1.0, 'median': 2.0, 'runs': 3}
>>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)
(5.5, 9.55)
>>> mb(4_000_000), ratio(3.0, 2.0)
(4.0, 1.5)
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"  # git-ignored scratch space (compression cache)
BARE_PAGE = "bench-bare.html"
BARE_WORKER = "bench-bare-worker.mjs"

_CONFIG = re.compile(r'<script type="application/json" id="kg-config">(.*?)</script>', re.S)


class BenchError(RuntimeError):
    """A benchmark could not run (the build failed, the page never got ready...)."""


def mkdocs_build(site_dir: Path, config: Path | None = None, cwd: Path = ROOT) -> float:
    """``mkdocs build --strict`` into ``site_dir``; returns wall seconds."""
    return mkdocs_build_cpu(site_dir, config, cwd)[0]


def mkdocs_build_cpu(site_dir: Path, config: Path | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """``mkdocs build --strict`` into ``site_dir``; returns (wall, CPU) seconds.

    CPU (user + system of the build process and its children) is what the
    build costs; on a shared machine the wall time also holds other people's
    work.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site_dir)]
    if config:
        cmd += ["--config-file", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise BenchError(f"mkdocs build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def prepare_site(site_dir: Path) -> Path:
    """Build the real site into ``site_dir`` and add the bare Pyodide page."""
    mkdocs_build(site_dir)
    install_bare_page(site_dir)
    return site_dir


def install_bare_page(site_dir: Path) -> Path:
    """Copy ``bench/bare.html`` into the built site (never into ``docs/``)."""
    target = site_dir / BARE_PAGE
    shutil.copyfile(BENCH / "bare.html", target)
    shutil.copyfile(BENCH / "bare-worker.mjs", site_dir / BARE_WORKER)
    return target


def page_config(site_dir: Path, page: str) -> dict[str, Any]:
    """The ``#kg-config`` JSON of a built wizard page (``wizard/`` → its index.html)."""
    path = site_dir / page / "index.html" if not page.endswith(".html") else site_dir / page
    match = _CONFIG.search(path.read_text("utf-8"))
    if not match:
        raise BenchError(f"{path} has no #kg-config block")
    return json.loads(html.unescape(match.group(1)) if "&quot;" in match.group(1) else match.group(1))


def pyodide_dir(site_dir: Path, page: str = "wizard/") -> str:
    """The site-relative Pyodide directory the wizard page uses (versioned or not)."""
    rel = page_config(site_dir, page)["pyodide"]
    url = Path(page.rstrip("/")) / rel
    return os.path.normpath(url).replace(os.sep, "/").rstrip("/") + "/"


def summary(values: list[float]) -> dict[str, Any]:
    return {"best": min(values), "median": statistics.median(values), "runs": len(values)}


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (numpy's default method)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * pct / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (pos - low), 4)


def mb(nbytes: float) -> float:
    """Megabytes (10^6 bytes), to 3 decimals."""
    return round(nbytes / 1e6, 3)


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "NOT met"


def progress(text: str) -> None:
    """A progress line on stderr (the figures go to stdout)."""
    print(text, file=sys.stderr, flush=True)
