"""``check-code``: diagnose a license code a customer sent, as the wizard would.

    python -m wizard check-code "FP-M9S34-6Q3D2-5VT4F-5V37K"
    python -m wizard check-code " fp–m9s34 6q3d2" --lang ru --json
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from wizard.diagnose import check_code
from wizard.vendor import Vendor
from wizardtools.cliargs import add_command, add_json, add_lang, add_vendor


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "check-code", run,
        "diagnose a license code: what is wrong, where, and the corrected code",
        "Check TEXT against the license-code formats in vendor.yml and explain every problem found (spaces, Cyrillic or full-width characters, look-alikes such as O/0, missing characters, a failing check character, an order number or card number pasted instead). Card numbers are never printed whole.",
        epilog='Quote TEXT; if it starts with "-", put -- before it: check-code -- "-AB12".',
    )
    parser.add_argument("text", metavar="TEXT", help="the code exactly as the customer typed it")
    add_json(parser, "print one JSON object")
    add_lang(parser, "message language")
    parser.add_argument(
        "--expect", metavar="FORMAT", default=None,
        help="format id the customer is activating (reports codes of another product)",
    )
    add_vendor(parser)


def run(args: argparse.Namespace) -> int:
    vendor = Vendor.load(args.vendor)
    result = check_code(args.text, vendor, args.lang, expected_format=args.expect)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(report(result, vendor, args.lang))
    return 0


def report(result: dict[str, Any], vendor: Vendor, lang: str = "en") -> str:
    """A readable report of a :func:`check_code` result."""
    lines = [f"input:   {result['display']!r}"]
    if result["format"]:
        lines.append(f"format:  {vendor.formats[result['format']].local_name(lang)}")
    else:
        lines.append(f"kind:    {result['kind']}")
    lines.append("valid:   " + ("yes" if result["valid"] else "no"))
    if result["fixed"] and not result["valid"]:
        lines.append(f"fixed:   {result['fixed']}")
    for problem in result["problems"]:
        where = ", ".join(str(i + 1) for i in problem["positions"])
        lines.append(f"  - [{problem['kind']}{' @ ' + where if where else ''}] "
                     f"{problem['message']}")
    return "\n".join(lines)
