"""The built articles: every topic in every language, with its metadata box,
troubleshooter link, related articles, tags index and feedback widget; and,
in Chromium, no console errors, no requests on feedback, no axe violations.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sitebuild import articles
from tests.axe import judged_in_english, violations
from tests.browser.test_site_a11y import SAMPLE as A11Y_SAMPLE
from tests.unit.test_translations import DOCS, TOPICS
from wizard.vendor import LANGUAGES, load_vendor

LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}


def built(site: Path, key: str, lang: str) -> Path:
    return site / articles.page_url(key, lang, "en") / "index.html"


def html_of(site: Path, key: str, lang: str) -> str:
    return built(site, key, lang).read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", TOPICS)
def test_every_topic_page_is_built_in_every_language(site_dir: Path, key: str, lang: str) -> None:
    html = html_of(site_dir, key, lang)
    assert f'<html lang="{lang}"' in html
    meta = articles.front_matter(articles_source(key, lang).read_text("utf-8"))
    assert meta["title"].replace("&", "&amp;") in html or meta["title"] in html
    box = re.search(r'<aside class="kg-info".*?</aside>', html, re.S)
    assert box, "metadata box"
    labels = articles.LABELS[lang]
    for label in ("id", "products", "platforms", "updated"):
        assert labels[label] in box.group(0), label
    assert f"<code>{meta['id']}</code>" in box.group(0)
    for product in load_vendor()["products"]:
        assert product["name"] in box.group(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statement_names_come_from_the_vendor_file(site_dir: Path, lang: str) -> None:
    # A reader holding a card statement with "FSPRG" on it finds the reseller:
    # on its own page and in the "Who sold me this?" table, in every language.
    labelled = [r for r in load_vendor()["resellers"] if r.get("statement_names")]
    assert labelled
    who = html_of(site_dir, "resellers/index.md", lang)
    table = who[who.index('id="statement"'):]
    for reseller in labelled:
        page = html_of(site_dir, f"resellers/{reseller['id']}.md", lang)
        for name in reseller["statement_names"]:
            assert f"<code>{name}</code>" in page, (reseller["id"], name)
            assert f"<code>{name}</code>" in table, (reseller["id"], name)


def articles_source(key: str, lang: str) -> Path:
    from tests.unit.test_translations import source

    return source(key, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_troubleshooter_block_links_to_the_flow_in_the_same_language(site_dir: Path, lang: str) -> None:
    checked = 0
    for key in TOPICS:
        # every article has the block; without `troubleshooter:` it starts the chooser
        flow = articles.front_matter(articles_source(key, "en").read_text("utf-8")).get(
            "troubleshooter") or articles.DEFAULT_FLOW
        page = built(site_dir, key, lang)
        html = page.read_text("utf-8")
        match = re.search(r'class="md-button md-button--primary kg-stuck__button" href="([^"]+)"', html)
        assert match, key
        href = match.group(1)
        assert not href.startswith(("/", "http")), href
        target = (page.parent / href.split("#")[0] / "index.html").resolve()
        expected = site_dir / articles.troubleshooter_url(flow, lang, "en").split("#")[0] / "index.html"
        assert target == expected.resolve(), (key, href)
        assert articles.LABELS[lang]["stuck_button"] in html
        checked += 1
    assert checked, "no article has a troubleshooter"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_related_articles_are_in_the_same_language(site_dir: Path, lang: str) -> None:
    pages_with_related = 0
    for key in TOPICS:
        page = built(site_dir, key, lang)
        block = re.search(r'<nav class="kg-related".*?</nav>', page.read_text("utf-8"), re.S)
        if not block:
            continue
        pages_with_related += 1
        hrefs = re.findall(r'href="([^"]+)"', block.group(0))
        assert 1 <= len(hrefs) <= articles.RELATED_MAX
        for href in hrefs:
            target = (page.parent / href / "index.html").resolve()
            assert target.is_file(), href
            assert f'<html lang="{lang}"' in target.read_text("utf-8"), href
    assert pages_with_related >= len(TOPICS) // 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tags_index_lists_every_article_of_the_language(site_dir: Path, lang: str) -> None:
    html = html_of(site_dir, "tags.md", lang)
    for article in articles.scan(DOCS, LANGUAGES, "en"):
        if article.lang != lang:
            continue
        for tag in article.tags:
            assert f'id="{articles.tag_slug(tag)}"' in html, (article.src, tag)
        assert article.title in unescape(html), article.src


def test_pagefind_keeps_one_index_per_language_of_the_indexed_pages(site_dir: Path) -> None:
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sorted(entry["languages"]) == sorted(LANG_DIRS)
    indexed = {lang: 0 for lang in LANG_DIRS}
    for page in site_dir.rglob("index.html"):
        html = page.read_text("utf-8")
        if "data-pagefind-body" in html:
            indexed[re.search(r'<html lang="([a-z]+)', html).group(1)] += 1
    for lang, info in entry["languages"].items():
        assert info["page_count"] == indexed[lang] > 0, lang
    # Pagefind's own UIs are not used by any page: not published.
    assert not list((site_dir / "pagefind").glob("pagefind-*ui*"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_kept_out_of_search_are_not_indexed(site_dir: Path, lang: str) -> None:
    assert "data-pagefind-body" in html_of(site_dir, "articles/refunds.md", lang)
    assert "data-pagefind-body" not in (site_dir / LANG_DIRS[lang] / "wizard" / "refund" / "index.html").read_text("utf-8")
    # Related articles and the feedback widget would rank other pages' titles here.
    html = html_of(site_dir, "articles/refunds.md", lang)
    assert re.search(r'<nav class="kg-related" data-pagefind-ignore', html)


def test_no_all_languages_search_index_is_published(site_dir: Path) -> None:
    # No page loads the merged index mkdocs-static-i18n writes (15.8 MB at 1,000 articles × 3).
    assert not (site_dir / "search" / "search_index.json").exists()
    assert not list((site_dir / "search").glob("search_index.json.*"))
    stubs = sorted((site_dir / "search").glob("*/search/search_index.json"))
    assert sorted(p.parent.parent.name for p in stubs) == sorted(LANG_DIRS)
    assert all(json.loads(p.read_text("utf-8"))["docs"] == [] for p in stubs)


# --- in Chromium -------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANG_DIRS)
def test_feedback_answers_in_the_page_and_sends_nothing(
    page: Page, base_url: str, traffic, lang: str
) -> None:
    page.goto(f"{base_url}{LANG_DIRS[lang]}articles/refunds/")
    page.wait_for_load_state("networkidle")
    form = page.locator("form.md-feedback")
    expect(form).to_be_visible()
    before = len(traffic.requests)
    form.locator("button[data-md-value='1']").click()
    expect(form.locator(".md-feedback__note [data-md-value='1']")).to_be_visible()
    # A request the click started would be reported before this round trip ends.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    assert traffic.requests[before:] == []
    assert traffic.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANG_DIRS)
@pytest.mark.parametrize("path", ["", "articles/code-invalid/", "resellers/paddle/", "tags/"])
def test_pages_have_no_axe_violations_and_no_console_errors(
    page: Page, base_url: str, traffic, lang: str, path: str
) -> None:
    page.goto(f"{base_url}{LANG_DIRS[lang]}{path}")
    page.wait_for_load_state("networkidle")
    # axe runs here on the pages test_site_a11y does not sample (it judges its
    # own on a phone and a desktop, in every language).
    if path not in A11Y_SAMPLE:
        assert violations(page, disable=judged_in_english(lang)) == []
    assert traffic.console_errors == []
    assert not [u for u in traffic.requests if u.endswith("sitemap.xml")]
