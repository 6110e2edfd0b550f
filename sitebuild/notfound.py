"""A "page not found" page per language.

MkDocs writes ``404.html`` at the site root once per language build
(mkdocs-static-i18n), so the last language would win for everyone. The hook
keeps each language's copy as it is written and, once all are built, puts
the default language's at the root and the others at ``<lang>/404.html``;
servers map misses under ``/<lang>/`` to that page (``deploy/nginx.conf``).

The page is served at whatever address missed, so its language switcher
cannot offer "this page in Russian": MkDocs fills it with the last page the
build rendered. :func:`write` points each language's entry at that
language's home instead.

>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> pages: dict[str, bytes] = {}
>>> for lang in ("en", "ru", "zh"):
...     _ = (site / "404.html").write_text(f"<html lang={lang}>")
...     keep(site, lang, pages)
>>> [str(p.relative_to(site)) for p in write(site, pages, "en", "/")]
['404.html', 'ru/404.html', 'zh/404.html']
>>> (site / "404.html").read_text(), (site / "ru" / "404.html").read_text()
('<html lang=en>', '<html lang=ru>')
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.articles import lang_root

NAME = "404.html"
_SWITCHER_LINK = re.compile(r'<a\b[^>]*\bhreflang="([^"]+)"[^>]*\bclass="md-select__link"[^>]*>')
_HREF = re.compile(r'\bhref="[^"]*"')


def keep(site_dir: Path, lang: str, pages: dict[str, bytes]) -> None:
    """Remember the 404 page the build of ``lang`` just wrote."""
    page = site_dir / NAME
    if page.is_file():
        pages[lang] = page.read_bytes()


def base_path(site_url: str | None) -> str:
    """The path the site is published under, with a slash at each end.

    >>> base_path("https://help.example/"), base_path("https://x.example/help"), base_path(None)
    ('/', '/help/', '/')
    """
    path = urlsplit(site_url or "").path.strip("/")
    return f"/{path}/" if path else "/"


def switch_to_homes(html: str, base: str, default: str) -> str:
    """Point the language switcher's links at each language's home page.

    >>> page = ('<a href="/writers/" hreflang="en" class="md-select__link">English</a>'
    ...         '<a href="/ru/writers/" hreflang="ru" class="md-select__link">Русский</a>'
    ...         '<a href="/ru/articles/" class="md-nav__link">Статьи</a>')
    >>> print(switch_to_homes(page, "/help/", "en"))
    <a href="/help/" hreflang="en" class="md-select__link">English</a><a href="/help/ru/" hreflang="ru" class="md-select__link">Русский</a><a href="/ru/articles/" class="md-nav__link">Статьи</a>
    """

    def home(link: re.Match[str]) -> str:
        lang = link.group(1)
        target = base + lang_root(lang, default)
        return _HREF.sub(f'href="{target}"', link.group(0), count=1)

    return _SWITCHER_LINK.sub(home, html)


def write(site_dir: Path, pages: dict[str, bytes], default: str, base: str) -> list[Path]:
    """Write every kept page to its place; returns the paths written.

    ``base`` is the site's path (:func:`base_path`), for the switcher's links.
    """
    written = []
    for lang, content in pages.items():
        target = site_dir / NAME if lang == default else site_dir / lang / NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        html = switch_to_homes(content.decode("utf-8"), base, default)
        target.write_bytes(html.encode("utf-8"))
        written.append(target)
    return sorted(written, key=lambda p: (p.parent != site_dir, str(p)))
