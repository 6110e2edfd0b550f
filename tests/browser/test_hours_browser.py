"""In Chromium: the support hours also appear in the reader's own time zone
(assets/kg-hours.js), formatted in the page's language; never for a reader in
the vendor's zone, and the static text stays without JavaScript."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from wizard.vendor import load_vendor

pytestmark = pytest.mark.browser

OWN = load_vendor()["vendor"]
HOURS = OWN["support"]["hours"]
PATHS = {"en": "articles/contact-support/", "ru": "ru/articles/contact-support/",
         "zh": "zh/articles/contact-support/"}
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday"],
            "ru": ["пн", "вт", "ср", "чт", "пт", "сб", "вс"],
            "zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]}


def expected(lang: str, reader_zone: str) -> str:
    """What the hook should say, computed with Python's zone rules (not the page's)."""
    vendor_zone = ZoneInfo(OWN["timezone"])
    today = dt.datetime.now(vendor_zone).date()
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    def instant(day: str, clock: str) -> dt.datetime:
        ahead = (names.index(day) - today.weekday()) % 7
        hour, minute = map(int, clock.split(":"))
        local = dt.datetime.combine(today + dt.timedelta(days=ahead), dt.time(hour, minute),
                                    vendor_zone)
        return local.astimezone(ZoneInfo(reader_zone))

    days = HOURS["days"]
    opens, closes = instant(days[0], HOURS["open"]), instant(days[0], HOURS["close"])
    last = instant(days[-1], HOURS["open"])
    first_day, last_day = WEEKDAYS[lang][opens.weekday()], WEEKDAYS[lang][last.weekday()]
    o, c = opens.strftime("%H:%M"), closes.strftime("%H:%M")
    next_day = closes.date() > opens.date()
    if lang == "en":
        c = f"{c} the next day" if next_day else c
        return f"(in your time zone: {first_day}–{last_day}, {o}–{c})"
    if lang == "ru":
        c = f"{c} следующего дня" if next_day else c
        return f"(по вашему времени — {first_day}–{last_day} с {o} до {c})"
    c = f"次日 {c}" if next_day else c
    return f"（换算为您所在时区：{first_day}至{last_day} {o}–{c}）"


@pytest.mark.parametrize(
    ("lang", "locale", "zone"),
    [("en", "en-US", "America/New_York"),
     ("ru", "ru-RU", "Asia/Yekaterinburg"),
     ("zh", "zh-CN", "America/Los_Angeles")],
)
def test_hours_appear_in_the_readers_zone_and_language(browser, base_url, lang, locale, zone):
    context = browser.new_context(locale=locale, timezone_id=zone)
    page = context.new_page()
    page.goto(f"{base_url}/{PATHS[lang]}")
    hooks = page.locator(".kg-reader-hours")
    # The contact line, the "When we reply" section, and on zh the WeChat channel.
    assert hooks.count() == (3 if lang == "zh" else 2)
    for index in range(hooks.count()):
        expect(hooks.nth(index)).to_be_visible()
        expect(hooks.nth(index)).to_have_text(expected(lang, zone))
    context.close()


def test_a_reader_in_the_vendors_zone_sees_no_second_copy(browser, base_url):
    context = browser.new_context(locale="ru-RU", timezone_id=OWN["timezone"])
    page = context.new_page()
    page.goto(f"{base_url}/{PATHS['ru']}")
    # Wait for the script to have run on another hook-free signal: the page is loaded.
    page.wait_for_load_state("load")
    assert page.locator(".kg-reader-hours").count() == 2
    expect(page.locator(".kg-reader-hours").nth(1)).to_be_hidden()
    expect(page.locator(".kg-reader-hours").first).to_be_hidden()
    assert page.locator(".kg-reader-hours").first.text_content() == ""
    context.close()


def test_without_javascript_the_static_hours_remain(browser, base_url):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{PATHS['zh']}")
    text = page.locator("article").inner_text()
    assert "柏林时间" in text and "即北京时间" in text
    expect(page.locator(".kg-reader-hours").first).to_be_hidden()
    context.close()
