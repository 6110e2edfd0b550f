"""Categories → sections → articles, as in Zendesk Guide, from files and front matter.

A help center of 1,000 articles cannot list every article in the navigation:
Material renders the whole navigation into every page (339 KB of HTML per
article page at 1,000 articles × 3 languages). So the navigation lists
categories and sections only, and the pages of a category and of a section
list their articles, generated at build time from the articles' front matter.

Writers create the categories and sections as pages (their titles and
descriptions are translated like any page):

- ``docs/help/index.md``                 every category (the "Articles" entry of the menu)
- ``docs/help/<category>/index.md``      a category: its sections and their first articles
- ``docs/help/<category>/<section>.md``  a section: all its articles

and every article names its place in front matter::

    category: licenses
    section: get-code

Categories and sections are ordered by their ``order:`` (then by title);
articles in a section by title. The build fails with ``file:line: reason``
on an article without a section or naming one that does not exist.

>>> section_key("licenses", "get-code"), category_key("licenses")
('help/licenses/get-code.md', 'help/licenses/index.md')
>>> place_of("help/licenses/get-code.md"), place_of("help/licenses/index.md"), place_of("help/index.md")
(('licenses', 'get-code'), ('licenses', None), (None, None))
>>> place_of("articles/x.md") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitebuild.articles import Article, front_matter, page_url, relative_url, split_suffix

HELP_DIR = "help"
HELP_INDEX = f"{HELP_DIR}/index.md"
NAV_MARK = "kg-category:"
"""Nav section titles the build writes; ``on_nav`` puts the category's title in."""
PREVIEW = 6
"""Articles a category page shows per section before "See all N articles"."""

LABELS: dict[str, dict[str, str]] = {
    "en": {"see_all": "See all {n} articles", "articles": "{n} articles", "one": "1 article",
           "empty": "No articles in this section yet."},
    "ru": {"see_all": "Все статьи раздела ({n})", "articles": "Статей: {n}", "one": "Статей: 1",
           "empty": "В этом разделе пока нет статей."},
    "zh": {"see_all": "查看全部 {n} 篇文章", "articles": "{n} 篇文章", "one": "1 篇文章",
           "empty": "本栏目暂无文章。"},
}


def category_key(category: str) -> str:
    return f"{HELP_DIR}/{category}/index.md"


def section_key(category: str, section: str) -> str:
    return f"{HELP_DIR}/{category}/{section}.md"


def place_of(key: str) -> tuple[str | None, str | None] | None:
    """``(category, section)`` a language-neutral path under ``help/`` stands for."""
    parts = key.split("/")
    if parts[0] != HELP_DIR or not key.endswith(".md"):
        return None
    if len(parts) == 2:
        return (None, None) if parts[1] == "index.md" else None
    if len(parts) != 3:
        return None
    stem = parts[2][: -len(".md")]
    return (parts[1], None if stem == "index" else stem)


