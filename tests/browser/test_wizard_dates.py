"""Dates and times in the wizard: the page's language writes them, the reader's
own locale may bring its clock (12- or 24-hour), the reader's zone places them.

The rule is in the README ("Dates and times") and ``wizard/web/dom.mjs``;
``tests/clock_text.py`` spells out each style. Every context here states its
locale and zone, so nothing depends on the machine's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from sitebuild.render import UI
from tests.clock_text import plain, written
from wizard.timing import estimate
from wizard.vendor import Vendor

pytestmark = pytest.mark.browser
READY = 90_000
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
MOMENT = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)

# (page language, reader's browser locale, reader's zone) -> how it is written
CASES = [
    ("en", "en-US", "Asia/Tokyo", "en-US", "December 1, 2026"),  # 12-hour reader
    ("en", "en-GB", "Europe/Moscow", "en-GB", "1 December 2026"),  # 24-hour reader
    ("en", "ja-JP", "Asia/Tokyo", "en", "December 1, 2026"),  # Tokyo, Japanese browser
    ("ru", "ru-RU", "Europe/Moscow", "ru", "1 декабря 2026 г."),
    ("ru", "en-US", "Asia/Tokyo", "ru", "1 декабря 2026 г."),  # the page's clock, not en-US's
    ("zh", "zh-CN", "Asia/Shanghai", "zh-CN", "2026年12月1日"),
    ("zh", "zh-TW", "Asia/Kolkata", "zh-CN", "2026年12月1日"),  # Simplified page stays Simplified
]


@pytest.mark.parametrize(("lang", "locale", "zone", "style", "day"), CASES)
def test_instants_and_days_are_written_for_the_page_language_and_the_readers_clock(
    browser, base_url: str, lang: str, locale: str, zone: str, style: str, day: str
) -> None:
    context = browser.new_context(locale=locale, timezone_id=zone)
    page = context.new_page()
    try:
        page.goto(base_url)
        shown = page.evaluate(
            """async ([url, lang, moment]) => {
                 const dom = await import(url);
                 return [dom.formatInstant(moment, lang), dom.formatDay(moment.slice(0, 10), lang)];
               }""",
            [base_url + "assets/wizard/dom.mjs", lang, MOMENT.isoformat()],
        )
    finally:
        context.close()
    assert [plain(s) for s in shown] == [written(MOMENT, style, zone), day]


# Durations (how far off a device clock is): seconds are shown below an hour;
# with hours the minutes are rounded, since a skew measured against a Date
# header (whole seconds) lands a second either side of the true one.
DURATIONS = [(12, "12 s"), (125, "2 min 5 s"), (3599, "59 min 59 s"), (3600, "1 h 0 min"),
             (3629, "1 h 0 min"), (3630, "1 h 1 min"), (259_198.6, "72 h 0 min"),
             (259_200, "72 h 0 min"), (-7_170, "2 h 0 min")]


def test_durations_round_to_the_minute_once_hours_are_shown(page, base_url: str) -> None:
    page.goto(base_url)
    shown = page.evaluate(
        """async ([url, strings, seconds]) => {
             const dom = await import(url);
             return seconds.map((s) => dom.duration(s * 1000, strings));
           }""",
        [base_url + "assets/wizard/dom.mjs", UI["en"], [s for s, _ in DURATIONS]],
    )
    assert shown == [text for _, text in DURATIONS]


# The live wizard: Python in the worker says when the code is due, the page
# writes it for a 12-hour reader in Tokyo and a 24-hour reader in Moscow.
LIVE = [("en", "en-US", "Asia/Tokyo", "en-US"), ("ru", "ru-RU", "Europe/Moscow", "ru")]


@pytest.mark.parametrize(("lang", "locale", "zone", "style"), LIVE)
def test_live_waiting_time_is_written_in_the_readers_clock_and_zone(
    browser, base_url: str, lang: str, locale: str, zone: str, style: str
) -> None:
    context = browser.new_context(locale=locale, timezone_id=zone)
    page = context.new_page()
    try:
        page.goto(f"{base_url}{LANG_DIRS[lang]}wizard/not-received/#wait")
        expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready",
                                                                  timeout=READY)
        # The purchase field is the reader's local time, as the browser reads it.
        purchased = datetime.now(ZoneInfo(zone)).replace(second=0, microsecond=0)
        purchased -= timedelta(minutes=5)
        page.select_option("#wait-wait-reseller", "paddle")
        page.fill("#wait-wait-purchased", purchased.strftime("%Y-%m-%dT%H:%M"))
        expected = estimate(Vendor.load().resellers["paddle"], purchased,
                            datetime.now(UTC))
        assert expected["status"] == "wait"
        due = datetime.fromisoformat(expected["latest_by"].replace("Z", "+00:00"))
        line = UI[lang]["wait_result_wait"].format(time=written(due, style, zone))
        result = page.locator("#wait-wait-result p").first
        expect(result).to_have_class("kg-ok")
        expect(result).not_to_be_empty()
        assert plain(result.inner_text()) == line
    finally:
        context.close()
