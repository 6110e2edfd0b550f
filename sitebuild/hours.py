"""Support hours in words, for the articles: the vendor's zone, Moscow or
Beijing time computed at build time, and a hook for the reader's own zone.

``{{ support_hours() }}`` in a page gives the hours in the page's language:
the days and times of ``vendor.support.hours`` with the vendor's time zone
named, and on ru/zh pages the same hours in Moscow / Beijing time, converted
with the time-zone rules in force on the build date (so a build in winter and
one in summer can differ by an hour; ``{{ hours_note() }}`` says so). After it
comes an empty ``<span class="kg-reader-hours">`` that ``assets/kg-hours.js``
fills with the hours in the reader's own zone (JavaScript on); the page reads
the same without it. The sentences live in ``wizard/data/hours_text.json``,
the day names in ``wizard/data/channels_text.json`` (:func:`wizard.channels.days_text`,
as the support channels name them).

>>> from wizard.vendor import Vendor
>>> str(support_hours(Vendor.load(), "ru", dt.date(2026, 12, 1))).split(" <span")[0]
'пн–пт с 09:00 до 18:00 по берлинскому времени; по Москве — пн–пт с 11:00 до 20:00'
"""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from sitebuild.zones import REFERENCE_ZONES, build_date, convert
from wizard.channels import days_text
from wizard.vendor import Hours, Vendor
from wizard.words import data


def hours_words(lang: str) -> dict[str, str]:
    """``hours_text.json`` in ``lang``: the hours sentences (build time only)."""
    return data("hours_text.json")[lang]


def zone_label(vendor: Vendor, lang: str) -> str:
    """How a sentence names the vendor's zone: ``timezone_label`` in vendor.yml,
    else the zone's main city from CLDR (``Berlin time``).

    >>> zone_label(Vendor.from_data({"vendor": {"timezone": "Asia/Tokyo"}}), "en")
    'Tokyo time'
    """
    label = vendor.timezone_label.get(lang)
    if label:
        return label
    from babel.dates import get_timezone_location

    city = get_timezone_location(vendor.timezone, locale=lang, return_city=True)
    return hours_words(lang)["zone_city"].format(city=city)


def country_name(code: str, lang: str) -> str:
    """A country (whose public holidays delay replies) by its code, in ``lang``.

    >>> country_name("DE", "zh")
    '德国'
    """
    from babel import Locale

    return str(Locale.parse(lang).territories.get(code, code))


def support_hours(vendor: Vendor, lang: str, on: dt.date | None = None,
                  hours: Hours | None = None) -> Markup:
    """The hours sentence fragment for ``lang`` plus the reader-zone hook
    (``hours``: a channel's own hours, default the support hours)."""
    hours, zone = hours or vendor.support.hours, vendor.timezone
    words = hours_words(lang)
    on = on or build_date()
    values = {
        "days": days_text(hours.days, lang),
        "open": hours.open,
        "close": hours.close,
        "zone": zone,
        "zone_label": zone_label(vendor, lang),
    }
    reference = REFERENCE_ZONES.get(lang)
    skip = [zone]
    if reference:
        shifted = convert(hours, zone, reference, on)
        values |= {
            "ref_days": days_text(hours.days, lang, shifted.day_shift),
            "ref_open": shifted.open,
            "ref_close": (words["next_day"].format(time=shifted.close)
                          if shifted.close_next_day else shifted.close),
        }
        skip.append(reference)
    text = escape(words["hours"].format(**values))
    return Markup(text + reader_hook(hours, zone, lang, skip))


def reader_hook(hours: Hours, zone: str, lang: str, skip: list[str]) -> str:
    """The empty span ``assets/kg-hours.js`` fills in (hidden until then)."""
    words = hours_words(lang)
    data = {
        "zone": zone,
        "days": ",".join(hours.days),
        "open": hours.open,
        "close": hours.close,
        "skip": ",".join(skip),
        "text": words["reader"],
        "range": words["reader_days"],
        "next-day": words["next_day"],
        "weekday": words["reader_weekday"],
    }
    attrs = " ".join(f'data-{key}="{escape(value)}"' for key, value in data.items())
    return f' <span class="kg-reader-hours" {attrs} hidden></span>'


def hours_note(vendor: Vendor, lang: str, on: dt.date | None = None) -> str:
    """Which zone the hours follow and the date the conversion was made for."""
    from babel.dates import format_date

    on = on or build_date()
    return hours_words(lang)["note"].format(
        zone=vendor.timezone, zone_label=zone_label(vendor, lang),
        date=format_date(on, "long", locale=lang),
    )


def holidays_note(vendor: Vendor, lang: str) -> str:
    """Whose public holidays delay replies: the vendor's country."""
    return hours_words(lang)["holidays"].format(country=country_name(vendor.country or "", lang))
