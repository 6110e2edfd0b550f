"""``make-code``: valid demo license codes, for articles, tests and training.

    python -m wizard make-code --format fernvault --count 3 --seed 1
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from wizard import codes
from wizard.vendor import Vendor
from wizardtools.cliargs import add_command, add_vendor


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "make-code", run,
        "print valid demo license codes, one per line",
        "Generate license codes that pass the format's check (from vendor.yml). They are demo codes for documentation and tests; they activate nothing.",
    )
    parser.add_argument(
        "--format", dest="fmt", metavar="NAME",
        help="format id from vendor.yml (default: the first format)",
    )
    parser.add_argument("--count", type=int, default=1, help="how many codes (default 1)")
    parser.add_argument("--seed", type=int, help="random seed for repeatable codes")
    add_vendor(parser)


def run(args: argparse.Namespace) -> int:
    formats = Vendor.load(args.vendor).formats
    if not formats:
        raise SystemExit("vendor.yml defines no formats")
    fmt_id = args.fmt or next(iter(formats))
    if fmt_id not in formats:
        raise SystemExit(f"unknown format {fmt_id!r}; known: {', '.join(formats)}")
    rng = random.Random(args.seed)
    for _ in range(max(args.count, 0)):
        print(codes.generate(formats[fmt_id].spec, rng))
    return 0
