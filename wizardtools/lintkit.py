"""The lint kit: what every file check shares (flows, vendor.yml, glossary, i18n status).

- :class:`LintError` (``file:line: reason``) and :class:`FlowLintError` (a list of them);
- :func:`read_yaml`: YAML text to plain data plus the line of every key and list item,
  syntax errors and duplicate keys reported with their line;
- :func:`line_of`: the line of a key path, or of its nearest parent that has one;
- :func:`explain`: a JSON Schema error in a writer's words, at its path;
- small wording helpers (:func:`article`, :func:`json_type`, :func:`did_you_mean`,
  :func:`display`, :func:`place`).

CPython only: PyYAML is imported inside the functions.

>>> source = read_yaml("v.yml", "a: 1\\nb:\\n  - x\\n  - y\\na: 2\\n")
>>> source.data, [str(e) for e in source.errors]
({'a': 1, 'b': ['x', 'y']}, ["v.yml:5: duplicate key 'a' (first at line 1)"])
>>> line_of(source.lines, ("b", 1)), line_of(source.lines, ("b", 1, "deeper")), line_of({}, ("a",))
(4, 4, 0)
>>> article("object"), article("integer"), article(["string", "null"])
('a mapping', 'an integer', 'a string or an empty')
>>> json_type(True), json_type([]), json_type(None)
('boolean', 'list', 'empty')
>>> did_you_mean("solvd", ["solved", "start"]), did_you_mean("xyz", ["solved"])
(" (did you mean 'solved'?)", '')
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Path_ = tuple[Any, ...]
Lines = dict[Path_, int]
"""The line of every key and list item, keyed by its path from the root."""


@dataclass(frozen=True)
class LintError:
    """One problem in a file, rendered as ``path:line: reason`` (no line: ``path: reason``).

    >>> str(LintError("flows/refund.yaml", 12, "unknown next step 'x'"))
    "flows/refund.yaml:12: unknown next step 'x'"
    >>> str(LintError("flows", 0, "no flow files"))
    'flows: no flow files'
    """

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}: {self.reason}"
        return f"{self.file}: {self.reason}"


class FlowLintError(ValueError):
    """Files failed a lint; ``errors`` holds every :class:`LintError`."""

    def __init__(self, errors: list[LintError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


# --- line-aware YAML ----------------------------------------------------------


DuplicateWords = Callable[[Path_, str, int, dict[str, Any]], str]


def duplicate_key(path: Path_, key: str, first: int, mapping: dict[str, Any]) -> str:
    """The reason given for a key written twice in one mapping."""
    return f"duplicate key {key!r} (first at line {first})"


@dataclass
class YamlSource:
    """A parsed YAML file: ``data`` is None when the text did not parse."""

    name: str
    data: Any
    lines: Lines
    errors: list[LintError] = field(default_factory=list)

    def line(self, path: Path_) -> int:
        """:func:`line_of` in this file."""
        return line_of(self.lines, path)

    def error(self, path: Path_, reason: str) -> LintError:
        """A :class:`LintError` of this file at the line of ``path``."""
        return LintError(self.name, self.line(path), reason)


def read_yaml(name: str, text: str, duplicate: DuplicateWords = duplicate_key) -> YamlSource:
    """YAML text to plain data plus the line of every key and list item.

    A syntax error, an empty file or a duplicate key becomes a :class:`LintError`
    in ``errors`` (``duplicate`` words the last; a flow names its steps).
    """
    import yaml

    source = YamlSource(name, None, {(): 1})
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        source.errors.append(_syntax_error(name, exc))
        return source
    if root is None:
        source.errors.append(LintError(name, 1, "the file is empty"))
        return source
    source.data = _Builder(source, duplicate).build(root, ())
    return source


def line_of(lines: Lines, path: Path_) -> int:
    """The line of ``path``, else of its nearest parent in ``lines``, else 0 (unknown)."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 0)


def _compose(text: str) -> Any:
    """The YAML node tree, parsed by libyaml when PyYAML has it (4× faster:
    the build lints every flow once per language). A file libyaml rejects is
    parsed again by the pure-Python parser, so error messages stay the same."""
    import yaml

    for loader_class in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if loader_class is None:
            continue
        loader = loader_class(text)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            if loader_class is yaml.SafeLoader:
                raise
        finally:
            loader.dispose()
    raise AssertionError("unreachable")  # pragma: no cover


def _syntax_error(name: str, exc: Any) -> LintError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = " ".join(p for p in (exc.context, exc.problem) if p)
    if exc.problem and exc.problem.startswith("mapping values are not allowed"):
        problem += " (put a text that contains ': ' in quotes)"
    return LintError(name, line, f"YAML syntax error: {problem}")


class _Builder:
    """Nodes to plain data, noting each key's and item's line on the way."""

    def __init__(self, source: YamlSource, duplicate: DuplicateWords) -> None:
        import yaml

        self.yaml, self.source, self.duplicate = yaml, source, duplicate
        self.loader = yaml.SafeLoader("")  # constructs scalars from the nodes

    def build(self, node: Any, path: Path_) -> Any:
        lines = self.source.lines
        if isinstance(node, self.yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path)
                key = key if isinstance(key, str) else str(key)
                line = key_node.start_mark.line + 1
                if key in out:
                    reason = self.duplicate(path, key, lines[(*path, key)], out)
                    self.source.errors.append(LintError(self.source.name, line, reason))
                    continue
                lines[(*path, key)] = line
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, self.yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, index)))
            return items
        return self.loader.construct_object(node)


