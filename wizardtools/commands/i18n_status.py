"""``python -m wizard i18n-status [--json]``: what is not translated yet.

Prints a table per language (flow strings, wizard data strings, articles:
total, missing, marked untranslated, left in English), then one
``file:line: [lang] kind where`` line per finding. ``--strict`` exits 1
when there is any finding (for CI); otherwise the exit status is 0.
"""

from __future__ import annotations

import argparse
import json

from wizardtools.cliargs import add_command, add_docs, add_flows, add_json
from wizardtools.i18n_status import TRANSLATED, findings_of, status

SOURCES = {"flow": "flow strings", "data": "wizard data strings", "article": "articles"}
KINDS = ("missing", "untranslated", "english")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "i18n-status", run,
        "list flow strings and articles that are missing, untranslated or still English",
        "Translation status per language: flow strings, wizard data strings and articles that are missing, marked `untranslated: true`, or where English text was left in a Russian or Chinese field.",
    )
    add_json(parser, "print the report as JSON")
    parser.add_argument("--lang", choices=TRANSLATED, action="append",
                        help="only this language (repeatable)")
    add_flows(parser)
    add_docs(parser, "docs directory (default: docs)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is found")


def table(report: dict) -> str:
    """The per-language table as plain text."""
    rows = [f"{'':4}{'':22}{'total':>7}{'missing':>9}{'untransl.':>11}{'english':>9}"]
    for lang, sources in report["languages"].items():
        for source, counts in sources.items():
            rows.append(
                f"{lang:4}{SOURCES[source]:22}{counts['total']:>7}{counts['missing']:>9}"
                f"{counts['untranslated']:>11}{counts['english']:>9}"
            )
    return "\n".join(rows)


def run(args: argparse.Namespace) -> int:
    langs = tuple(args.lang) if args.lang else TRANSLATED
    report = status(flows_dir=args.flows, docs_dir=args.docs, langs=langs)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(table(report))
        findings = findings_of(report)
        if findings:
            print()
            for finding in findings:
                print(finding)
        else:
            print("\nnothing left to translate")
    return 1 if args.strict and report["findings"] else 0
