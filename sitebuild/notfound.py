"""A "page not found" page per language.

MkDocs writes ``404.html`` at the site root once per language build
(mkdocs-static-i18n), so the last language would win for everyone. The hook
keeps each language's copy as it is written and, once all are built, puts
the default language's at the root and the others at ``<lang>/404.html``;
servers map misses under ``/<lang>/`` to that page (``deploy/nginx.conf``).

>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> pages: dict[str, bytes] = {}
>>> for lang in ("en", "ru", "zh"):
...     _ = (site / "404.html").write_text(f"<html lang={lang}>")
...     keep(site, lang, pages)
>>> [str(p.relative_to(site)) for p in write(site, pages, "en")]
['404.html', 'ru/404.html', 'zh/404.html']
>>> (site / "404.html").read_text(), (site / "ru" / "404.html").read_text()
('<html lang=en>', '<html lang=ru>')
"""

from __future__ import annotations

from pathlib import Path

NAME = "404.html"


def keep(site_dir: Path, lang: str, pages: dict[str, bytes]) -> None:
    """Remember the 404 page the build of ``lang`` just wrote."""
    page = site_dir / NAME
    if page.is_file():
        pages[lang] = page.read_bytes()


def write(site_dir: Path, pages: dict[str, bytes], default: str) -> list[Path]:
    """Write every kept page to its place; returns the paths written."""
    written = []
    for lang, content in pages.items():
        target = site_dir / NAME if lang == default else site_dir / lang / NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return sorted(written, key=lambda p: (p.parent != site_dir, str(p)))
