"""Write what the registries decide into the flow schema and ``WRITING.md``.

The live checks and their statuses (:data:`wizard.checks.CHECKS`), the
composer's problems (``wizard/data/problems.json``), the step kinds and the
outcomes (:mod:`wizardtools.flows`) are written in one place each. This
copies them into the enums of ``wizardtools/schema/flow.schema.json`` (and
the descriptions an editor shows next to them) and into the table of checks
in ``WRITING.md``. Everything else in the schema is edited by hand.

    python -m wizardtools.schema_gen            # rewrite what is out of date
    python -m wizardtools.schema_gen --check    # only say what is (exit 1)

A unit test fails while a committed file is out of date.

>>> "code_format: valid | invalid" in when_description()
True
>>> print(checks_table().splitlines()[2])
| `code_format` | the license code the reader types or pastes | `valid`, `invalid` |
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from wizard.checks import CHECKS, statuses
from wizardtools.flowlint import SCHEMA_PATH
from wizardtools.flows import KINDS, OUTCOMES, PROBLEMS
from wizardtools.paths import ROOT

WRITING_PATH = ROOT / "WRITING.md"
TABLE_START = "<!-- checks: written by python -m wizardtools.schema_gen -->"
TABLE_END = "<!-- /checks -->"


def when_description() -> str:
    """The ``when`` key's description: each check with the statuses it reports."""
    listed = "; ".join(f"{c.id}: {' | '.join(c.statuses)}" for c in CHECKS.values())
    return f"In a check step: the live check's status that suggests this option ({listed})."


def check_description() -> str:
    """The ``check`` key's description: each check and what it looks at."""
    listed = "; ".join(f"{c.id}: {c.about}" for c in CHECKS.values())
    return f"The live check this step runs in the browser ({listed})."


def flow_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its enums (and their descriptions) from the registries."""
    out = json.loads(json.dumps(schema))
    step = out["$defs"]["step"]["properties"]
    step["kind"]["enum"] = list(KINDS)
    step["check"]["enum"] = list(CHECKS)
    step["check"]["description"] = check_description()
    step["outcome"]["enum"] = list(OUTCOMES)
    step["problem"]["enum"] = list(PROBLEMS)
    when = out["$defs"]["option"]["properties"]["when"]
    when["enum"] = statuses()
    when["description"] = when_description()
    return out


def schema_text(current: str) -> str:
    """The schema file's text, regenerated from ``current`` (its committed text)."""
    return json.dumps(flow_schema(json.loads(current)), indent=2, ensure_ascii=False) + "\n"


def checks_table() -> str:
    """The Markdown table of live checks for ``WRITING.md``."""
    rows = ["| check | what it looks at | `when:` statuses |", "| --- | --- | --- |"]
    for check in CHECKS.values():
        listed = ", ".join(f"`{s}`" for s in check.statuses)
        rows.append(f"| `{check.id}` | {check.about} | {listed} |")
    return "\n".join(rows)


def writing_text(current: str) -> str:
    """``WRITING.md``'s text with the table between its markers regenerated.

    >>> writing_text(f"a\\n{TABLE_START}\\nold\\n{TABLE_END}\\nb").splitlines()[2]
    '| check | what it looks at | `when:` statuses |'
    """
    head, start, rest = current.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError(f"{WRITING_PATH.name}: no {TABLE_START} ... {TABLE_END} block")
    return f"{head}{start}\n{checks_table()}\n{end}{tail}"


TARGETS = ((SCHEMA_PATH, schema_text), (WRITING_PATH, writing_text))


def stale() -> list[tuple[Path, str]]:
    """(file, what it should hold) for every file of :data:`TARGETS` out of date."""
    found = []
    for path, generate in TARGETS:
        current = path.read_text("utf-8")
        wanted = generate(current)
        if wanted != current:
            found.append((path, wanted))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wizardtools.schema_gen",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    args = parser.parse_args(argv)
    for path, wanted in stale():
        where = path.relative_to(ROOT)
        if args.check:
            print(f"{where}: out of date; run python -m wizardtools.schema_gen", file=sys.stderr)
        else:
            path.write_text(wanted, "utf-8")
            print(f"wrote {where}")
    return 1 if args.check and stale() else 0


if __name__ == "__main__":
    sys.exit(main())
