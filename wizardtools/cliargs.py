"""The options ``python -m wizard`` commands share, written once.

A command module calls :func:`add_command` for its sub-parser, then the
``add_*`` helpers for the shared options, in the order its help lists them.

>>> import argparse
>>> sub = argparse.ArgumentParser(prog="w").add_subparsers()
>>> parser = add_command(sub, "demo", print, "a demo", "Demo command.")
>>> add_vendor(add_json(parser))
>>> args = parser.parse_args(["--json", "--vendor", "v.yml"])
>>> args.json, args.vendor, args.func is print
(True, 'v.yml', True)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from wizard.vendor import LANGUAGES

Run = Callable[[argparse.Namespace], int]


def add_command(
    subparsers: Any, name: str, run: Run, help: str, description: str, **options: Any
) -> argparse.ArgumentParser:
    """A sub-parser ``name`` that runs ``run(args)``; ``options`` go to ``add_parser``."""
    parser = subparsers.add_parser(name, help=help, description=description, **options)
    parser.set_defaults(func=run)
    return parser


def add_vendor(parser: argparse.ArgumentParser) -> None:
    """``--vendor PATH``: the vendor file (default: ``$KEYGUIDE_VENDOR`` or the repository's)."""
    parser.add_argument("--vendor", help="path to vendor.yml (default: $KEYGUIDE_VENDOR or repo)")


def add_json(parser: Any, help: str = "print the result as JSON") -> argparse.ArgumentParser:
    """``--json``: print JSON instead of text (``parser`` may be a group)."""
    parser.add_argument("--json", action="store_true", help=help)
    return parser


def add_lang(parser: argparse.ArgumentParser, help: str) -> None:
    """``--lang LANG``: one of the wizard's languages (default: en)."""
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help=help)


def add_flows(parser: argparse.ArgumentParser) -> None:
    """``--flows DIR``: another flow directory (default: the repository's ``flows/``)."""
    parser.add_argument("--flows", metavar="DIR", help="flow directory (default: flows)")


def add_docs(parser: argparse.ArgumentParser, help: str) -> None:
    """``--docs DIR``: the docs directory the command reads."""
    parser.add_argument("--docs", metavar="DIR", help=help)
