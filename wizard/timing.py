"""Time: processing estimates, support hours, clock skew, offline file age.

Every function here is pure and takes "now" and the public-holiday dates as
arguments, so the same code runs in CPython and in Pyodide. Only
:func:`holiday_dates` and :func:`build_browser_data` need the ``holidays``
package (CPython, at build time); the browser receives their output as JSON.

All instants are aware datetimes; results carry them as ISO 8601 strings in
UTC (``...Z``) so the page can format them in the reader's own zone.

>>> from datetime import UTC, datetime
>>> from wizard.vendor import Reseller
>>> seller = Reseller.from_data({"id": "fs", "timing": {"normal_max": 30, "peak_max": 120}})
>>> r = estimate(seller, datetime(2026, 6, 2, 10, 0, tzinfo=UTC),
...              now=datetime(2026, 6, 2, 10, 20, tzinfo=UTC))
>>> r["status"], r["reason"], r["latest_by"], r["minutes_left"]
('wait', 'normal', '2026-06-02T10:30:00Z', 10)
>>> clock_skew(datetime(2026, 6, 2, 11, 0, 5, tzinfo=UTC), datetime(2026, 6, 2, 10, 0, tzinfo=UTC))
{'skew_seconds': 3605, 'ok': False, 'direction': 'ahead', 'zone_error': True}
>>> file_age("2026-01-10", datetime(2026, 12, 20, tzinfo=UTC), validity_days=365)["days_left"]
21
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from wizard.vendor import (
    DEFAULT_PEAK,
    DEFAULT_VALIDITY_DAYS,
    WEEKDAYS,
    Hours,
    Reseller,
    Support,
    Vendor,
)

PRIORITIES = ("urgent", "general", "complex")
FUTURE_SLACK = timedelta(minutes=5)

_ZONES: dict[str, tzinfo] = {}


# -- time zones --------------------------------------------------------------


def register_zone(name: str, tzif: bytes | str) -> tzinfo:
    """Make ``zone(name)`` work from TZif data (bytes, or base64 text).

    The browser has no ``tzdata``; the site build ships the few zones it needs.
    """
    data = base64.b64decode(tzif) if isinstance(tzif, str) else tzif
    tz = ZoneInfo.from_file(io.BytesIO(data), key=name)
    _ZONES[name] = tz
    return tz


def zone(name: str) -> tzinfo:
    """The time zone ``name``: a registered one first, else ``ZoneInfo(name)``.

    >>> zone("UTC") is UTC
    True
    """
    if name in ("UTC", "Etc/UTC", "Z"):
        return UTC
    if name in _ZONES:
        return _ZONES[name]
    return ZoneInfo(name)


def iso(moment: datetime) -> str:
    """``moment`` in UTC as ISO 8601 with a ``Z``, to the second.

    >>> iso(datetime(2026, 3, 29, 3, 0, tzinfo=zone("Europe/Berlin")))
    '2026-03-29T01:00:00Z'
    """
    _aware(moment, "moment")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_instant(text: str, default_zone: str | None = None) -> datetime:
    """An aware datetime from ISO text; a naive one is read in ``default_zone``.

    >>> parse_instant("2026-10-03T09:00:00Z").isoformat()
    '2026-10-03T09:00:00+00:00'
    >>> parse_instant("2026-10-03 09:00", "Europe/Berlin").utcoffset()
    datetime.timedelta(seconds=7200)
    """
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        if default_zone is None:
            raise ValueError(f"no time zone in {text!r}: add one, e.g. Z or +01:00")
        moment = moment.replace(tzinfo=zone(default_zone))
    return moment


def local_text(moment: datetime | str, zone_name: str) -> str:
    """``moment`` formatted in ``zone_name`` for people (CLI).

    >>> local_text("2026-10-26T08:00:00Z", "Europe/Berlin")
    '2026-10-26 09:00 CET (Mon)'
    """
    if isinstance(moment, str):
        moment = parse_instant(moment)
    local = moment.astimezone(zone(zone_name))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({WEEKDAYS[local.weekday()].title()})"


def _aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment!r}")


# -- holidays ------------------------------------------------------------------


def holiday_dates(country: str, years: Iterable[int]) -> set[date]:
    """Public holidays of ``country`` (ISO 3166 alpha-2) in ``years``.

    CPython only: imports the ``holidays`` package.

    >>> date(2026, 10, 3) in holiday_dates("DE", [2026])
    True
    """
    import holidays  # deferred: CPython-only dependency

    table = holidays.country_holidays(country, years=sorted(set(years)), language="en_US")
    return set(table.keys())


def holidays_for(
    country: str, years: Iterable[int], data: Mapping[str, Any] | None = None
) -> set[date]:
    """Holiday dates from precomputed browser ``data`` when it covers ``years``.

    Falls back to :func:`holiday_dates` (CPython), and to whatever ``data``
    holds when the package is missing (Pyodide).

    >>> data = {"holidays": {"DE": ["2026-12-25"]}}
    >>> holidays_for("DE", [2026], data)
    {datetime.date(2026, 12, 25)}
    """
    wanted = set(years)
    known = {date.fromisoformat(d) for d in ((data or {}).get("holidays") or {}).get(country, [])}
    if wanted <= {d.year for d in known}:
        return {d for d in known if d.year in wanted}
    try:
        return holiday_dates(country, wanted)
    except ImportError:
        return {d for d in known if d.year in wanted}


def use_browser_data(data: Mapping[str, Any] | None) -> None:
    """Register the TZif zones of :func:`build_browser_data` output (idempotent)."""
    for name, blob in ((data or {}).get("tzif") or {}).items():
        if name not in _ZONES:
            register_zone(name, blob)


def tzif_bytes(name: str) -> bytes:
    """The TZif file of zone ``name`` from ``tzdata`` or the system (CPython)."""
    try:
        from importlib.resources import files

        return files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        import zoneinfo
        from pathlib import Path

        for root in zoneinfo.TZPATH:
            path = Path(root, name)
            if path.is_file():
                return path.read_bytes()
    raise LookupError(f"no TZif data for {name!r}")


def build_browser_data(vendor: Vendor, years: Iterable[int]) -> dict[str, Any]:
    """What the site build hands the browser: holidays and TZif, as JSON-safe data.

    ``{"holidays": {"DE": ["2026-01-01", ...]}, "tzif": {"Europe/Berlin": base64}}``
    """
    vendor = Vendor.from_data(vendor)
    years = sorted(set(years))
    out: dict[str, Any] = {"holidays": {}, "tzif": {}}
    for country in vendor.countries():
        out["holidays"][country] = sorted(d.isoformat() for d in holiday_dates(country, years))
    name = vendor.timezone
    if zone(name) is not UTC:
        out["tzif"][name] = base64.b64encode(tzif_bytes(name)).decode("ascii")
    return out


# -- processing-time estimate ----------------------------------------------------


def is_peak(day: date, periods: Iterable[str] = DEFAULT_PEAK) -> bool:
    """True when ``day`` falls in one of ``periods`` (``MM-DD..MM-DD``, inclusive).

    >>> is_peak(date(2026, 11, 27)), is_peak(date(2026, 12, 24)), is_peak(date(2026, 12, 31))
    (True, False, True)
    """
    key = f"{day.month:02d}-{day.day:02d}"
    for period in periods:
        start, _, end = period.partition("..")
        start, end = start.strip(), (end or start).strip()
        if start <= end and start <= key <= end:
            return True
        if start > end and (key >= start or key <= end):  # wraps over New Year
            return True
    return False


def estimate(
    reseller: Reseller,
    purchased: datetime,
    now: datetime,
    holidays: Iterable[date] = (),
    tz: str = "UTC",
) -> dict[str, Any]:
    """When the license e-mail should have arrived, and what to do next.

    ``reason`` is ``holiday`` when the purchase day (in zone ``tz``) is one of
    ``holidays``, else ``peak`` when it falls in the reseller's ``timing.peak``
    periods (default :data:`DEFAULT_PEAK`), else ``normal``. ``expected_by`` is
    purchase + ``normal_max``; ``latest_by`` is purchase + the maximum for the
    reason. ``status`` is ``wait`` before ``latest_by``, ``overdue`` from it on,
    and ``future`` when the purchase time is ahead of ``now`` (a wrong clock or
    date).
    """
    _aware(purchased, "purchased")
    _aware(now, "now")
    timing = reseller.timing
    day = purchased.astimezone(zone(tz)).date()
    if day in set(holidays):
        reason, limit = "holiday", timing.holiday_max
    elif is_peak(day, timing.peak):
        reason, limit = "peak", timing.peak_max
    else:
        reason, limit = "normal", timing.normal_max
    earliest = purchased + timedelta(minutes=timing.normal_min)
    expected = purchased + timedelta(minutes=timing.normal_max)
    latest = purchased + timedelta(minutes=max(limit, timing.normal_max))
    left = latest - now
    if purchased - now > FUTURE_SLACK:
        status = "future"
        action: dict[str, Any] = {"action": "check_date"}
    elif left > timedelta(0):
        status = "wait"
        action = {"action": "wait", "until": iso(latest)}
    else:
        status = "overdue"
        action = {
            "action": "lookup_order",
            "url": reseller.order_lookup_url,
            "then": {"action": "contact", "problem": "not_received"},
        }
    return {
        "status": status,
        "reason": reason,
        "purchased": iso(purchased),
        "earliest": iso(earliest),
        "expected_by": iso(expected),
        "latest_by": iso(latest),
        "minutes_left": max(0, -(-int(left.total_seconds()) // 60)),
        "elapsed_minutes": max(0, int((now - purchased).total_seconds() // 60)),
        "next_action": action,
    }


# -- support hours -------------------------------------------------------------


def _schedule(hours: Hours) -> tuple[set[int], time, time]:
    days = {WEEKDAYS.index(d) for d in hours.days}
    opens, closes = time.fromisoformat(hours.open), time.fromisoformat(hours.close)
    if closes <= opens:
        raise ValueError(f"support hours: close {closes} is not after open {opens}")
    return days, opens, closes


def working_periods(
    start: datetime, support: Support, tz: str, holidays: Iterable[date] = ()
) -> Iterable[tuple[datetime, datetime]]:
    """Working periods ``(open, close)`` (aware, UTC) that end after ``start``.

    A period is the day's opening hours in zone ``tz``, on a working weekday
    that is not a public holiday; the first one is clipped to ``start``.
    Looks at most ten years ahead.
    """
    _aware(start, "start")
    days, opens, closes = _schedule(support.hours)
    off = set(holidays)
    place = zone(tz)
    day = start.astimezone(place).date()
    for _ in range(3660):
        if day.weekday() in days and day not in off:
            begin = datetime.combine(day, opens, tzinfo=place).astimezone(UTC)
            end = datetime.combine(day, closes, tzinfo=place).astimezone(UTC)
            if end > start:
                yield max(begin, start.astimezone(UTC)), end
        day += timedelta(days=1)


def add_working_hours(
    start: datetime,
    hours: float,
    support: Support,
    tz: str,
    holidays: Iterable[date] = (),
) -> datetime:
    """``start`` plus ``hours`` of support working time (aware UTC result)."""
    left = timedelta(hours=hours)
    for begin, end in working_periods(start, support, tz, holidays):
        if begin + left <= end:
            return begin + left
        left -= end - begin
    raise ValueError("no working hours within ten years: check vendor.support.hours")


def support_status(
    support: Support, tz: str, now: datetime, holidays: Iterable[date] = ()
) -> dict[str, Any]:
    """Is support open now, when it opens next, and when replies are due.

    ``{"open_now", "opens_at", "closes_at", "timezone", "reply_due":
    {"urgent"|"general"|"complex": ISO}}``: ``opens_at`` is the next
    opening when closed (else null); ``closes_at`` is today's closing when open
    (else null). Reply-due times count ``support.reply_hours`` working hours
    from ``now``.
    """
    holidays = set(holidays)
    begin, end = next(iter(working_periods(now, support, tz, holidays)))
    open_now = begin <= now
    targets = support.reply_hours
    return {
        "open_now": open_now,
        "opens_at": None if open_now else iso(begin),
        "closes_at": iso(end) if open_now else None,
        "timezone": tz,
        "reply_hours": {p: targets[p] for p in PRIORITIES},
        "reply_due": {
            p: iso(add_working_hours(now, targets[p], support, tz, holidays)) for p in PRIORITIES
        },
    }


# -- clocks and files -------------------------------------------------------------


MAX_ZONE_OFFSET = 26 * 3600
"""The widest gap between two time zones' clocks: UTC-12 to UTC+14."""


