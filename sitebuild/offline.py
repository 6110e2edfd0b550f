"""The offline-capable site: service worker, web app manifest and its icons.

Written into the built site after every page (``on_shutdown``, before the
compressed copies):

- ``sw.js``                  :file:`sitebuild/sw.js` with this build's
  ``VERSION`` (a hash of every file of the site, so any change to the site
  makes a new worker and a new cache) and its ``SHELL`` (the theme's files,
  kept at install); the page side is ``docs/assets/kg-offline.js``
- ``manifest.webmanifest``   installable web app (name, colours, icons)
- ``assets/icons/icon-<n>.png``  the manifest's icons, drawn here (no image
  library, no third party): the favicon's key on the theme's teal

>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "index.html").write_text("<p>hi</p>")
>>> first = write(site)
>>> _ = (site / "index.html").write_text("<p>hello</p>")
>>> write(site) != first
True
>>> sorted(p.name for p in (site / "assets" / "icons").iterdir())
['icon-192.png', 'icon-512.png', 'icon-maskable-512.png']
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

TEMPLATE = Path(__file__).with_name("sw.js")
ICON_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "icons"
SKIP_SUFFIXES = (".br", ".gz")
SKIP_NAMES = {"sw.js", "_headers"}
SKIP_DIRS = {"_deploy"}
# Kept at install: the theme's look on every page (each page itself and the
# wizard's runtime are kept as they are visited; see kg-offline.js).
SHELL_GLOBS = (
    "assets/stylesheets/*.min.css",
    "assets/javascripts/bundle.*.min.js",
    "assets/keyguide.css",
    "assets/kg-feedback.js",
    "assets/kg-offline.js",
    "assets/kg-search-warm.js",
    "assets/favicon.svg",
    "manifest.webmanifest",
    "assets/icons/icon-192.png",
)
TEAL = (0x00, 0x89, 0x7B)
WHITE = (0xFF, 0xFF, 0xFF)
NAME = "Brightfern Help Center"
SHORT_NAME = "Brightfern Help"


def site_files(site_dir: Path) -> list[Path]:
    """The site's own files (not compressed copies, not deploy by-products)."""
    return sorted(
        p
        for p in site_dir.rglob("*")
        if p.is_file()
        and not p.name.endswith(SKIP_SUFFIXES)
        and p.name not in SKIP_NAMES
        and not (set(p.relative_to(site_dir).parts[:-1]) & SKIP_DIRS)
    )


def version(site_dir: Path) -> str:
    """16 hex digits naming every file's path and content, and the worker's own code.

    A change to :file:`sitebuild/sw.js` alone (what is kept, under which key)
    also makes a new version, so the new worker starts from a fresh cache.
    """
    digest = hashlib.sha256(TEMPLATE.read_bytes())
    for path in site_files(site_dir):
        digest.update(path.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def shell(site_dir: Path) -> list[str]:
    """Site-relative URLs kept at install."""
    return sorted(
        {p.relative_to(site_dir).as_posix() for pattern in SHELL_GLOBS for p in site_dir.glob(pattern)}
    )


def service_worker(version_id: str, shell_urls: list[str]) -> str:
    """The ``sw.js`` text.

    >>> text = service_worker("abc", ["a.css"])
    >>> 'const VERSION = "abc";' in text and 'const SHELL = ["a.css"];' in text
    True
    """
    text = TEMPLATE.read_text("utf-8")
    return text.replace("__KG_VERSION__", version_id).replace("__KG_SHELL__", json.dumps(shell_urls))


def manifest() -> dict[str, object]:
    """The web app manifest (URLs relative to it, at the site's root)."""
    return {
        "name": NAME,
        "short_name": SHORT_NAME,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#00897b",
        "icons": [
            {"src": "assets/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "assets/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "assets/icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }


def _inside_key(x: float, y: float) -> bool:
    """The favicon's key (24×24 viewBox): a ring at (7, 12) and a toothed shaft."""
    dx, dy = x - 7, y - 12
    ring = 4 <= dx * dx + dy * dy <= 36
    shaft = 11.5 <= x <= 23 and 10 <= y <= 14
    tooth = 17 <= x <= 21 and 14 <= y <= 18
    return ring or shaft or tooth


def icon_png(size: int, padding: float = 0.14) -> bytes:
    """A ``size``² PNG: a white key on teal (``padding``: share of the edge kept clear).

    >>> icon_png(16)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    inner = size * (1 - 2 * padding)
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            x = (px + 0.5 - size * padding) / inner * 24
            y = (py + 0.5 - size * padding) / inner * 24
            row += bytes(WHITE if _inside_key(x, y) else TEAL)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def _cached_icon(size: int, padding: float) -> bytes:
    """:func:`icon_png` from ``.cache/icons/`` (drawing 512² in Python takes ~0.3 s)."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    entry = ICON_CACHE / f"{code}-{size}-{padding}.png"
    if entry.is_file():
        return entry.read_bytes()
    data = icon_png(size, padding)
    ICON_CACHE.mkdir(parents=True, exist_ok=True)
    scratch = entry.with_name(f"{entry.name}.tmp")
    scratch.write_bytes(data)
    scratch.replace(entry)
    return data


def write_manifest(site_dir: Path) -> None:
    icons = site_dir / "assets" / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    for name, size, padding in (("icon-192.png", 192, 0.12), ("icon-512.png", 512, 0.12),
                                ("icon-maskable-512.png", 512, 0.22)):
        target = icons / name
        data = _cached_icon(size, padding)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
    (site_dir / "manifest.webmanifest").write_text(json.dumps(manifest(), indent=1), "utf-8")


def write(site_dir: Path) -> str:
    """Write the manifest, its icons and ``sw.js``; returns the version."""
    write_manifest(site_dir)
    version_id = version(site_dir)
    (site_dir / "sw.js").write_text(service_worker(version_id, shell(site_dir)), "utf-8")
    return version_id


def main(argv: list[str] | None = None) -> int:
    """``python -m sitebuild.offline SITE_DIR``: (re)write sw.js after editing a built site."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    print(write(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
