"""Precompressed ``.gz`` copies of the site's text and WebAssembly files.

nginx (``gzip_static on``) and most CDNs send ``file.gz`` to a browser that
accepts gzip, so the server never compresses per request. Measured on the
built site: ``pyodide.asm.wasm`` 9.6 MB → 3.5 MB, the search index 553 KB →
75 KB, a page ~22 KB → ~5 KB. Zip files (``python_stdlib.zip``, the wheel)
are already compressed and shrink by ~2 %, so copies that save less than
``MIN_SAVING`` are not written. Compressed bytes are cached by the content's
hash (``.cache/compressed/``): the Pyodide core never changes between builds,
and gzip -9 of its 9.6 MB took more than a second every build.

>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "a.html").write_text("<p>hello</p>" * 500)
>>> _ = (site / "b.zip").write_bytes(os.urandom(4000))
>>> [p.name for p in precompress(site)]
['a.html.gz']
>>> gzip.decompress((site / "a.html.gz").read_bytes()) == (site / "a.html").read_bytes()
True
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SUFFIXES = frozenset(
    {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip", ".whl"}
)
MIN_SIZE = 1024
MIN_SAVING = 0.10
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "compressed"
CACHE_FROM = 64 * 1024  # smaller files compress faster than they hash and cache


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no file name, zero mtime): same input, same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def cached(data: bytes, suffix: str, compress: Callable[[bytes], bytes]) -> bytes:
    """``compress(data)``, from the cache when these bytes were seen before."""
    if len(data) < CACHE_FROM:
        return compress(data)
    entry = CACHE / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if entry.is_file():
        return entry.read_bytes()
    packed = compress(data)
    CACHE.mkdir(parents=True, exist_ok=True)
    scratch = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    scratch.write_bytes(packed)
    scratch.replace(entry)  # atomic: a parallel build never reads half a file
    return packed


def _compress_one(path: Path) -> Path | None:
    data = path.read_bytes()
    packed = cached(data, ".gz", gzip_bytes)
    target = path.with_name(path.name + ".gz")
    if len(packed) > len(data) * (1 - MIN_SAVING):
        target.unlink(missing_ok=True)
        return None
    target.write_bytes(packed)
    # nginx's gzip_static answers with the .gz file's Last-Modified.
    stat = path.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return target


def candidates(site_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in site_dir.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and p.stat().st_size >= MIN_SIZE
    )


def precompress(site_dir: Path) -> list[Path]:
    """Write ``.gz`` next to every file worth it; returns the written paths."""
    # zlib releases the GIL: threads use every core for the big wasm file.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        written = pool.map(_compress_one, candidates(site_dir))
        return [p for p in written if p is not None]
