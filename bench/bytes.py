"""Benchmark 2: bytes on the wire for a cold wizard page (and an article page).

The built site is served the way ``deploy/nginx.conf`` serves it: a ``.gz``
(or ``.br``) copy written by the build is sent to a browser that accepts it
(:mod:`bench.server`). Chromium loads the page cold until the network is
idle; the figures are

- **as served now**: bytes the server sent (headers + bodies) with the
  precompressed files the build produced;
- **per file**: identity, the build's copy, gzip -9 (stdlib) and brotli
  (quality 11, Node's ``zlib.brotliCompressSync``: Python's ``brotli``
  module is not installed) for every file the page fetched;
- **with gzip -9 / with brotli everywhere**: the same files, each sent in
  its smallest encoding no larger than identity (what ``gzip_static`` plus
  ``brotli_static`` would send), computed from the per-file sizes and, for
  brotli, measured again in Chromium from a copy of the site holding
  ``.br`` files. Goal: ≤ 4 MB for the wizard page.

>>> best_encoding({"identity": 100, "gzip": 60, "br": 50})
('br', 50)
>>> best_encoding({"identity": 100, "gzip": None, "br": 120})
('identity', 100)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.browser import Recorder, chromium, settle
from bench.common import OUT, BenchError, mb, progress
from bench.server import serve

GOAL_BYTES = 4_000_000
PAGES = {"wizard": "wizard/", "article": "articles/code-invalid/"}
BROTLI_JS = r"""
const fs = require("fs");
const zlib = require("zlib");
const jobs = JSON.parse(fs.readFileSync(0, "utf8"));
for (const [src, dest] of jobs) {
  const data = fs.readFileSync(src);
  const packed = zlib.brotliCompressSync(data, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
  } });
  fs.writeFileSync(dest, packed);
}
"""


def best_encoding(sizes: dict[str, int | None]) -> tuple[str, int]:
    """The smallest of the available encodings (identity always available)."""
    options = [(size, name) for name, size in sizes.items() if size is not None]
    size, name = min(options, key=lambda item: (item[0], item[1] != "identity"))
    return name, size


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32]


def brotli_sizes(paths: list[Path], cache: Path = OUT / "br") -> dict[Path, Path]:
    """Brotli-11 copies of ``paths`` (cached by content hash); returns path → .br file."""
    cache.mkdir(parents=True, exist_ok=True)
    out = {path: cache / f"{_digest(path)}.br" for path in paths}
    todo = [[str(src), str(dest)] for src, dest in out.items() if not dest.is_file()]
    if todo:
        progress(f"  brotli-11 of {len(todo)} files (cached in {cache})...")
        subprocess.run(["node", "-e", BROTLI_JS], input=json.dumps(todo), text=True, check=True)
    return out


def gzip_size(path: Path, cache: Path = OUT / "gz") -> int:
    cache.mkdir(parents=True, exist_ok=True)
    key = cache / f"{_digest(path)}.size"
    if key.is_file():
        return int(key.read_text())
    size = len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    key.write_text(str(size))
    return size


def cold_load(site_dir: Path, page: str) -> dict[str, Any]:
    """One cold load until network idle: server bytes per path, browser bytes."""
    with serve(site_dir) as (base, stats), chromium() as browser:
        context = browser.new_context()
        tab = context.new_page()
        recorder = Recorder(tab)
        tab.goto(base + page, wait_until="load")
        if tab.locator(".kg-live-status").count():
            tab.wait_for_selector(
                ".kg-live-status[data-state=ready], .kg-live-status[data-state=unavailable]",
                timeout=120_000,
                state="attached",
            )
        settle(tab)
        result = {
            "server_bytes": stats.total(),
            "browser_bytes": recorder.transferred(),
            "by_path": dict(stats.by_path),
            "encodings": sorted(e or "identity" for e in stats.encodings),
            "paths": recorder.paths(base),
        }
        context.close()
    return result


def _file_for(site_dir: Path, url_path: str) -> Path | None:
    path = site_dir / url_path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def file_table(site_dir: Path, url_paths: list[str], brotli: bool = True) -> list[dict[str, Any]]:
    """Per fetched file: identity, the build's .gz/.br, gzip -9 and brotli-11 sizes."""
    files = {p: f for p in url_paths if (f := _file_for(site_dir, p))}
    brs = brotli_sizes(sorted(set(files.values()))) if brotli else {}
    rows = []
    for url_path, path in files.items():
        built_gz = path.with_name(path.name + ".gz")
        built_br = path.with_name(path.name + ".br")
        rows.append(
            {
                "path": url_path,
                "identity": path.stat().st_size,
                "built_gz": built_gz.stat().st_size if built_gz.is_file() else None,
                "built_br": built_br.stat().st_size if built_br.is_file() else None,
                "gzip9": gzip_size(path),
                "brotli11": brs[path].stat().st_size if brotli else None,
            }
        )
    return sorted(rows, key=lambda row: -row["identity"])