@dataclass
class Node:
    """A category or a section: its titles and descriptions per language."""

    id: str
    key: str
    order: float
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def title(self, lang: str, default: str) -> str:
        return self.titles.get(lang) or self.titles.get(default) or self.id

    def description(self, lang: str, default: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get(default) or ""


def _sort(nodes: Iterable[Node], default: str) -> list[Node]:
    return sorted(nodes, key=lambda n: (n.order, n.title(default, default).casefold(), n.id))


def scan(docs_dir: Path, langs: Iterable[str], default: str) -> list[Node]:
    """The categories under ``docs/help/``, each with its sections, in order."""
    langs = tuple(langs)
    categories: dict[str, Node] = {}
    sections: dict[tuple[str, str], Node] = {}
    root = docs_dir / HELP_DIR
    for path in sorted(root.glob("*/*.md")) if root.is_dir() else []:
        key, lang = split_suffix(path.relative_to(docs_dir).as_posix(), langs, default)
        place = place_of(key)
        if place is None or place[0] is None:
            continue
        meta = front_matter(path.read_text("utf-8"))
        cat, sec = place
        if sec is None:
            node = categories.setdefault(cat, Node(cat, key, 0))
        else:
            node = sections.setdefault((cat, sec), Node(sec, key, 0))
        if lang == default or "order" in meta:
            node.order = float(meta.get("order") or 0)
        node.titles[lang] = str(meta.get("title") or "")
        node.descriptions[lang] = str(meta.get("description") or "")
    for (cat, _sec), node in sections.items():
        if cat not in categories:
            raise ValueError(
                f"docs/{node.key}:1: section of category {cat!r}, which has no "
                f"docs/{category_key(cat)} (a category needs its page)"
            )
        categories[cat].children.append(node)
    for node in categories.values():
        node.children = _sort(node.children, default)
    return _sort(categories.values(), default)


def _line_of(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{name}\s*:", line):
            return number
    return 1


def check(articles: Iterable[Article], tree: list[Node], docs_dir: Path) -> None:
    """Every article names an existing category and section of it; else ``ValueError``.

    >>> a = Article("a.md", "en", "A", {"category": "c", "section": "nope"}, src="a.md")
    >>> check([a], [Node("c", "help/c/index.md", 0, children=[Node("s", "help/c/s.md", 0)])], Path("/nonexistent"))
    Traceback (most recent call last):
    ...
    ValueError: docs/a.md:1: section: 'nope' is not a section of category 'c' (docs/help/c/ has: s)
    """
    by_id = {c.id: c for c in tree}
    for article in articles:
        try:
            text = (docs_dir / article.src).read_text("utf-8")
        except OSError:
            text = ""
        cat, sec = article.meta.get("category"), article.meta.get("section")
        where = f"docs/{article.src}"
        if not cat or not sec:
            missing = "category" if not cat else "section"
            raise ValueError(
                f"{where}:1: {missing}: missing; every article belongs to a section "
                f"(front matter 'category:' and 'section:', see WRITING.md; categories: "
                f"{', '.join(by_id) or 'none under docs/help/'})"
            )
        if str(cat) not in by_id:
            raise ValueError(
                f"{where}:{_line_of(text, 'category')}: category: {str(cat)!r} is not a category "
                f"(docs/help/ has: {', '.join(by_id) or 'none'})"
            )
        names = [s.id for s in by_id[str(cat)].children]
        if str(sec) not in names:
            raise ValueError(
                f"{where}:{_line_of(text, 'section')}: section: {str(sec)!r} is not a section of "
                f"category {str(cat)!r} (docs/help/{cat}/ has: {', '.join(names) or 'no sections'})"
            )


def nav_entries(tree: list[Node]) -> list[Any]:
    """The menu below "Articles": the categories page, then each category with its sections.

    >>> tree = [Node("c", "help/c/index.md", 0, children=[Node("s", "help/c/s.md", 0)])]
    >>> nav_entries(tree)
    ['help/index.md', {'kg-category:c': ['help/c/index.md', 'help/c/s.md']}]
    """
    return [HELP_INDEX] + [
        {f"{NAV_MARK}{c.id}": [c.key] + [s.key for s in c.children]} for c in tree
    ]


def expand_nav(nav: list[Any] | None, tree: list[Node]) -> list[Any] | None:
    """Replace the entry ``Title: help/index.md`` of ``nav`` with the categories' menu.

    >>> tree = [Node("c", "help/c/index.md", 0, children=[])]
    >>> expand_nav([{"Home": "index.md"}, {"Articles": "help/index.md"}], tree)
    [{'Home': 'index.md'}, {'Articles': ['help/index.md', {'kg-category:c': ['help/c/index.md']}]}]
    """
    if not nav:
        return nav
    out = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1 and list(entry.values())[0] == HELP_INDEX:
            title = next(iter(entry))
            entry = {title: nav_entries(tree)}
        out.append(entry)
    return out


def retitle(items: Iterable[Any], tree: list[Node], lang: str, default: str) -> int:
    """Give the nav sections the build wrote their category's title in ``lang``."""
    titles = {c.id: c.title(lang, default) for c in tree}
    count = 0
    for item in items:
        title = getattr(item, "title", None) or ""
        if title.startswith(NAV_MARK) and title[len(NAV_MARK):] in titles:
            item.title = titles[title[len(NAV_MARK):]]
            count += 1
        count += retitle(getattr(item, "children", None) or [], tree, lang, default)
    return count


class Listing:
    """The article lists of the help pages, per language."""

    def __init__(self, tree: list[Node], pool: Iterable[Article], langs: Iterable[str], default: str) -> None:
        self.tree = tree
        self.default = default
        self.langs = tuple(langs)
        by_key: dict[str, dict[str, Article]] = {}
        for article in pool:
            by_key.setdefault(article.key, {})[article.lang] = article
        self.members: dict[tuple[str, str], list[dict[str, Article]]] = {}
        for versions in by_key.values():
            meta = (versions.get(default) or next(iter(versions.values()))).meta
            place = (str(meta.get("category")), str(meta.get("section")))
            self.members.setdefault(place, []).append(versions)

    def articles(self, category: str, section: str, lang: str) -> list[Article]:
        """The section's articles in ``lang`` (the default language's where not translated), by title."""
        found = [v.get(lang) or v.get(self.default) or next(iter(v.values()))
                 for v in self.members.get((category, section), [])]
        return sorted(found, key=lambda a: (a.title.casefold(), a.key))

    def section_of(self, article: Article) -> str:
        return section_key(str(article.meta.get("category")), str(article.meta.get("section")))

    def context(self, key: str, lang: str, here: str) -> dict[str, Any] | None:
        """What the help page ``key`` lists, for the page at URL ``here``; ``None`` if it is no help page."""
        place = place_of(key)
        if place is None:
            return None
        cat, sec = place
        labels = LABELS[lang]
        categories = [c for c in self.tree if cat is None or c.id == cat]
        out = []
        for category in categories:
            sections = [s for s in category.children if sec is None or s.id == sec]
            rows = []
            for section in sections:
                items = self.articles(category.id, section.id, lang)
                shown = items if sec is not None else items[:PREVIEW]
                count = len(items)
                rows.append({
                    "title": section.title(lang, self.default),
                    "description": section.description(lang, self.default),
                    "url": relative_url(page_url(section.key, lang, self.default), here),
                    "count": labels["one"] if count == 1 else labels["articles"].format(n=count),
                    "more": labels["see_all"].format(n=count) if len(shown) < count else "",
                    "articles": [
                        {"title": a.title, "description": str(a.meta.get("description") or ""),
                         "url": relative_url(page_url(a.key, lang, self.default), here)}
                        for a in shown
                    ],
                })
            out.append({
                "title": category.title(lang, self.default),
                "description": category.description(lang, self.default),
                "url": relative_url(page_url(category.key, lang, self.default), here),
                "sections": rows,
            })
        level = "home" if cat is None else "category" if sec is None else "section"
        return {"level": level, "categories": out, "labels": labels}
