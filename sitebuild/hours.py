"""Support hours in words, for the articles: the vendor's zone, Moscow or
Beijing time computed at build time, and a hook for the reader's own zone.

``{{ support_hours() }}`` in a page gives the hours in the page's language:
the days and times of ``vendor.support.hours`` with the vendor's time zone
named, and on ru/zh pages the same hours in Moscow / Beijing time, converted
with the time-zone rules in force on the build date (so a build in winter and
one in summer can differ by an hour; ``{{ hours_note() }}`` says so). After it
comes an empty ``<span class="kg-reader-hours">`` that ``assets/kg-hours.js``
fills with the hours in the reader's own zone (JavaScript on); the page reads
the same without it. The sentences live in ``wizard/data/hours_text.json``.

>>> from wizard.vendor import load_vendor
>>> str(support_hours(load_vendor(), "ru", dt.date(2026, 12, 1))).split(" <span")[0]
'пн–пт с 09:00 до 18:00 по берлинскому времени; по Москве — пн–пт с 11:00 до 20:00'
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitebuild.zones import REFERENCE_ZONES, build_date, convert

TEXT_FILE = Path(__file__).resolve().parent.parent / "wizard" / "data" / "hours_text.json"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@cache
def texts() -> dict[str, dict[str, str]]:
    return json.loads(TEXT_FILE.read_text("utf-8"))


def _day_range(days: list[str], lang: str, shift: int = 0) -> str:
    words = texts()[lang]
    names = [words[f"day.{DAYS[(DAYS.index(d) + shift) % 7]}"] for d in days]
    if len(names) == 1:
        return names[0]
    return words["days"].format(first=names[0], last=names[-1])


def zone_label(vendor: dict[str, Any], lang: str) -> str:
    """How a sentence names the vendor's zone: ``timezone_label`` in vendor.yml,
    else the zone's main city from CLDR (``Berlin time``)."""
    own = vendor.get("vendor", vendor)
    label = (own.get("timezone_label") or {}).get(lang)
    if label:
        return str(label)
    from babel.dates import get_timezone_location

    city = get_timezone_location(own["timezone"], locale=lang, return_city=True)
    return {"en": f"{city} time", "ru": f"по времени офиса ({city})", "zh": f"{city}时间"}[lang]


def country_name(vendor: dict[str, Any], lang: str) -> str:
    """The vendor's country (whose public holidays delay replies), in ``lang``.

    >>> country_name({"vendor": {"country": "DE"}}, "zh")
    '德国'
    """
    from babel import Locale

    code = vendor.get("vendor", vendor)["country"]
    return str(Locale.parse(lang).territories.get(code, code))


def support_hours(vendor: dict[str, Any], lang: str, on: dt.date | None = None,
                  hours: dict[str, Any] | None = None) -> Markup:
    """The hours sentence fragment for ``lang`` plus the reader-zone hook
    (``hours``: a channel's own hours, default the support hours)."""
    own = vendor.get("vendor", vendor)
    hours, zone = hours or own["support"]["hours"], own["timezone"]
    words = texts()[lang]
    on = on or build_date()
    values = {
        "days": _day_range(hours["days"], lang),
        "open": hours["open"],
        "close": hours["close"],
        "zone": zone,
        "zone_label": zone_label(vendor, lang),
    }
    reference = REFERENCE_ZONES.get(lang)
    skip = [zone]
    if reference:
        shifted = convert(hours, zone, reference, on)
        values |= {
            "ref_days": _day_range(hours["days"], lang, shifted.day_shift),
            "ref_open": shifted.open,
            "ref_close": (words["next_day"].format(time=shifted.close)
                          if shifted.close_next_day else shifted.close),
        }
        skip.append(reference)
    text = escape(words["hours"].format(**values))
    return Markup(text + reader_hook(hours, zone, lang, skip))


def reader_hook(hours: dict[str, Any], zone: str, lang: str, skip: list[str]) -> str:
    """The empty span ``assets/kg-hours.js`` fills in (hidden until then)."""
    words = texts()[lang]
    data = {
        "zone": zone,
        "days": ",".join(hours["days"]),
        "open": hours["open"],
        "close": hours["close"],
        "skip": ",".join(skip),
        "text": words["reader"],
        "range": words["reader_days"],
        "next-day": words["next_day"],
        "weekday": words["reader_weekday"],
    }
    attrs = " ".join(f'data-{key}="{escape(value)}"' for key, value in data.items())
    return f' <span class="kg-reader-hours" {attrs} hidden></span>'


def hours_note(vendor: dict[str, Any], lang: str, on: dt.date | None = None) -> str:
    """Which zone the hours follow and the date the conversion was made for."""
    from babel.dates import format_date

    on = on or build_date()
    own = vendor.get("vendor", vendor)
    return texts()[lang]["note"].format(
        zone=own["timezone"], zone_label=zone_label(vendor, lang),
        date=format_date(on, "long", locale=lang),
    )


def holidays_note(vendor: dict[str, Any], lang: str) -> str:
    """Whose public holidays delay replies: the vendor's country."""
    return texts()[lang]["holidays"].format(country=country_name(vendor, lang))
