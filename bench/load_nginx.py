"""``python -m bench.load_nginx``: requests per second from nginx serving the site.

Starts nginx with ``deploy/nginx.conf`` on a loopback port (tests/nginx.py),
then runs ``wrk`` (Debian package) for a fixed time against a wizard page
and against the Pyodide wasm, both gzip-negotiated like a browser. Prints
requests/second, transfer rate and errors; exits 1 on any error.

    python -m bench.load_nginx                  # builds the site into a temp dir
    python -m bench.load_nginx --site site/     # reuse a built site
    python -m bench.load_nginx --duration 10 --connections 32 --threads 2
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.assets import pyodide_url  # noqa: E402
from tests.nginx import run_nginx  # noqa: E402

TARGETS = (("wizard page", "wizard/code-invalid/"), ("pyodide.asm.wasm", None))
_UNITS = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_wrk(output: str) -> dict[str, Any]:
    """Figures from ``wrk``'s report.

    >>> parse_wrk('''  10 requests in 1.00s, 2.00MB read
    ...   Non-2xx or 3xx responses: 3
    ... Requests/sec:     10.00
    ... Transfer/sec:      2.00MB''')
    {'requests': 10, 'rps': 10.0, 'transfer_per_s': '2.00MB', 'errors': 3}
    """
    requests = re.search(r"(\d+) requests in", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    transfer = re.search(r"Transfer/sec:\s+(\S+)", output)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "rps": float(rps.group(1)) if rps else 0.0,
        "transfer_per_s": transfer.group(1) if transfer else "?",
        "errors": errors,
    }


def run_wrk(url: str, duration: int, connections: int, threads: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk)")
    cmd = [
        wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
        "-H", "Accept-Encoding: gzip", url,
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    figures = parse_wrk(result.stdout)
    latency = re.search(r"99%\s+(\S+)", result.stdout)
    figures["p99"] = latency.group(1) if latency else "?"
    return figures


def build_site(dest: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(dest)],
        cwd=ROOT, env=env, check=True,
    )
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_nginx", description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        failed = False
        with run_nginx(site) as base:
            print(f"nginx {base}  {args.duration} s, {args.connections} connections, "
                  f"{args.threads} threads, Accept-Encoding: gzip, {os.cpu_count()} cores")
            for label, path in TARGETS:
                url = base + (path or pyodide_url() + "pyodide.asm.wasm")
                f = run_wrk(url, args.duration, args.connections, args.threads)
                print(f"  {label:18} {f['rps']:>10.1f} req/s  {f['transfer_per_s']:>9}/s  "
                      f"p99 {f['p99']:>8}  {f['requests']} requests, {f['errors']} errors")
                failed |= f["errors"] > 0 or f["requests"] == 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
