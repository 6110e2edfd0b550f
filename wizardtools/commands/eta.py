"""``eta`` and ``hours``: when a license e-mail is due; when support answers.

    python -m wizard eta --reseller fastspring --purchased 2026-11-27T10:00 --tz Europe/Berlin
    python -m wizard hours --now 2026-03-27T17:00 --tz Asia/Shanghai --json
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from wizard import timing
from wizard.vendor import Vendor
from wizardtools.cliargs import add_command, add_json, add_vendor

ACTIONS = {
    "wait": "keep waiting until {until}",
    "lookup_order": "look the order up at {url}, then write to support (problem: not_received)",
    "check_date": "the purchase time is in the future: check the date, time and zone",
}


def register(subparsers: Any) -> None:
    eta = add_command(
        subparsers, "eta", run_eta,
        "when a license e-mail should arrive, and what to do if it has not",
        "Estimate the delivery of a license e-mail from the reseller's timing in vendor.yml (normal, peak period, public holiday of the reseller's country).",
    )
    eta.add_argument("--reseller", required=True, help="reseller id from vendor.yml")
    eta.add_argument(
        "--purchased", required=True, help="purchase time, ISO 8601 (no zone: read in --tz)"
    )
    _common(eta)
    _common(add_command(
        subparsers, "hours", run_hours,
        "is support open, when it opens next, when replies are due",
        "Support hours and reply-due times (working hours) from vendor.yml.",
    ))


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", help="the current time, ISO 8601 (default: the clock)")
    parser.add_argument(
        "--tz", help="zone for times without one and for the output (default: vendor timezone)"
    )
    add_vendor(parser)
    add_json(parser)


def _setup(args: argparse.Namespace) -> tuple[Vendor, str, datetime]:
    vendor = Vendor.load(args.vendor)
    tz = args.tz or vendor.timezone
    timing.zone(tz)  # fail early on an unknown zone
    now = timing.parse_instant(args.now, tz) if args.now else datetime.now(UTC)
    return vendor, tz, now


def run_eta(args: argparse.Namespace) -> int:
    vendor, tz, now = _setup(args)
    reseller = vendor.reseller(args.reseller)
    purchased = timing.parse_instant(args.purchased, tz)
    country = reseller.country
    years = {purchased.year, (purchased.astimezone(UTC)).year}
    holidays = timing.holiday_dates(country, years) if country else set()
    result = timing.estimate(reseller, purchased, now, holidays)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    t = reseller.timing
    limit = {"normal": t.normal_max, "peak": t.peak_max, "holiday": t.holiday_max}
    action = result["next_action"]
    until = action.get("until")
    lines = [
        ("Reseller", f"{reseller.name} (holidays of {country or '-'})"),
        ("Purchased", timing.local_text(purchased, tz)),
        ("Now", timing.local_text(now, tz)),
        ("Period", f"{result['reason']}: up to {limit[result['reason']]} minutes"),
        ("Expected by", timing.local_text(result["expected_by"], tz)),
        ("Latest by", timing.local_text(result["latest_by"], tz)),
        ("Status", f"{result['status']} ({result['minutes_left']} minutes left)"),
        (
            "Next",
            ACTIONS[action["action"]].format(
                until=timing.local_text(until, tz) if until else "", url=action.get("url")
            ),
        ),
    ]
    _print(lines)
    return 0


def run_hours(args: argparse.Namespace) -> int:
    vendor, tz, now = _setup(args)
    vendor_tz = vendor.timezone
    local_year = now.astimezone(timing.zone(vendor_tz)).year
    country = vendor.country
    holidays = timing.holiday_dates(country, [local_year, local_year + 1]) if country else set()
    result = timing.support_status(vendor.support, vendor_tz, now, holidays)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    hours = vendor.support.hours
    lines = [
        (
            "Support hours",
            f"{', '.join(hours.days)} {hours.open}-{hours.close} "
            f"{vendor_tz} (holidays of {country or '-'})",
        ),
        ("Now", timing.local_text(now, tz)),
        ("Open now", "yes" if result["open_now"] else "no"),
    ]
    if result["open_now"]:
        lines.append(("Closes at", timing.local_text(result["closes_at"], tz)))
    else:
        lines.append(("Opens at", timing.local_text(result["opens_at"], tz)))
    for priority, due in result["reply_due"].items():
        label = f"Reply due, {priority}"
        lines.append((label, f"{timing.local_text(due, tz)} ({result['reply_hours'][priority]} h)"))
    _print(lines)
    return 0


def _print(lines: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in lines) + 1
    for label, value in lines:
        print(f"{label + ':':<{width}} {value}")
