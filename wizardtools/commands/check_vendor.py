"""``python -m wizard check-vendor [PATH]``: check ``vendor.yml`` as the build does.

Prints ``ok: <file>: N products, M formats, K resellers``, or one
``path:line: reason`` per problem and exits with status 1. Facts marked
``unverified`` are listed first as ``path:line: reminder: ...`` (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wizard.vendor import default_vendor_path, load_vendor
from wizardtools.cliargs import add_command, add_docs
from wizardtools.paths import DOCS_DIR
from wizardtools.vendor_schema import check_file, reminders_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "check-vendor", run,
        "check vendor.yml (path:line: what is missing or wrong)",
        "Check the vendor configuration against its schema (wizardtools/schema/vendor.schema.json) and for what a schema cannot see: formats and products that refer to each other, alphabets, regular expressions, the time zone, opening hours, e-mail addresses, https links, QR images. Exits 1 on any problem; the site build runs the same check.",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="the vendor file (default: $KEYGUIDE_VENDOR, else vendor.yml)")
    add_docs(parser, "docs directory QR images must be in (default: docs/ next to the file, else ours)")


def run(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else default_vendor_path()
    docs = Path(args.docs) if args.docs else _docs_next_to(path)
    problems = check_file(path, docs)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    for reminder in reminders_file(path):
        print(reminder)
    data = load_vendor(path)
    counts = ", ".join(f"{len(data.get(k) or [])} {k}" for k in ("products", "formats", "resellers"))
    print(f"ok: {path}: {counts}")
    return 0


def _docs_next_to(path: Path) -> Path | None:
    for candidate in (path.parent / "docs", DOCS_DIR):
        if candidate.is_dir():
            return candidate
    return None
