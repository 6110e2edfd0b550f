"""``python -m wizard lint``: check every flow file, as the site build does.

Prints ``ok: N flows, M steps``, or one ``path:line: reason`` per problem
and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys

from wizard.flows import FlowLintError, load_flows


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check the wizard's flow files (file:line: reason)",
        description=(
            "Check the flow files: the JSON Schema, that every step is reachable and"
            " leads to an outcome, unknown steps, checks, problems, flows and articles,"
            " and that every text exists in en, ru and zh. Exits 1 on any problem."
        ),
    )
    parser.add_argument("--flows", metavar="DIR", help="flow directory (default: wizard/flows)")
    parser.add_argument(
        "--docs", metavar="DIR", help="docs directory article links must resolve in (default: docs)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        flows = load_flows(args.flows, args.docs)
    except FlowLintError as exc:
        for error in exc.errors:
            print(error, file=sys.stdout)
        print(f"{len(exc.errors)} problem(s) found", file=sys.stderr)
        return 1
    steps = sum(len(flow.steps) for flow in flows.values())
    print(f"ok: {len(flows)} flows, {steps} steps")
    return 0
