"""The live checks a flow's ``check`` step may run: one registry.

Each :class:`Check` names itself as flows do (``check: code_format``), says
which worker message runs it (``wizard.api``), lists the statuses it reports
(an option's ``when: STATUS`` is suggested when the check reports it) and
holds the handler that runs it. The handler puts the verdict into its
result as ``status``: the page relays that to the navigation and never
decides it itself.

Everything else is taken from here: the flow model and lint, the flow
schema's enums (``python -m wizardtools.schema_gen``), the writers' table in
``WRITING.md`` and the build's check forms.

>>> list(CHECKS)
['code_format', 'wait_estimate', 'clock_skew', 'offline_file_age']
>>> CHECKS["clock_skew"].statuses
('ok', 'skewed')
>>> BY_MESSAGE["file_age"].id
'offline_file_age'
>>> from wizard.vendor import Vendor
>>> site = Site(vendor=lambda: Vendor.from_data({"vendor": {}}), holidays=lambda country, years: set())
>>> reply = CHECKS["clock_skew"].handler(
...     {"device_time": "2026-06-02T10:10:00Z", "trusted_time": "2026-06-02T10:00:00Z"}, site)
>>> reply["status"], reply["skew_seconds"]
('skewed', 600)
>>> CHECKS["offline_file_age"].handler({"issued": "2026-01-01", "now": "2026-03-01"}, site)["status"]
'valid'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from wizard.vendor import Vendor


class Site(NamedTuple):
    """What a handler may read besides its payload (given by ``wizard.api``)."""

    vendor: Callable[[], Vendor]
    """The configured vendor; raises when the page has not sent it yet."""
    holidays: Callable[[str | None, set[int]], set[date]]
    """Public holidays of a country (ISO code; none for None) in the given years."""


Handler = Callable[[Mapping[str, Any], Site], dict[str, Any]]


@dataclass(frozen=True)
class Check:
    """One live check: flows' id, worker message, statuses, handler."""

    id: str
    message: str
    statuses: tuple[str, ...]
    """What an option's ``when:`` may claim; a flow has one option per status."""
    handler: Handler
    about: str
    """What it checks, for writers (the schema and ``WRITING.md``)."""
    silent: tuple[str, ...] = ()
    """Statuses the handler may also report that suggest no option."""


def now_from(payload: Mapping[str, Any], key: str = "now") -> datetime:
    """The instant at ``payload[key]`` (ISO 8601), or the current time without it.

    >>> now_from({"now": "2026-06-02T10:00:00Z"}).isoformat()
    '2026-06-02T10:00:00+00:00'
    """
    from datetime import UTC

    from wizard.timing import parse_instant

    return parse_instant(payload[key]) if payload.get(key) else datetime.now(UTC)


def _code_format(payload: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """``{text, lang, expected_format}``: the diagnosis of a typed license code."""
    from wizard.diagnose import check_code

    result = check_code(
        payload.get("text") or "",
        site.vendor(),
        payload.get("lang") or "en",
        expected_format=payload.get("expected_format"),
    )
    return {**result, "status": "valid" if result["valid"] else "invalid"}


def _wait_estimate(payload: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """``{reseller, purchased, now?, tz?}``: when the license e-mail is due.

    Its ``status`` is ``future`` (no suggestion) for a purchase ahead of now.
    """
    from wizard import timing

    rid = payload["reseller"]
    purchased, now = timing.parse_instant(payload["purchased"]), now_from(payload)
    seller = site.vendor().reseller(rid)
    holidays = site.holidays(seller.country, {purchased.year, purchased.astimezone(timing.UTC).year})
    tz = payload.get("tz") or "UTC"
    return timing.estimate(seller, purchased, now, holidays, tz)


def _clock_skew(payload: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """``{device_time, trusted_time?, tolerance_seconds?}``: how far the device clock is off."""
    from wizard.timing import clock_skew, parse_instant

    device = parse_instant(payload["device_time"])
    tolerance = int(payload.get("tolerance_seconds") or 300)
    result = clock_skew(device, now_from(payload, "trusted_time"), tolerance)
    return {**result, "status": "ok" if result["ok"] else "skewed"}


def _offline_file_age(payload: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """``{issued, now?, validity_days?}``; validity defaults to vendor.yml's."""
    from wizard.timing import file_age

    days = payload.get("validity_days") or site.vendor().validity_days
    result = file_age(payload["issued"], payload.get("now") or now_from(payload), int(days))
    return {**result, "status": "expired" if result["expired"] else "valid"}


CHECKS: dict[str, Check] = {
    check.id: check
    for check in (
        Check("code_format", "check_code", ("valid", "invalid"), _code_format,
              "the license code the reader types or pastes"),
        Check("wait_estimate", "estimate", ("wait", "overdue"), _wait_estimate,
              "when the license e-mail is due, from the reseller and the purchase time",
              silent=("future",)),
        Check("clock_skew", "clock_skew", ("ok", "skewed"), _clock_skew,
              "the device clock against the site's"),
        Check("offline_file_age", "file_age", ("valid", "expired"), _offline_file_age,
              "whether an offline activation file is still valid"),
    )
}
"""Every live check, by the id flows use, in the order writers read them."""

BY_MESSAGE: dict[str, Check] = {check.message: check for check in CHECKS.values()}
"""The same checks by the worker message that runs them."""


def statuses() -> list[str]:
    """Every status an option's ``when:`` may name, each once, in registry order.

    >>> statuses()
    ['valid', 'invalid', 'wait', 'overdue', 'ok', 'skewed', 'expired']
    """
    return list(dict.fromkeys(s for check in CHECKS.values() for s in check.statuses))