# --- JSON Schema errors in words ------------------------------------------------


Explained = Iterator[tuple[Path_, str]]
Special = Callable[[Any, str], "Explained | None"]


def explain(
    error: Any,
    where: str,
    *,
    cutoff: float = 0.6,
    special: Special | None = None,
) -> Explained:
    """A jsonschema ``error`` as (path, reason) pairs; ``where`` names its place.

    ``special(error, where)`` may word an error its own way (a flow's missing
    translation); it returns None to leave the error to the common wording.

    >>> from jsonschema import Draft202012Validator
    >>> schema = {"type": "object", "properties": {"open": {"type": "string"},
    ...           "kind": {"enum": ["email", "chat"]}}, "additionalProperties": False}
    >>> data = {"open": 9, "kind": "fax", "opne": "09:00"}
    >>> errors = Draft202012Validator(schema).iter_errors(data)
    >>> for e in sorted(errors, key=lambda e: e.validator):
    ...     print(list(explain(e, place(tuple(e.absolute_path), data))))
    [(('opne',), "the file: unknown key 'opne' (did you mean 'open'?)")]
    [(('kind',), "kind: 'fax' is not one of: email, chat")]
    [(('open',), 'open must be a string, not an integer (put it in quotes)')]
    """
    if special is not None:
        worded = special(error, where)
        if worded is not None:
            yield from worded
            return
    path, instance, validator = tuple(error.absolute_path), error.instance, error.validator
    if validator == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                yield path, f"{where}: missing {key!r}"
    elif validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        for key in instance:
            if key not in allowed:
                hint = did_you_mean(key, allowed, cutoff=cutoff)
                yield (*path, key), f"{where}: unknown key {key!r}{hint}"
    else:
        yield path, _one_reason(error, where)


_YAML_WORDS = {None: "(empty)", True: "yes", False: "no"}  # YAML reads yes/no as booleans


def _one_reason(error: Any, where: str) -> str:
    instance, validator, value = error.instance, error.validator, error.validator_value
    if validator == "enum":
        choices = ", ".join(_YAML_WORDS.get(c, str(c)) if isinstance(c, bool) or c is None
                            else str(c) for c in value)
        return f"{where}: {instance!r} is not one of: {choices}"
    if validator == "type":
        hint = " (put it in quotes)" if isinstance(instance, bool | int | float) else ""
        return f"{where} must be {article(value)}, not {article(json_type(instance))}{hint}"
    if validator == "pattern":
        hint = error.schema.get("patternErrorMessage") or f"must match {value}"
        return f"{where}: bad value {instance!r}: {hint}"
    if validator in ("minItems", "minLength", "minProperties"):
        return f"{where} is empty"
    if validator == "maxLength":
        return f"{where} is {len(instance)} characters long; the limit is {value}"
    if validator == "uniqueItems":
        return f"{where} lists the same value twice"
    if validator == "minimum":
        return f"{where} must be at least {value}, not {instance!r}"
    if validator == "not" and value == {}:  # a key the schema forbids here
        return f"{where} is not allowed"
    return f"{where}: {error.message}"


def place(
    path: Path_, data: Any, nouns: Mapping[str, str] | None = None, numbered: frozenset[str] = frozenset()
) -> str:
    """A path as a writer reads it: ``reseller 'paddle' timing``, ``step 'ask' title``.

    ``nouns`` names the items of a section (``resellers`` → ``reseller``); an
    item is named by its ``id`` (or its key), or by its number when its section
    is in ``numbered`` or it has no id.

    >>> data = {"resellers": [{"id": "paddle"}], "steps": {"ask": {"title": "x"}}}
    >>> nouns = {"resellers": "reseller", "steps": "step"}
    >>> place(("resellers", 0, "timing"), data, nouns), place(("steps", "ask", "title"), data, nouns)
    ("reseller 'paddle' timing", "step 'ask' title")
    >>> place(("x", 1), {"x": [1, 2]}), place((), {})
    ('item 2', 'the file')
    """
    nouns = nouns or {}
    words: list[str] = []
    node, parent = data, ""
    for part in path:
        noun = nouns.get(parent)
        item_of_list = isinstance(part, int) and isinstance(node, list)
        if (item_of_list or (noun and isinstance(node, dict))) and words and words[-1] == parent:
            words.pop()
        if item_of_list:
            item = node[part] if part < len(node) else None
            named = isinstance(item, dict) and isinstance(item.get("id"), str)
            if named and parent not in numbered:
                words.append(f"{noun or 'item'} {item['id']!r}")
            else:
                words.append(f"{noun or 'item'} {part + 1}")
        elif noun and isinstance(node, dict):
            words.append(f"{noun} {part!r}")
        else:
            words.append(str(part))
        node = node[part] if _has(node, part) else None
        parent = str(part) if not isinstance(part, int) else ""
    return " ".join(words) or "the file"


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


# --- small words ------------------------------------------------------------------


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