def clock_skew(
    device_time: datetime, trusted_time: datetime, tolerance_seconds: int = 300
) -> dict[str, Any]:
    """How far the device clock is off (``device - trusted``, whole seconds).

    ``zone_error`` flags a skew within the tolerance of a whole or half hour,
    the usual sign of a wrong time-zone setting rather than a drifting clock.
    Zones span UTC-12 to UTC+14, so a larger skew is a wrong date, not a
    wrong zone:

    >>> t = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
    >>> clock_skew(t + timedelta(hours=-12), t)["zone_error"]
    True
    >>> clock_skew(t + timedelta(days=400), t)["zone_error"]
    False
    """
    _aware(device_time, "device_time")
    _aware(trusted_time, "trusted_time")
    skew = round((device_time - trusted_time).total_seconds())
    ok = abs(skew) <= tolerance_seconds
    near_hour = (
        abs(skew) <= MAX_ZONE_OFFSET + tolerance_seconds
        and abs(skew - round(skew / 1800) * 1800) <= tolerance_seconds
    )
    return {
        "skew_seconds": skew,
        "ok": ok,
        "direction": "in_sync" if ok else ("ahead" if skew > 0 else "behind"),
        "zone_error": not ok and near_hour,
    }


def _day(value: date | datetime | str) -> date:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else (
            date.fromisoformat(value)
        )
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.utcoffset() is not None else value.date()
    return value


def file_age(
    issued: date | datetime | str,
    now: date | datetime | str,
    validity_days: int = DEFAULT_VALIDITY_DAYS,
    renew_within_days: int = 30,
) -> dict[str, Any]:
    """Age of an offline activation file issued on ``issued``.

    The file works for ``validity_days`` days: ``expires_on`` is the first
    day it no longer works. ``renew_soon`` is true within the last
    ``renew_within_days`` days before that. Aware datetimes count in UTC.

    >>> age = file_age("2025-01-01", "2026-01-01")
    >>> age["age_days"], age["expired"], age["expires_on"], age["days_left"], age["renew_soon"]
    (365, True, '2026-01-01', 0, False)
    """
    start, today = _day(issued), _day(now)
    expires = start + timedelta(days=validity_days)
    left = (expires - today).days
    expired = left <= 0
    return {
        "age_days": (today - start).days,
        "expired": expired,
        "expires_on": expires.isoformat(),
        "days_left": max(0, left),
        "renew_soon": not expired and left <= renew_within_days,
    }
