"""Accessibility of the articles and the writers' desk, and sideways scrolling.

axe runs on a sample of pages (home, an article with tables and content tabs,
a reseller page, the writers' desk) in every language, on a phone and a
desktop. Boxes that scroll sideways (sitebuild/scrolling.py, assets/
kg-scroll.js) are checked with content forced wider than the screen by CSS,
so the result does not depend on the fonts installed: each one that scrolls
takes the focus, has a role and a name, shows the focus, and scrolls with
the arrow keys; the page itself never scrolls sideways.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.axe import judged_in_english, scrolling_settled, violations
from wizardtools.paths import FLOWS_DIR

pytestmark = pytest.mark.browser
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
LOCALES = {"en": "en-US", "ru": "ru-RU", "zh": "zh-CN"}
ZONES = {"en": "America/Chicago", "ru": "Europe/Moscow", "zh": "Asia/Shanghai"}
SAMPLE = ("", "articles/code-not-received/", "resellers/paddle/", "writers/")
# The writers' desk scrolls one flowchart per flow and the translation table.
WRITERS_BOXES = len(list(FLOWS_DIR.glob("*.yaml"))) + 1
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Wider than any phone, whatever the fonts: tables, tab rows and charts.
FORCE_WIDE = """
.md-typeset table th, .md-typeset table td { min-width: 300px; }
.md-typeset .tabbed-labels > label { min-width: 400px; flex-shrink: 0; }
.md-typeset .kg-fc-scroll svg { min-width: 900px; }
"""
# Every wizard step at once, so the timing table is on screen.
ALL_STEPS = ".kg-step { display: block !important; }"
SCROLLERS = """() => [...document.querySelectorAll('[data-kg-scroll]')]
  .filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
  .map((e) => ({tag: e.tagName, cls: e.className, tabindex: e.getAttribute('tabindex'),
                role: e.getAttribute('role'), name: e.getAttribute('aria-label')}))"""


def new_page(browser, lang: str, viewport: dict, **extra) -> Page:
    # Python is not needed to judge markup.
    context = browser.new_context(viewport=viewport, locale=LOCALES[lang],
                                  timezone_id=ZONES[lang], **extra)
    return context.new_page()


def add_css(page: Page, css: str) -> None:
    """A style sheet added by the test (page.add_style_tag never returns with JavaScript off)."""
    page.evaluate("css => document.head.append(Object.assign(document.createElement('style'),"
                  " {textContent: css}))", css)


def page_overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_axe_finds_nothing_on_articles_and_the_writers_desk_on_a_phone_and_a_desktop(
    browser, no_python_url: str, lang: str
) -> None:
    problems = {}
    # One reader, first on a phone, then on a desktop: each page loads at the
    # window's size (a resize would catch Material's transitions mid-way), and
    # the second round's files come from the cache.
    page = new_page(browser, lang, PHONE)
    try:
        for label, viewport in (("360", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            for path in SAMPLE:
                page.goto(no_python_url + LANG_DIRS[lang] + path)
                expect(page.locator(".md-content")).to_be_visible()
                scrolling_settled(page)  # Material wraps tables once it runs
                found, overflow = violations(page, disable=judged_in_english(lang)), page_overflow(page)
                if found or overflow > 0:
                    problems[(label, path)] = {"axe": found, "overflow_px": overflow}
    finally:
        page.context.close()
    assert problems == {}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_box_that_scrolls_sideways_on_a_phone_is_reachable_named_and_scrolls_by_key(
    browser, no_python_url: str, lang: str
) -> None:
    page = new_page(browser, lang, PHONE)
    seen: dict[str, list] = {}
    try:
        for path, wanted in (("articles/code-not-received/", 3), ("writers/", WRITERS_BOXES),
                             ("wizard/not-received/", 1)):
            page.goto(no_python_url + LANG_DIRS[lang] + path)
            add_css(page, FORCE_WIDE + ALL_STEPS)
            # kg-scroll.js gives a focus stop to each box once it scrolls.
            expect(page.locator("[data-kg-scroll][tabindex='0']")).to_have_count(
                wanted, timeout=10_000)
            boxes = page.evaluate(SCROLLERS)
            seen[path] = boxes
            assert len(boxes) == wanted, (path, boxes)
            for box in boxes:
                assert box["tabindex"] == "0", box
                assert box["role"] == "region", box
                assert box["name"] and box["name"].strip(), box
            assert page_overflow(page) <= 0, path
            assert violations(page, disable=judged_in_english(lang)) == [], path
        # From the keyboard: Tab reaches a table's box, it shows the focus,
        # and the arrow keys scroll it.
        page.goto(no_python_url + LANG_DIRS[lang] + "articles/code-not-received/")
        add_css(page, FORCE_WIDE)
        box = page.locator(".md-typeset__scrollwrap[data-kg-scroll]").first
        expect(box).to_have_attribute("tabindex", "0")
        for _ in range(150):
            page.keyboard.press("Tab")
            if box.evaluate("b => b === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the first table")
        assert box.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.activeElement.scrollLeft > 0", timeout=5_000)
    finally:
        page.context.close()
    names = [b["name"] for boxes in seen.values() for b in boxes]
    words = {"ru": "Таблица", "zh": "表格"}[lang]
    assert any(n.startswith(words) for n in names), names


def test_a_box_is_a_focus_stop_only_while_it_scrolls(browser, no_python_url: str) -> None:
    page = new_page(browser, "en", DESKTOP)
    try:
        page.goto(no_python_url + "articles/code-not-received/")
        tables = page.locator(".md-typeset__scrollwrap[data-kg-scroll]")
        expect(tables.first).to_have_attribute("role", "region")
        expect(tables.first).not_to_have_attribute("tabindex", "0")
        add_css(page, FORCE_WIDE)
        expect(tables.first).to_have_attribute("tabindex", "0")
        # The table inside lost its own mark: one focus stop, one name.
        assert tables.first.locator("table[tabindex], table[aria-label]").count() == 0
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_with_javascript_off_tables_and_charts_are_focusable_and_named(
    browser, no_python_url: str, lang: str
) -> None:
    page = new_page(browser, lang, PHONE, java_script_enabled=False)
    try:
        for path, wanted in (("articles/code-not-received/", 3), ("writers/", WRITERS_BOXES)):
            page.goto(no_python_url + LANG_DIRS[lang] + path)
            add_css(page, FORCE_WIDE)
            boxes = page.evaluate(SCROLLERS)
            assert len(boxes) == wanted, (path, boxes)
            for box in boxes:
                # Material lets a table scroll itself: it keeps its table role.
                assert box["role"] == ("region" if box["tag"] != "TABLE" else None), box
                assert box["tabindex"] == "0" and box["name"], box
    finally:
        page.context.close()
