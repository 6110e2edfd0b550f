"""Precompressed ``.br`` and ``.gz`` copies of the site's text and WebAssembly files.

nginx (``brotli_static``/``gzip_static on``) and most CDNs send ``file.br``
or ``file.gz`` to a browser that accepts it, so the server never compresses
per request. Brotli (quality 11) beats gzip -9 by ~20 %: ``pyodide.asm.wasm``
3.5 MB gzip → 2.8 MB brotli; the stored trimmed stdlib zip (sitebuild/stdlib.py)
3.6 MB → 0.67 MB. Measured on the
built site: ``pyodide.asm.wasm`` 9.6 MB → 3.5 MB, the search index 553 KB →
75 KB, a page ~22 KB → ~5 KB. Deflated zips (the wheel)
are already compressed and shrink by ~2 %, so copies that save less than
``MIN_SAVING`` are not written. Compressed bytes are cached by the content's
hash (``.cache/compressed/``): the Pyodide core never changes between builds,
and gzip -9 of its 9.6 MB took more than a second every build.

Brotli's quality depends on the size: the big files (Pyodide, the search
indexes, the stylesheet) get quality 11 (``BIG_QUALITY``) and are cached by
content hash and quality, so a rebuild pays nothing for them; files under
``CACHE_FROM`` (the pages, one per article and language) get ``PAGE_QUALITY``. Measured on a 26 KB article
page: quality 11 takes 37 ms for 4.9 KB, quality 5 takes 1 ms for 5.5 KB
(gzip -9: 5.9 KB). At 3,000 pages quality 11 alone cost ~110 s of CPU per
build, more than the whole plain MkDocs build (issue 17).

>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "a.html").write_text("<p>hello</p>" * 500)
>>> _ = (site / "b.zip").write_bytes(os.urandom(4000))
>>> [p.name for p in precompress(site)]
['a.html.br', 'a.html.gz']
>>> gzip.decompress((site / "a.html.gz").read_bytes()) == (site / "a.html").read_bytes()
True
>>> brotli.decompress((site / "a.html.br").read_bytes()) == (site / "a.html").read_bytes()
True
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

SUFFIXES = frozenset(
    {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip", ".whl"}
)
MIN_SIZE = 1024
MIN_SAVING = 0.10
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "compressed"
CACHE_FROM = 64 * 1024  # smaller files compress faster than they hash and cache
PAGE_QUALITY = 5  # brotli quality below CACHE_FROM (see the module docstring)
BIG_QUALITY = 11
# The test suite's builds set QUALITY_VARIABLE to 9: on a cold cache (a fresh clone)
# quality 11 costs about 45 s of CPU, 32 s of it for pyodide.asm.wasm alone,
# against 2.5 s at quality 9, for 0.35 MB more on the wire. Same format,
# same headers; `make build`, `make serve` and `make bench` keep 11.
QUALITY_VARIABLE = "KEYGUIDE_BROTLI_QUALITY"


def big_quality() -> int:
    """Brotli quality from ``CACHE_FROM`` up: ``BIG_QUALITY`` unless ``QUALITY_VARIABLE`` says.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {QUALITY_VARIABLE: ""}):
    ...     big_quality()
    11
    >>> with mock.patch.dict(os.environ, {QUALITY_VARIABLE: "9"}):
    ...     big_quality()
    9
    """
    return int(os.environ.get(QUALITY_VARIABLE) or BIG_QUALITY)


PAGE_GZIP_LEVEL = 6  # on a 34 KB page: 1.6 ms for 6.9 KB; level 9 takes 5.1 ms for 6.8 KB


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no file name, zero mtime): same input, same bytes;
    level 9 from ``CACHE_FROM`` up (cached), ``PAGE_GZIP_LEVEL`` below.

    >>> page = b"<p>hello</p>" * 500
    >>> gzip_bytes(page) == gzip.compress(page, compresslevel=PAGE_GZIP_LEVEL, mtime=0)
    True
    """
    level = 9 if len(data) >= CACHE_FROM else PAGE_GZIP_LEVEL
    return gzip.compress(data, compresslevel=level, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    """Brotli, deterministic: ``big_quality()`` from ``CACHE_FROM`` up, else ``PAGE_QUALITY``.

    >>> page = b"<p>hello</p>" * 500
    >>> brotli_bytes(page) == bytes(brotli.compress(page, quality=PAGE_QUALITY))
    True
    """
    quality = big_quality() if len(data) >= CACHE_FROM else PAGE_QUALITY
    return bytes(brotli.compress(data, quality=quality))


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


def _compress_one(path: Path) -> list[Path]:
    data = path.read_bytes()
    written = []
    for suffix, compress in ((".br", brotli_bytes), (".gz", gzip_bytes)):
        key = f".q{big_quality()}.br" if suffix == ".br" else suffix  # one entry per quality
        packed = cached(data, key, compress)
        target = path.with_name(path.name + suffix)
        if len(packed) > len(data) * (1 - MIN_SAVING):
            target.unlink(missing_ok=True)
            continue
        target.write_bytes(packed)
        # nginx's gzip_static/brotli_static answer with the copy's Last-Modified.
        stat = path.stat()
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        written.append(target)
    return written


def candidates(site_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in site_dir.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and p.stat().st_size >= MIN_SIZE
    )


def precompress(site_dir: Path) -> list[Path]:
    """Write ``.br`` and ``.gz`` next to every file worth it; returns the written paths."""
    # zlib releases the GIL: threads use every core for the big wasm file.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        written = pool.map(_compress_one, candidates(site_dir))
        return [p for paths in written for p in paths]
