"""How the wizard writes an instant for a reader, spelled out for the tests.

The rule (README, "Dates and times"; ``wizard/web/dom.mjs``): words and order
follow the page's language; a reader whose browser locale is that language
brings its own habits (en-US: 12-hour clock); everyone else gets the page
language's defaults with a 24-hour clock. The zone is the reader's, named.

>>> from datetime import UTC, datetime
>>> moment = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)
>>> written(moment, "en-US", "Asia/Tokyo")
'Tue, Dec 1, 9:05 AM GMT+9'
>>> written(moment, "en", "Asia/Tokyo")
'Tue, Dec 1, 09:05 GMT+9'
>>> written(moment, "en-GB", "Europe/Moscow")
'Tue 1 Dec, 03:05 GMT+3'
>>> written(moment, "ru", "Europe/Moscow")
'вт, 1 дек., 03:05 GMT+3'
>>> written(moment, "zh-CN", "Asia/Kolkata")
'12月1日周二 GMT+5:30 05:35'
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RU_DAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
RU_MONTHS = ("янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.",
             "нояб.", "дек.")
ZH_DAYS = "一二三四五六日"


def gmt(local: datetime) -> str:
    """'GMT+9', 'GMT-3', 'GMT+5:30', 'GMT' as ICU writes an offset without a zone name."""
    offset = local.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "GMT"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"GMT{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def written(moment: datetime, style: str, zone: str) -> str:
    """``moment`` as the wizard writes it in ``style`` for a reader in ``zone``.

    Styles: ``en-US`` (12-hour), ``en`` (the English page's 24-hour default),
    ``en-GB``, ``ru``, ``zh-CN``. Use only zones without a short name of
    their own in that locale (Asia/Tokyo, Europe/Moscow, Asia/Shanghai...).
    """
    t = moment.astimezone(ZoneInfo(zone))
    hm = f"{t:%H:%M}"
    if style == "en-US":
        hour = t.hour % 12 or 12
        return (f"{EN_DAYS[t.weekday()]}, {EN_MONTHS[t.month - 1]} {t.day}, "
                f"{hour}:{t:%M} {'AM' if t.hour < 12 else 'PM'} {gmt(t)}")
    if style == "en":
        return f"{EN_DAYS[t.weekday()]}, {EN_MONTHS[t.month - 1]} {t.day}, {hm} {gmt(t)}"
    if style == "en-GB":
        return f"{EN_DAYS[t.weekday()]} {t.day} {EN_MONTHS[t.month - 1]}, {hm} {gmt(t)}"
    if style == "ru":
        return f"{RU_DAYS[t.weekday()]}, {t.day} {RU_MONTHS[t.month - 1]}, {hm} {gmt(t)}"
    if style == "zh-CN":
        return f"{t.month}月{t.day}日周{ZH_DAYS[t.weekday()]} {gmt(t)} {hm}"
    raise ValueError(f"unknown style {style!r}")


def plain(text: str) -> str:
    """ICU's narrow and no-break spaces as plain spaces (as a reader sees them).

    >>> plain("7:21\\u202fPM")
    '7:21 PM'
    """
    return text.replace("\u202f", " ").replace("\u00a0", " ")
