"""Working hours seen from another time zone, on a given date (DST-correct).

The site build states the support hours in Moscow time on Russian pages and
in Beijing time on Chinese pages; the conversion uses the zone rules in force
on the build date (``SOURCE_DATE_EPOCH`` when set, for reproducible builds).
Standard library only (``zoneinfo``); called at build time in CPython.

>>> from wizard.vendor import Hours
>>> hours = Hours(days=("mon", "tue", "wed", "thu", "fri"), open="09:00", close="18:00")
>>> convert(hours, "Europe/Berlin", "Asia/Shanghai", dt.date(2026, 12, 1))
Shifted(open='16:00', close='01:00', day_shift=0, close_next_day=True)
>>> convert(hours, "Europe/Berlin", "Europe/Moscow", dt.date(2026, 7, 1))
Shifted(open='10:00', close='19:00', day_shift=0, close_next_day=False)
>>> convert(hours, "America/Los_Angeles", "Asia/Shanghai", dt.date(2026, 12, 1)).day_shift
1
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from wizard.vendor import Hours

REFERENCE_ZONES = {"ru": "Europe/Moscow", "zh": "Asia/Shanghai"}
"""The time most readers of a language quote: Moscow time, Beijing time."""


@dataclass(frozen=True)
class Shifted:
    """Working hours seen from another zone on one date."""

    open: str
    close: str
    day_shift: int  # days the opening moves (+1: the next day there)
    close_next_day: bool  # closing falls on the day after the opening there


def build_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def convert(hours: Hours, zone: str, target: str, on: dt.date) -> Shifted:
    """``hours`` (in ``zone``) as seen in ``target`` on date ``on``."""
    def at(clock: str) -> dt.datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        local = dt.datetime.combine(on, dt.time(hour, minute), ZoneInfo(zone))
        return local.astimezone(ZoneInfo(target))

    opened, closed = at(hours.open), at(hours.close)
    return Shifted(
        opened.strftime("%H:%M"),
        closed.strftime("%H:%M"),
        (opened.date() - on).days,
        closed.date() > opened.date(),
    )
