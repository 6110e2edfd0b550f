"""``python -m wizard lint``: check every flow file, as the site build does,
and the glossary in the articles and interface strings.

Prints ``ok: N flows, M steps``, or one ``path:line: reason`` per problem
and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wizardtools import glossary
from wizardtools.cliargs import add_command, add_docs, add_flows
from wizardtools.flowlint import load_flows
from wizardtools.lintkit import FlowLintError, LintError
from wizardtools.paths import DATA_DIR, DOCS_DIR, FLOWS_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "lint", run,
        "check the wizard's flow files and the glossary (file:line: reason)",
        "Check the flow files: the JSON Schema, that every step is reachable and leads to an outcome, unknown steps, checks, problems, flows and articles, and that every text exists in en, ru and zh. Then the glossary (wizard/data/glossary.yaml): one name per concept in the ru and zh flow strings, interface strings and articles. Exits 1 on any problem.",
    )
    add_flows(parser)
    add_docs(parser, "docs directory article links must resolve in (default: docs)")
    parser.add_argument(
        "--data", metavar="DIR", help="interface strings directory (default: wizard/data)"
    )
    parser.add_argument(
        "--fix-zh", action="store_true",
        help="first replace Chinese variants by the glossary's word (Russian needs a writer)",
    )


def run(args: argparse.Namespace) -> int:
    errors: list[LintError] = []
    if args.fix_zh:
        flows_dir = Path(args.flows) if args.flows else FLOWS_DIR
        docs_dir = Path(args.docs) if args.docs else DOCS_DIR
        data_dir = Path(args.data) if args.data else DATA_DIR
        for file in glossary.fix_files(docs_dir, flows_dir, data_dir):
            print(f"fixed: {file}", file=sys.stderr)
    flows: dict = {}
    try:
        flows = load_flows(args.flows, args.docs)
    except FlowLintError as exc:
        errors += exc.errors
    docs = Path(args.docs) if args.docs else DOCS_DIR
    data = Path(args.data) if args.data else DATA_DIR
    words = glossary.load_glossary()
    if docs.is_dir():
        errors += glossary.lint_docs(docs, words)
    if data.is_dir():
        errors += glossary.lint_data_dir(data, words)
    if errors:
        for error in errors:
            print(error, file=sys.stdout)
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    steps = sum(len(flow.steps) for flow in flows.values())
    print(f"ok: {len(flows)} flows, {steps} steps")
    return 0
