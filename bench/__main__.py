"""``python -m bench``: run the benchmarks, print figures, write results.md.

    python -m bench                    # everything, stored as label "latest"
    python -m bench --label before     # store under "before" (kept beside "after")
    python -m bench --quick            # fewer runs and smaller sizes (~3 min)
    python -m bench --only load,bytes  # a subset: phone, load, bytes, latency, build
    python -m bench --site DIR         # reuse a built site instead of building one
    python -m bench --no-write         # print only
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import build, latency, phone, report, wizard_load
from bench import bytes as wire
from bench.common import ROOT, install_bare_page, mkdocs_build, progress

BENCHES = ("phone", "load", "bytes", "latency", "build")


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset")
    parser.add_argument("--label", default="latest", help="section of results.md to write")
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    parser.add_argument("--runs", type=int, help="page loads per kind (default 5, quick 2; phone: 3, quick 2)")
    parser.add_argument("--no-write", action="store_true", help="do not touch results.*")
    parser.add_argument("--worker-baseline", action="store_true",
                        help="also load bare Pyodide in a module worker (as the wizard does)")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(BENCHES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    runs = args.runs or (2 if args.quick else 5)
    started = time.perf_counter()
    figures: dict[str, Any] = {
        "meta": {
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "commit": _commit(),
            "loadavg": round(os.getloadavg()[0], 1),
            "quick": args.quick,
        }
    }
    printed: list[str] = []
    failed: list[str] = []

    def show(lines: list[str]) -> None:
        print("\n".join(lines), flush=True)
        printed.extend(lines)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        site = args.site
        if site is None and set(chosen) & {"phone", "load", "bytes", "latency"}:
            site = Path(tmp) / "site"
            progress("building the site...")
            mkdocs_build(site)
        if site is not None:
            install_bare_page(site)
        calls = 300 if args.quick else 1000
        sizes = (30, 100, 300) if args.quick else build.SIZES
        steps = {
            "phone": ("live answer vs stock Pyodide, loopback and phone link",
                      lambda: phone.run(site, runs=args.runs or (2 if args.quick else 3),
                                        paint_runs=6 if args.quick else phone.FIRST_PAINTS), phone.lines),
            "load": ("wizard load vs bare Pyodide",
                     lambda: wizard_load.run(site, runs=runs, worker_baseline=args.worker_baseline),
                     wizard_load.lines),
            "bytes": ("bytes on the wire", lambda: wire.run(site), wire.lines),
            "latency": ("check latency", lambda: latency.run(site, calls=calls), latency.lines),
            "build": ("build time", lambda: build.run(runs=1 if args.quick else 3, sizes=sizes), build.lines),
        }
        for name in chosen:
            title, measure, describe = steps[name]
            progress(f"{title}...")
            try:
                figures[name] = measure()
            except Exception as exc:  # noqa: BLE001 - report it, run the rest
                failed.append(name)
                show([f"{title}: FAILED: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"])
                continue
            show(describe(figures[name]))
            if not args.no_write:  # keep what was measured even if a later step fails
                report.save(args.label, figures, printed)
    figures["meta"]["seconds"] = round(time.perf_counter() - started)
    show([f"(all benchmarks: {figures['meta']['seconds']} s)"])
    if not args.no_write:
        report.save(args.label, figures, printed)
        progress(f"wrote {report.RESULTS_MD.relative_to(ROOT)} [{args.label}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