def with_brotli_copy(site_dir: Path, rows: list[dict[str, Any]], dest: Path) -> Path:
    """A copy of the site where every fetched file also has its brotli-11 ``.br``."""
    shutil.copytree(site_dir, dest, dirs_exist_ok=True)
    brs = brotli_sizes([p for r in rows if (p := _file_for(site_dir, r["path"]))])
    for src, br in brs.items():
        target = dest / src.relative_to(site_dir)
        shutil.copyfile(br, target.with_name(target.name + ".br"))
    return dest


def run(site_dir: Path, pages: dict[str, str] | None = None, brotli: bool = True) -> dict[str, Any]:
    """Figures for each page in ``pages`` (name → site-relative URL).

    ``brotli=False`` skips brotli (compressing the 9.6 MB ``.wasm`` at
    quality 11 takes about a minute the first time; results are cached).
    """
    out: dict[str, Any] = {"goal_bytes": GOAL_BYTES, "pages": {}}
    for name, page in (pages or PAGES).items():
        if _file_for(site_dir, page) is None:
            raise BenchError(f"{page} is not in the built site")
        now = cold_load(site_dir, page)
        rows = file_table(site_dir, now["paths"], brotli)
        sums: dict[str, int | None] = {"identity": 0, "gzip9": 0, "brotli11": 0 if brotli else None}
        for row in rows:
            sums["identity"] += row["identity"]
            sums["gzip9"] += best_encoding({"identity": row["identity"], "gzip": row["gzip9"]})[1]
            if brotli:
                sums["brotli11"] += best_encoding(
                    {"identity": row["identity"], "gzip": row["gzip9"], "br": row["brotli11"]}
                )[1]
        entry = {
            "page": page,
            "as_served_now": now["server_bytes"],
            "browser_bytes_now": now["browser_bytes"],
            "encodings_now": now["encodings"],
            "requests": len(now["paths"]),
            "bodies": sums,
            "files": rows,
        }
        if brotli:
            with tempfile.TemporaryDirectory(prefix="kg-bench-br-") as tmp:
                copy = with_brotli_copy(site_dir, rows, Path(tmp) / "site")
                entry["measured_with_brotli"] = cold_load(copy, page)["server_bytes"]
        out["pages"][name] = entry
        progress(f"  bytes {name}: {mb(now['server_bytes'])} MB as served now")
    return out


def lines(fig: dict[str, Any]) -> list[str]:
    rows = [f"Bytes on the wire, cold (goal for the wizard page ≤ {mb(fig['goal_bytes'])} MB):"]
    for name, entry in fig["pages"].items():
        b = entry["bodies"]
        text = (
            f"  {name} ({entry['page']}): as served now {mb(entry['as_served_now'])} MB "
            f"({'/'.join(entry['encodings_now'])}, {entry['requests']} requests); "
            f"identity {mb(b['identity'])} MB, gzip -9 everywhere {mb(b['gzip9'])} MB"
        )
        if b["brotli11"] is not None:
            text += f", brotli-11 everywhere {mb(b['brotli11'])} MB"
        if "measured_with_brotli" in entry:
            text += f" (measured in Chromium: {mb(entry['measured_with_brotli'])} MB)"
        rows.append(text)
        for row in entry["files"][:6]:
            br = f", br-11 {row['brotli11'] / 1e3:.0f} kB" if row["brotli11"] is not None else ""
            built = f", built .gz {row['built_gz'] / 1e3:.0f} kB" if row["built_gz"] else ", no .gz"
            rows.append(
                f"    {row['path']}: {row['identity'] / 1e3:.0f} kB, gz -9 {row['gzip9'] / 1e3:.0f} kB"
                + br + built
            )
    return rows
