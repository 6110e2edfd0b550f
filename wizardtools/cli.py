"""Command line for support agents: ``python -m wizard COMMAND``.

Commands live in :mod:`wizardtools.commands`, one module each, so that adding a
command never touches this file.

>>> parser = build_parser()
>>> parser.prog
'python -m wizard'
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil

import wizardtools.commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard",
        description="Keyguide wizard tools for support agents and writers.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(wizardtools.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"wizardtools.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)
