"""No broken internal link or anchor anywhere in the built site (all languages).

Every relative ``href``/``src`` of every built page is resolved like a browser
would, and the target file, and the element with the ``#anchor`` id, must exist.
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "javascript:", "data:")
# Written by Material/MkDocs for every page; not site content.
SKIP_PAGES = {"404.html"}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key] or "")
        for key in ("href", "src"):
            value = values.get(key)
            if value is not None and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(value)


@cache
def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text("utf-8"))
    return collector


def target_file(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def broken_links(site: Path, page: Path) -> list[str]:
    page_url = "http://site/" + page.relative_to(site).as_posix()
    problems = []
    for link in parse(page).links:
        if not link or link.startswith(SKIP_SCHEMES) or link.startswith("//"):
            continue
        parts = urlsplit(urljoin(page_url, link))
        if parts.netloc != "site":
            problems.append(f"{link}: leaves the site")
            continue
        target = target_file(site, parts.path) if parts.path != urlsplit(page_url).path else page
        if not target.is_file():
            problems.append(f"{link}: no file {target.relative_to(site)}")
            continue
        anchor = unquote(parts.fragment)
        if anchor and target.suffix == ".html" and anchor not in parse(target).ids:
            problems.append(f"{link}: no id {anchor!r} in {target.relative_to(site)}")
    return problems


def test_every_internal_link_and_anchor_resolves(site_dir: Path) -> None:
    pages = [p for p in site_dir.rglob("*.html") if p.name not in SKIP_PAGES]
    assert len(pages) > 50, "the site has too few pages to check"
    report = {
        str(page.relative_to(site_dir)): problems
        for page in pages
        if (problems := broken_links(site_dir, page))
    }
    assert report == {}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="b/">x</a>', ["b/: no file a/b/index.html"]),
        ('<a href="#nope">x</a><h2 id="yes">y</h2>', ["#nope: no id 'nope' in a/index.html"]),
        ('<a href="#yes">x</a><h2 id="yes">y</h2>', []),
        ('<a href="https://example.org/">x</a><a href="mailto:a@b.example">m</a>', []),
    ],
)
def test_the_checker_catches_missing_files_and_anchors(
    tmp_path: Path, html: str, expected: list[str]
) -> None:
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text(html)
    parse.cache_clear()
    assert broken_links(tmp_path, page) == expected
