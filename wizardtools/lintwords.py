"""Shared wording for the lints writers and vendors read (flows, vendor.yml).

>>> article("object"), article("integer"), article(["string", "null"])
('a mapping', 'an integer', 'a string or an empty')
>>> json_type(True), json_type([]), json_type(None)
('boolean', 'list', 'empty')
>>> did_you_mean("solvd", ["solved", "start"])
" (did you mean 'solved'?)"
>>> did_you_mean("xyz", ["solved"])
''
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

_NAMES = {"object": "mapping", "array": "list", "null": "empty"}


def json_type(value: Any) -> str:
    """The JSON Schema type of a parsed YAML value, in plain words."""
    names = {bool: "boolean", int: "integer", float: "number", str: "string",
             list: "list", dict: "mapping", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


def article(kind: Any) -> str:
    """``a mapping`` / ``an integer`` for a schema type (or a list of them)."""
    if isinstance(kind, list):
        return " or ".join(article(k) for k in kind)
    kind = _NAMES.get(kind, kind)
    return f"an {kind}" if str(kind)[0] in "aeiou" else f"a {kind}"


def did_you_mean(word: str, known: Any, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or nothing."""
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


def display(file: Path) -> str:
    """A path as the writer typed it: relative to the working directory if inside it."""
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
