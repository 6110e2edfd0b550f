"""Categories → sections → articles (issue 17): the menu lists categories and
sections, their pages list the articles from front matter, articles get
breadcrumbs through their section, and a page's size does not grow with the
number of articles."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from sitebuild import articles, categories
from tests.paths import DOCS
from tests.unit.test_translations import TOPICS
from wizard.vendor import LANGUAGES

LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
MAX_ARTICLE_HTML = 60_000


def tree() -> list[categories.Node]:
    return categories.scan(DOCS, LANGUAGES, "en")


def page(site: Path, key: str, lang: str) -> str:
    return (site / articles.page_url(key, lang, "en") / "index.html").read_text("utf-8")


# --- the data, no build ------------------------------------------------------------


def test_every_demo_article_is_in_a_section_of_a_category() -> None:
    found = articles.scan(DOCS, LANGUAGES, "en")
    categories.check(found, tree(), DOCS)  # raises on a missing or unknown place
    listing = categories.Listing(tree(), found, LANGUAGES, "en")
    listed = {a.key for c in tree() for s in c.children for a in listing.articles(c.id, s.id, "en")}
    assert set(TOPICS) <= listed


def test_categories_and_sections_are_titled_in_every_language() -> None:
    for node in [c for c in tree()] + [s for c in tree() for s in c.children]:
        assert set(node.titles) == set(LANGUAGES), node.key
        assert len({node.titles[lang] for lang in LANGUAGES}) == 3, node.key  # translated, not copied


def test_sections_follow_their_order(tmp_path: Path) -> None:
    for name, order in (("b", 1), ("a", 2)):
        path = tmp_path / "help" / "c" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {name.upper()}\norder: {order}\n---\n", "utf-8")
    (tmp_path / "help" / "c" / "index.md").write_text("---\ntitle: C\n---\n", "utf-8")
    scanned = categories.scan(tmp_path, LANGUAGES, "en")
    assert [s.id for s in scanned[0].children] == ["b", "a"]


def test_a_section_without_its_category_page_fails_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "help" / "c" / "s.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: S\n---\n", "utf-8")
    with pytest.raises(ValueError, match=r"docs/help/c/s.md:1: .*docs/help/c/index.md"):
        categories.scan(tmp_path, LANGUAGES, "en")


def test_an_article_naming_an_unknown_section_fails_with_file_and_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("wizard", "writers"))
    src = docs / "articles" / "refunds.ru.md"
    src.write_text(src.read_text("utf-8").replace("section: payments", "section: refundz"), "utf-8")
    line = src.read_text("utf-8").splitlines().index("section: refundz") + 1
    with pytest.raises(ValueError) as err:
        categories.check(articles.scan(docs, LANGUAGES, "en"), categories.scan(docs, LANGUAGES, "en"), docs)
    assert str(err.value).startswith(f"docs/articles/refunds.ru.md:{line}: section: 'refundz'")
    assert "payments" in str(err.value)  # says what exists


def test_an_article_without_a_section_fails(tmp_path: Path) -> None:
    found = [articles.Article("x.md", "en", "X", {"id": "KB-1"}, src="x.md")]
    with pytest.raises(ValueError, match=r"docs/x.md:1: category: missing"):
        categories.check(found, tree(), tmp_path)


# --- the built site ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_section_pages_list_their_articles_in_the_page_language(site_dir: Path, lang: str) -> None:
    found = articles.scan(DOCS, LANGUAGES, "en")
    for category in tree():
        cat_html = page(site_dir, category.key, lang)
        assert f'<html lang="{lang}"' in cat_html
        for section in category.children:
            html = page(site_dir, section.key, lang)
            listing = re.search(r'<div class="kg-listing.*?</div>', html, re.S).group(0)
            text, cat_text = unescape(listing), unescape(cat_html)
            members = [a for a in found if a.lang == lang
                       and (a.meta["category"], a.meta["section"]) == (category.id, section.id)]
            assert members, section.key
            for article in members:
                url = articles.relative_url(article.url, articles.page_url(section.key, lang, "en"))
                assert f'href="{url}"' in listing, (section.key, article.src)
                assert article.title in text
                # The category page lists it too (at most PREVIEW per section).
                assert article.title in cat_text
            assert section.titles[lang] in cat_text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_menu_lists_categories_and_sections_not_articles(site_dir: Path, lang: str) -> None:
    html = page(site_dir, "articles/refunds.md", lang)  # category billing, section payments
    menu = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S)
    menu_html = menu.group(0) if menu else html
    for category in tree():
        assert category.titles[lang] in menu_html
        # navigation.prune: only the open category's sections are in the page,
        # so a page does not grow with the help center (issue 17).
        for section in category.children:
            shown = re.search(rf">\s*{re.escape(section.titles[lang])}\s*<", menu_html)
            assert bool(shown) == (category.id == "billing"), (category.id, section.titles[lang])
    others = [a for a in articles.scan(DOCS, LANGUAGES, "en") if a.lang == lang and a.key != "articles/refunds.md"]
    hrefs = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', menu_html)
    linked = {h for pair in hrefs for h in pair if h}
    assert not [a for a in others if any(h.rstrip("/").endswith(a.key[:-3]) for h in linked)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_article_has_breadcrumbs_to_its_section(site_dir: Path, lang: str) -> None:
    html = page(site_dir, "articles/lost-code.md", lang)
    path = re.search(r'<nav class="md-path".*?</nav>', html, re.S)
    assert path, "breadcrumbs"
    crumbs = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', path.group(0), re.S)]
    licenses = next(c for c in tree() if c.id == "licenses")
    get_code = next(s for s in licenses.children if s.id == "get-code")
    assert crumbs[-2:] == [licenses.titles[lang], get_code.titles[lang]]
    # Named apart from the menu ("Navigation"): two landmarks, two names (axe landmark-unique).
    assert 'aria-label="Navigation"' not in path.group(0)
    # The section is the active entry of the menu.
    assert re.search(r'md-nav__link--active[^>]*>', html) or 'md-nav__item--active' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_pages_stay_small(site_dir: Path, lang: str) -> None:
    for key in TOPICS:
        size = len(page(site_dir, key, lang).encode("utf-8"))
        assert size <= MAX_ARTICLE_HTML, (key, lang, size)
