"""Support hours on the static pages: the vendor's zone named, Moscow time on
Russian pages and Beijing time on Chinese pages, computed for the build date
(DST-correct), and whose public holidays delay replies."""

from __future__ import annotations

import datetime as dt

import pytest

from sitebuild import hours, variables
from tests.paths import DOCS
from wizard.vendor import Vendor, load_vendor

VENDOR = load_vendor()
WINTER, SUMMER = dt.date(2026, 12, 1), dt.date(2026, 7, 1)


def page(key: str, lang: str, on: dt.date, monkeypatch: pytest.MonkeyPatch) -> str:
    """The page's Markdown after the vendor variables, built on date ``on``."""
    epoch = int(dt.datetime.combine(on, dt.time(12), dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    suffix = "" if lang == "en" else f".{lang}"
    source = (DOCS / f"{key}{suffix}.md").read_text("utf-8")
    return variables.render(source, key, variables.context(VENDOR, lang))


# Demo vendor: Mon–Fri 09:00–18:00 Europe/Berlin. Berlin is UTC+1 in winter and
# UTC+2 in summer; Moscow is UTC+3 and Beijing UTC+8 all year.
@pytest.mark.parametrize(
    ("lang", "on", "expected"),
    [
        ("ru", WINTER, "по Москве — пн–пт с 11:00 до 20:00"),
        ("ru", SUMMER, "по Москве — пн–пт с 10:00 до 19:00"),
        ("zh", WINTER, "即北京时间周一至周五 16:00–次日 01:00"),
        ("zh", SUMMER, "即北京时间周一至周五 15:00–次日 00:00"),
    ],
)
@pytest.mark.parametrize(
    "key", ["index", "articles/contact-support", "articles/code-not-received",
            "articles/offline-activation"],
)
def test_ru_and_zh_pages_show_moscow_and_beijing_hours_for_the_build_date(
    key: str, lang: str, on: dt.date, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page(key, lang, on, monkeypatch)
    assert expected in text
    assert {"ru": "по берлинскому времени", "zh": "柏林时间"}[lang] in text
    assert 'class="kg-reader-hours" data-zone="Europe/Berlin"' in text


def test_english_pages_name_the_vendors_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    text = page("articles/contact-support", "en", WINTER, monkeypatch)
    assert "Monday–Friday, 09:00–18:00 Berlin time (Europe/Berlin)" in text
    assert "public holidays in Germany" in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ru", ["календарю страны", "Германия", "1 декабря 2026"]),
     ("zh", ["（德国）的公共假日", "2026年12月1日"])],
)
def test_contact_page_says_whose_holidays_count_and_the_conversion_date(
    lang: str, words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page("articles/contact-support", lang, WINTER, monkeypatch)
    for word in words:
        assert word in text


def test_a_zone_west_of_utc_moves_the_days_in_beijing() -> None:
    vendor = Vendor.from_data({"vendor": {
        "timezone": "America/Los_Angeles", "country": "US", "timezone_label": {"zh": "太平洋时间"},
        "support": {"hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00",
                              "close": "17:00"}}}})
    text = str(hours.support_hours(vendor, "zh", WINTER))
    # 09:00 PST is 01:00 the next day in Beijing: Monday there is Tuesday here.
    assert text.startswith("周一至周五 09:00–17:00（太平洋时间），即北京时间周二至周六 01:00–09:00")


def test_without_a_label_the_zone_is_named_by_its_city() -> None:
    vendor = Vendor.from_data({"vendor": {"timezone": "Asia/Tokyo", "country": "JP",
                                          "support": {"hours": {"days": ["mon"], "open": "10:00",
                                                                "close": "12:00"}}}})
    assert str(hours.support_hours(vendor, "en", WINTER)).startswith(
        "Monday, 10:00–12:00 Tokyo time (Asia/Tokyo) <span")


@pytest.mark.parametrize(("lang", "words"), [("en", "Paddle: United Kingdom"),
                                             ("ru", "Paddle: Великобритания"),
                                             ("zh", "Paddle：英国")])
def test_delivery_times_say_whose_holidays_count(lang, words, monkeypatch) -> None:
    # The delivery delay on holidays is the payment platform's, by its country.
    assert words in page("articles/code-not-received", lang, WINTER, monkeypatch)


@pytest.mark.parametrize(
    ("lang", "on", "expected"),
    [("ru", WINTER, "По Москве — пн–пт, 11:00–20:00."),
     ("ru", SUMMER, "По Москве — пн–пт, 10:00–19:00."),
     ("zh", WINTER, "即北京时间周一至周五 16:00–次日 01:00。"),
     ("zh", SUMMER, "即北京时间周一至周五 15:00–次日 00:00。")],
)
def test_wizard_escalation_hours_add_moscow_and_beijing_time(
    lang: str, on: dt.date, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitebuild import render

    epoch = int(dt.datetime.combine(on, dt.time(12), dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    html = render._hours(lang, Vendor.from_data(VENDOR))
    assert expected in html
    assert {"ru": "(по берлинскому времени)", "zh": "（柏林时间）"}[lang] in html
    assert "Europe/Moscow" not in render._hours("en", Vendor.from_data(VENDOR))
