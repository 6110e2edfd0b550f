"""``compose``: draft the support message for a problem, as the wizard would.

    python -m wizard compose not_received --lang ru --field reseller=paddle \\
        --field order_number=123456-78901 --field "tried=Checked spam\\nLooked it up" \\
        --flow not-received --path "spam>wait>lookup>payment>contact"
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from wizard import compose
from wizard.vendor import Vendor
from wizardtools.cliargs import add_command, add_json, add_lang, add_vendor


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "compose", run,
        "draft the support message for a problem (routing, body, mailto)",
        "Compose the message a customer would send for PROBLEM: who gets it (vendor.yml routing), subject, body in the chosen language, the team's English copy, the mailto: link and any missing required fields. Exits with 1 while required fields are missing.",
        epilog="Problems: " + ", ".join(compose.problem_ids()),
    )
    parser.add_argument("problem", metavar="PROBLEM", choices=compose.problem_ids())
    add_lang(parser, "the customer's language")
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=r"an answer, repeatable; \n in VALUE is a line break",
    )
    parser.add_argument("--flow", help="the flow the message comes from (for its reference line)")
    parser.add_argument("--path", metavar="STEP>STEP>…",
                        help="the steps taken in --flow, ending at the escalate outcome")
    parser.add_argument("--form", action="store_true", help="list the problem's fields instead")
    add_vendor(parser)
    add_json(parser)


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """``["a=1", "b=x\\ny"]`` → ``{"a": "1", "b": "x<newline>y"}``.

    >>> parse_fields(["tried=a\\\\nb", "name=Li"])
    {'tried': 'a\\nb', 'name': 'Li'}
    """
    answers = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SystemExit(f"--field needs KEY=VALUE, got {pair!r}")
        answers[key.strip()] = value.replace("\\n", "\n")
    return answers


def reference_of(flow: str | None, path: str | None) -> dict[str, Any] | None:
    """The checked way for the reference line (``wizard.reference.walk``), or None.

    >>> reference_of("refund", "reason>trial>contact")["path"]
    ['reason', 'trial', 'contact']
    >>> reference_of("refund", "reason>contact")["path"] is None   # not a move of the flow
    True
    """
    if not flow:
        return None
    from wizard.reference import graph_of, walk
    from wizardtools.flowlint import load_flows

    steps = [s.strip() for s in (path or "").split(">") if s.strip()]
    trail = [{"f": flow, "s": s} for s in steps[:-1]] if steps else None
    graph = graph_of(load_flows(check_articles=False))
    return walk(trail, flow, steps[-1] if steps else None, graph)


def run(args: argparse.Namespace) -> int:
    vendor = Vendor.load(args.vendor)
    if args.form:
        form = compose.problem_form(args.problem, args.lang, vendor)
        if args.json:
            print(json.dumps(form, ensure_ascii=False, indent=2))
            return 0
        print(f"{form['title']} ({form['category']} → {form['route']})")
        for field in form["fields"]:
            mark = "*" if field["required"] else " "
            values = ", ".join(o["value"] for o in field.get("options", []))
            kind = field["type"] + (f": {values}" if values else "")
            print(f" {mark} {field['id']:<14} {field['label']} [{kind}]")
        return 0
    result = compose.compose(args.problem, parse_fields(args.field), args.lang, vendor,
                             reference_of(args.flow, args.path))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"To:      {result['to_name']} <{result['to']}> ({result['route']})")
    print(f"Subject: {result['subject']}")
    if result["missing"]:
        print(f"Missing: {', '.join(result['missing'])}")
    for warning in result["warnings"]:
        where = f" [{warning['field']}]" if warning["field"] else ""
        print(f"Warning: {warning['code']}{where}: {warning['text']}")
    for reminder in result["reminders"]:
        print(f"Remind:  {reminder}")
    print()
    print(result["clipboard"])
    print()
    if result["mailto"]:
        print(
            f"mailto: {len(result['mailto'])} characters, body {result['mailto_content']} "
            f"(limit {compose.MAILTO_LIMIT})"
        )
    else:
        print("mailto: none (web form: copy the text)")
    return 1 if result["missing"] else 0
