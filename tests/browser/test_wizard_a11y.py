"""Accessibility and small screens: axe on every wizard page in every
language, no sideways scrolling at 360 px, and screenshots of each kind of
step (360 px and desktop) saved under test-artifacts/.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.axe import judged_in_english, scrolling_settled, violations
from tests.conftest import python_was_refused
from wizardtools.flowlint import load_flows

pytestmark = pytest.mark.browser
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
# Each context states its reader: locale and zone never come from the machine.
READERS = {"en": ("en-US", "America/Chicago"), "ru": ("ru-RU", "Europe/Moscow"),
           "zh": ("zh-CN", "Asia/Shanghai")}
FLOWS = load_flows()
READY = 90_000
# Every step and every live part at once, so one axe run sees them all.
ALL_STEPS = ".kg-step { display: block !important; } .kg-live[hidden] { display: block !important; }"


def page_path(flow_id: str, lang: str) -> str:
    return f"{LANG_DIRS[lang]}wizard/" + ("" if flow_id == "start" else f"{flow_id}/")


def horizontal_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def resized(page: Page, width: int, height: int) -> None:
    """Set the viewport and wait until the transitions the new size started
    (Material's search box slides to its new place) have run."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_axe_finds_nothing_on_any_wizard_page_and_nothing_scrolls_sideways_at_360px(
    browser, no_python_url: str, lang: str
) -> None:
    locale, zone = READERS[lang]
    # Python is not needed to judge the markup; the live parts are shown by CSS.
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  locale=locale, timezone_id=zone)
    page = context.new_page()
    problems = {}
    try:
        for flow_id in FLOWS:
            page.goto(no_python_url + page_path(flow_id, lang))
            expect(page.locator(".kg-step:visible h2")).to_be_visible()
            # Every rule runs with every step shown: the page as it opens shows a
            # part of the same document. Only the rule that showing all steps
            # breaks (they repeat landmark names that never share a screen) is
            # judged on the page as it opens.
            found = violations(page, only=("landmark-unique",))
            page.add_style_tag(content=ALL_STEPS)
            scrolling_settled(page)
            found += violations(page, disable=("landmark-unique", *judged_in_english(lang)))
            overflow = horizontal_overflow(page)
            if found or overflow > 0:
                problems[flow_id] = {"axe": found, "overflow_px": overflow}
        python_was_refused(page)
    finally:
        context.close()
    assert problems == {}


def test_axe_finds_nothing_in_the_dark_palette(browser, no_python_url: str) -> None:
    locale, zone = READERS["en"]
    context = browser.new_context(color_scheme="dark", locale=locale, timezone_id=zone)
    page = context.new_page()
    try:
        for flow_id in ("start", "activation", "not-received"):
            page.goto(no_python_url + page_path(flow_id, "en"))
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
            page.add_style_tag(content=ALL_STEPS)
            scrolling_settled(page)
            assert violations(page, disable=("landmark-unique",)) == [], flow_id
    finally:
        context.close()


SHOTS = [
    # (name, flow, step, preparation)
    ("choice", "start", "topic", None),
    ("check-code", "code-invalid", "format", "code"),
    ("check-wait", "not-received", "wait", "wait"),
    ("info", "not-received", "patience", None),
    ("check-clock", "activation", "clock", "clock"),
    ("check-file-age", "activation", "file-age", "file"),
    ("outcome-resolved", "activation", "solved", None),
    ("outcome-escalate", "activation", "contact", "compose"),
]


def prepare(page: Page, step: str, what: str | None) -> None:
    if what == "code":
        page.fill("#format-code", " fp-7m6et–zwf05-7j6w0-zmdsk")
        expect(page.locator("#format-code-result .kg-use-fixed")).to_be_visible(timeout=READY)
    elif what == "wait":
        page.select_option("#wait-wait-reseller", "fastspring")
        # The field is read in the reader's zone, not the machine's.
        now = datetime.now(ZoneInfo(READERS["en"][1]))
        page.fill("#wait-wait-purchased", (now - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M"))
        expect(page.locator("#wait .kg-countdown")).to_be_visible(timeout=READY)
    elif what == "clock":
        expect(page.locator("#clock a.kg-suggested")).to_be_visible(timeout=READY)
    elif what == "file":
        page.fill("#file-age-file-issued", (datetime.now(UTC) - timedelta(days=400)).strftime("%Y-%m-%d"))
        expect(page.locator("#file-age a.kg-suggested")).to_be_visible(timeout=READY)
    elif what == "compose":
        page.fill("#contact-f-code", "FP-7M6ET-ZWF05-7J6W0-ZMDSK")
        expect(page.locator("#contact .kg-body")).to_contain_text("FP-7M6ET", timeout=READY)


def test_screenshots_of_each_kind_of_step_at_360px_and_desktop(
    browser, base_url: str, artifacts: Path
) -> None:
    saved = []
    locale, zone = READERS["en"]
    # One reader, one page per flow: each step is shown and filled once, then
    # shot on a phone and on a desktop, so Python starts once per flow page
    # (a page opened again would start it again: about 2 CPU-s each).
    phone, desktop = (360, 740, "360"), (1280, 900, "desktop")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale,
                                  timezone_id=zone)
    page = context.new_page()
    try:
        current = None
        for name, flow_id, step, what in SHOTS:
            page.set_viewport_size({"width": phone[0], "height": phone[1]})
            if current != flow_id:
                page.goto(base_url + page_path(flow_id, "en"))
                expect(page.locator(".kg-live-status")).to_have_attribute(
                    "data-state", "ready", timeout=READY)
                current = flow_id
            page.evaluate("id => { location.hash = id }", step)
            expect(page.locator(f"#{step}-title")).to_be_visible()
            prepare(page, step, what)
            for width, height, label in (phone, desktop):
                resized(page, width, height)
                assert page.evaluate("innerWidth") == width
                assert horizontal_overflow(page) <= 0, (name, label)
                if label == "360" and what in ("code", "compose"):
                    assert violations(page) == [], name  # with live results in place
                path = artifacts / f"wizard-{name}-{label}.png"
                # From the top: the header is fixed, so a page scrolled to the
                # field would show it in the middle of a full-page shot.
                page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
                page.screenshot(path=str(path), full_page=True)
                saved.append(path)
    finally:
        context.close()
    assert all(p.stat().st_size > 5_000 for p in saved) and len(saved) == 2 * len(SHOTS)
