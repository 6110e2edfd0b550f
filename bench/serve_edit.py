"""Benchmark: ``mkdocs serve``, a writer saves one article, the new page is served.

Generated content (``bench.build.generate_docs``) in a temporary folder,
``mkdocs serve`` with the project's hooks; once the first build is served,
one article is edited (a new sentence appended) and the page URL is polled
until the sentence is in it. Reported: seconds from the save to the new
page, per edit (MkDocs 1.6 rebuilds the whole site on every change, so this
grows with the site; ``--dirty`` is not used because the category pages and
related articles depend on other pages).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.build import generate_docs, temp_config
from bench.common import ROOT, BenchError, progress


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - localhost
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(url: str, text: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = _get(url)
        if body is not None and text in body:
            return time.perf_counter() - started
        time.sleep(0.1)
    raise BenchError(f"{url} never showed {text!r} within {timeout:.0f} s")


def measure(count: int = 100, edits: int = 2, timeout: float = 600) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        generate_docs(tmp / "docs", count)
        config = temp_config(tmp, tmp / "docs", hooks=True)
        port = _free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        log = (tmp / "serve.log").open("w")
        proc = subprocess.Popen(
            # Not --no-livereload: in MkDocs 1.6 it also turns off watching the docs.
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        url = f"http://127.0.0.1:{port}/gen/article-0000/"
        try:
            first = _wait_for(url, "<html", timeout)
            seconds = []
            source = tmp / "docs" / "gen" / "article-0000.md"
            for number in range(edits):
                marker = f"Edited sentence number {number} {time.time_ns()}."
                source.write_text(source.read_text("utf-8") + f"\n{marker}\n", "utf-8")
                seconds.append(round(_wait_for(url, marker, timeout), 2))
                progress(f"  serve: edit {number + 1} served after {seconds[-1]:.1f} s")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
    return {"articles": count, "first_build_s": round(first, 1), "edit_to_served_s": seconds}


def lines(fig: dict[str, Any]) -> list[str]:
    return [
        f"  mkdocs serve with {fig['articles']} generated articles × 3: first page after {fig['first_build_s']:.0f} s; "
        f"edit one article → new page served after {', '.join(f'{s:.1f} s' for s in fig['edit_to_served_s'])}"
    ]
