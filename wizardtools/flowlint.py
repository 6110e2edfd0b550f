"""The flow lint: every mistake in a flow file, with file, line and reason.

Modelled on python-statemachine's validation: exactly one start step that
exists, every step reachable from it, no dead ends (every step can still
reach an outcome), no unknown ``next``/check/problem/article, unique option
ids, every string in every language, and the glossary's one name per concept
(:mod:`wizardtools.glossary`). The JSON Schema
(``wizardtools/schema/flow.schema.json``) checks the shape; the checks here need
the whole graph, the other flows or the docs.

CPython only: PyYAML and jsonschema are imported inside the functions.

>>> errors, flows = lint_text("demo.yaml", '''
... id: demo
... title: {en: Demo, ru: Демо, zh: 演示}
... start: ask
... steps:
...   ask:
...     kind: info
...     title: {en: Hi, ru: Привет, zh: 你好}
...     next: nowhere
... ''')
>>> [str(e) for e in errors]
["demo.yaml:9: unknown next step 'nowhere'"]
>>> slugify("Check the spam folder!")
'check-the-spam-folder'
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from wizard.checks import CHECKS
from wizard.vendor import LANGUAGES
from wizardtools import paths as _paths
from wizardtools.flows import FLOW_PREFIX, Flow, flow_from_data
from wizardtools.lintkit import (
    FlowLintError,
    Lines,
    LintError,
    YamlSource,
    did_you_mean,
    display,
    explain,
    line_of,
    place,
    read_yaml,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "flow.schema.json"
MARKUP = re.compile(r"<[A-Za-z/!?]")
NOUNS = {"steps": "step", "options": "option", "checklist": "checklist item",
         "articles": "article", "links": "link"}
"""How :func:`wizardtools.lintkit.place` names the items of a flow's sections."""
PathLike = str | os.PathLike[str]


def lint_flows(
    directory: PathLike | None = None, docs_dir: PathLike | None = None
) -> list[LintError]:
    """Every problem in the flow files of ``directory`` (default: the repository's).

    ``docs_dir`` is where article links must resolve; by default ``docs/`` at
    the repository root when it exists (article links are not checked when
    it does not).
    """
    errors, _ = lint_directory(_flows_dir(directory), _docs_dir(docs_dir))
    return errors


def load_flows(
    directory: PathLike | None = None,
    docs_dir: PathLike | None = None,
    *,
    check_articles: bool = True,
) -> dict[str, Flow]:
    """The flows of ``directory`` keyed by id, linted; raises :class:`FlowLintError`.

    ``check_articles=False`` skips article links (the terminal walk uses it).
    """
    docs = _docs_dir(docs_dir) if check_articles else None
    errors, raw = lint_directory(_flows_dir(directory), docs)
    if errors:
        raise FlowLintError(errors)
    return {flow_id: flow_from_data(data) for flow_id, data in raw.items()}


def _flows_dir(directory: PathLike | None) -> Path:
    return Path(directory) if directory is not None else _paths.FLOWS_DIR


def _docs_dir(docs_dir: PathLike | None) -> Path | None:
    if docs_dir is not None:
        return Path(docs_dir)
    default = _paths.DOCS_DIR
    return default if default.is_dir() else None


def lint_directory(
    directory: Path, docs_dir: Path | None
) -> tuple[list[LintError], dict[str, dict[str, Any]]]:
    """Lint every ``*.yaml`` in ``directory``: (errors, flow data keyed by id).

    The flow data carries ``file`` and each step's ``line``, ready for
    :func:`wizardtools.flows.flow_from_data`.
    """
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        return [LintError(str(directory), 0, "no flow files (*.yaml) here")], {}
    errors: list[LintError] = []
    parsed: list[tuple[str, Any, Lines, list[tuple[str, tuple[Any, ...]]]]] = []
    for file in files:
        name = display(file)
        text = file.read_text("utf-8")
        file_errors, data, lines, refs = _lint_one(name, text, file.stem, docs_dir)
        errors += file_errors
        parsed.append((name, data, lines, refs))
    flows: dict[str, dict[str, Any]] = {}
    first_file: dict[str, str] = {}
    for name, data, lines, _ in parsed:
        flow_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(flow_id, str):
            if flow_id in first_file:
                reason = f"flow id {flow_id!r} is also used by {first_file[flow_id]}"
                errors.append(LintError(name, line_of(lines, ("id",)), reason))
            first_file.setdefault(flow_id, name)
            flows[flow_id] = _with_lines(name, data, lines)
    for name, _, lines, refs in parsed:
        for target, path in refs:
            other = target[len(FLOW_PREFIX):]
            if other not in flows:
                errors.append(LintError(name, line_of(lines, path),
                                        f"unknown flow {other!r} in 'next: {target}'"
                                        + did_you_mean(other, flows)))
    errors.sort(key=lambda e: (e.file, e.line))
    return errors, flows


def lint_text(
    name: str, text: str, docs_dir: Path | None = None
) -> tuple[list[LintError], dict[str, Any] | None]:
    """Lint one flow given as text, alone (``flow:`` references are not resolved)."""
    errors, data, _, _ = _lint_one(name, text, Path(name).stem, docs_dir)
    return errors, data if isinstance(data, dict) else None


def slugify(heading: str) -> str:
    """The anchor Python-Markdown's ``toc`` extension gives a heading."""
    import unicodedata

    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


# --- one file -------------------------------------------------------------


def _lint_one(
    name: str, text: str, stem: str, docs_dir: Path | None
) -> tuple[list[LintError], Any, Lines, list[tuple[str, tuple[Any, ...]]]]:
    source = read_yaml(name, text, _duplicate)
    errors = list(source.errors)
    if source.data is None:
        return errors, None, source.lines, []
    errors += _schema_errors(source)
    errors += _glossary_errors(name, text, source.data, source.lines)
    graph = _Graph(name, source.data, source.lines, stem, docs_dir)
    errors += graph.errors
    return errors, source.data, source.lines, graph.flow_refs


@lru_cache(maxsize=1)
def _glossary() -> Any:
    from wizardtools.glossary import load_glossary

    return load_glossary()


def _glossary_errors(name: str, text: str, data: Any, lines: Lines) -> list[LintError]:
    """Variants the glossary (``wizard/data/glossary.yaml``) says not to use."""
    from wizardtools.glossary import lint_flow_data

    return lint_flow_data(name, text, data, lines, _glossary())


def _duplicate(path: tuple[Any, ...], key: str, first: int, out: dict[str, Any]) -> str:
    if path == () and key == "start":
        return (f"two start steps ({out['start']!r} at line {first}, then another here):"
                " a flow has exactly one start")
    if path == ("steps",):
        return f"step {key!r} is defined twice (first at line {first})"
    return f"duplicate key {key!r} (first at line {first})"


def _with_lines(name: str, data: dict[str, Any], lines: Lines) -> dict[str, Any]:
    out = dict(data, file=name)
    steps = data.get("steps")
    if isinstance(steps, dict):
        out["steps"] = {
            sid: dict(step, line=lines.get(("steps", sid), 0)) if isinstance(step, dict) else step
            for sid, step in steps.items()
        }
    return out


# --- the JSON Schema --------------------------------------------------------


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _schema_errors(source: YamlSource) -> list[LintError]:
    out = []
    for error in _validator().iter_errors(source.data):
        where = _where(tuple(error.absolute_path), source.data)
        special = _FlowWords(source.data)
        for path, reason in explain(error, where, special=special):
            out.append(source.error(path, reason))
    return out


def _where(path: tuple[Any, ...], data: Any) -> str:
    """A place in a flow: ``step 'ask' option 'yes' next``; a text as ``title in ru``."""
    if len(path) > 1 and path[-1] in LANGUAGES:
        return f"{place(path[:-1], data, NOUNS)} in {path[-1]}"
    return place(path, data, NOUNS)


class _FlowWords:
    """What a flow writer is told in the flow's own terms (the rest: the kit's words)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def __call__(self, error: Any, where: str) -> Iterator[tuple[tuple[Any, ...], str]] | None:
        path, instance, validator = tuple(error.absolute_path), error.instance, error.validator
        if "propertyNames" in error.absolute_schema_path:
            hint = error.schema.get("patternErrorMessage", "")
            return iter([((*path, instance), f"bad step id {instance!r}: {hint}".rstrip(": "))])
        if validator == "required":
            return ((path, _missing(key, path, instance)) for key in error.validator_value
                    if key not in instance and error.message.startswith(repr(key)))
        if validator == "additionalProperties" and set(error.schema.get("properties", {})) \
                == set(LANGUAGES):
            return (((*path, key), f"{where}: unknown language {key!r}: use {', '.join(LANGUAGES)}")
                    for key in instance if key not in LANGUAGES)
        if validator == "not" and error.validator_value == {}:  # $defs/forbidden
            kind = _step_kind(self.data, path)
            return iter([(path, f"{where} is not allowed" + (f" in a {kind} step" if kind else ""))])
        if validator == "pattern" and path and path[-1] in LANGUAGES:
            return iter([(path, f"{where} is empty")])
        return None


def _missing(key: str, path: tuple[Any, ...], instance: Any) -> str:
    if key in LANGUAGES:
        return f"missing {key} translation"
    if key == "start" and path == ():
        return "no start step: add 'start: <step id>' naming the first step"
    if key == "problem":
        return "an escalate outcome needs 'problem:' (the composer's problem id)"
    kind = instance.get("kind") if isinstance(instance, dict) else None
    where = f" (a {kind} step needs it)" if kind and len(path) == 2 else ""
    return f"missing {key!r}{where}"


def _step_kind(data: Any, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "steps":
        step = data.get("steps", {}).get(path[1])
        if isinstance(step, dict) and isinstance(step.get("kind"), str):
            return step["kind"]
    return None


# --- the graph and everything else -----------------------------------------


HANDLER_WORDS = {
    "en": re.compile(r"\b(?:we|us|our)\b", re.I),
    "ru": re.compile(r"(?<![а-яё])(?:мы|нам|нас|нами|наш[а-яё]*)(?![а-яё])", re.I),
    "zh": re.compile(r"我们|我方|本公司"),
}
"""Words that make an escalate outcome say who handles it (see ``_Graph._neutral``)."""


class _Graph:
    """Checks that need the whole flow; tolerant of data the schema rejected."""

    def __init__(self, name: str, data: Any, lines: Lines, stem: str, docs_dir: Path | None):
        self.name, self.lines, self.docs_dir = name, lines, docs_dir
        self.errors: list[LintError] = []
        self.flow_refs: list[tuple[str, tuple[Any, ...]]] = []
        self._markup(data, ())
        if not isinstance(data, dict):
            return
        flow_id = data.get("id")
        if isinstance(flow_id, str) and flow_id != stem:
            self.error(("id",), f"flow id {flow_id!r} does not match the file name {stem}.yaml")
        steps = data.get("steps") if isinstance(data.get("steps"), dict) else {}
        steps = {sid: s for sid, s in steps.items() if isinstance(s, dict)}
        self.edges: dict[str, list[str]] = {}
        for sid, step in steps.items():
            self.edges[sid] = list(self._step(sid, step, steps))
        start = data.get("start")
        if isinstance(start, str) and steps:
            if start in steps:
                self._reach(start, steps)
            else:
                self.error(("start",), f"start step {start!r} is not defined in steps"
                           + did_you_mean(start, steps))

    def error(self, path: tuple[Any, ...], reason: str) -> None:
        self.errors.append(LintError(self.name, line_of(self.lines, path), reason))

    def _step(self, sid: str, step: dict[str, Any], steps: dict[str, Any]) -> Iterator[str]:
        """Check one step; yield the ids of the steps it leads to."""
        base = ("steps", sid)
        options = step.get("options") if isinstance(step.get("options"), list) else []
        seen: dict[str, int] = {}
        claimed: dict[str, str] = {}
        check = CHECKS.get(step.get("check")) if step.get("kind") == "check" else None
        statuses = check.statuses if check else None
        for index, option in enumerate(options):
            if not isinstance(option, dict):
                continue
            where = (*base, "options", index)
            oid = option.get("id")
            if isinstance(oid, str):
                if oid in seen:
                    self.error((*where, "id"), f"option id {oid!r} is used twice in step {sid!r}"
                               f" (first at line {seen[oid]})")
                seen.setdefault(oid, line_of(self.lines, (*where, "id")))
            when = option.get("when")
            if isinstance(when, str):
                if step.get("kind") != "check":
                    self.error((*where, "when"), "'when' only works in a check step")
                elif statuses is not None and when not in statuses:
                    self.error((*where, "when"), f"{when!r} is not a status of check"
                               f" {step['check']}; use one of: {', '.join(statuses)}")
                elif when in claimed:
                    self.error((*where, "when"), f"two options claim status {when!r}"
                               f" ({claimed[when]!r} and {oid!r})")
                claimed.setdefault(when, oid)
            target = self._target(option.get("next"), (*where, "next"), steps)
            if target:
                yield target
        if statuses is not None and options:
            for status in statuses:
                if status not in claimed:
                    self.error((*base, "options"), f"no option has 'when: {status}' although"
                               f" check {step['check']} can report it")
        if step.get("kind") == "info":
            target = self._target(step.get("next"), (*base, "next"), steps)
            if target:
                yield target
        if step.get("kind") == "outcome" and step.get("outcome") == "escalate":
            self._neutral(base, step)
        articles = step.get("articles")
        if self.docs_dir is not None and isinstance(articles, list):
            for index, article in enumerate(articles):
                if isinstance(article, str):
                    problem = _article_problem(self.docs_dir, article)
                    if problem:
                        self.error((*base, "articles", index), problem)

    def _neutral(self, base: tuple[Any, ...], step: dict[str, Any]) -> None:
        """An escalate outcome must not say who handles it: the page adds that
        from vendor.yml's routing table, which can name the reseller instead."""
        for key in ("title", "text"):
            texts = step.get(key)
            for lang, value in (texts.items() if isinstance(texts, dict) else ()):
                found = HANDLER_WORDS.get(lang, re.compile("(?!)")).search(str(value))
                if found:
                    self.error((*base, key, lang), f"an escalate outcome names who handles it"
                               f" ({found.group(0)!r}); the routing table in vendor.yml says"
                               " that, so write the step without 'we'/'us'")

    def _target(self, target: Any, path: tuple[Any, ...], steps: dict[str, Any]) -> str | None:
        if not isinstance(target, str):
            return None
        if target.startswith(FLOW_PREFIX):
            self.flow_refs.append((target, path))
            return None
        if target not in steps:
            self.error(path, f"unknown next step {target!r}" + did_you_mean(target, steps))
            return None
        return target

    def _reach(self, start: str, steps: dict[str, Any]) -> None:
        reachable = _closure({start}, self.edges)
        for sid in steps:
            if sid not in reachable:
                self.error(("steps", sid), f"step {sid!r} cannot be reached from the start"
                           f" step {start!r}")
        ends = {sid for sid, step in steps.items() if step.get("kind") == "outcome"}
        ends |= {path[1] for _, path in self.flow_refs}
        backwards: dict[str, list[str]] = {}
        for sid, targets in self.edges.items():
            for target in targets:
                backwards.setdefault(target, []).append(sid)
        finishing = _closure(ends, backwards)
        for sid in steps:
            if sid in reachable and sid not in finishing and self.edges[sid]:
                loop = sorted(_closure({sid}, self.edges))
                self.error(("steps", sid), f"dead end: no path from step {sid!r} reaches an"
                           f" outcome (it only leads to {', '.join(map(repr, loop))})")

    def _markup(self, value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self._markup(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._markup(item, (*path, index))
        elif isinstance(value, str):
            found = MARKUP.search(value)
            if found:
                self.error(path, f"markup is not allowed ({value[found.start():found.end() + 8]!r}"
                           "...): write plain text; the page adds the formatting")


def _closure(starts: set[str], edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(starts), list(starts)
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _article_problem(docs_dir: Path, article: str) -> str | None:
    """Why ``article`` (``path.md`` or ``path.md#anchor``) does not resolve in docs."""
    page, _, anchor = article.partition("#")
    file = docs_dir / page
    if ".." in Path(page).parts or not file.is_file():
        return f"unknown article {page!r}: there is no {display(file)}"
    if not anchor:
        return None
    for candidate in [file, *(file.with_suffix(f".{lang}.md") for lang in LANGUAGES[1:])]:
        if candidate.is_file() and anchor not in _anchors(candidate.read_text("utf-8")):
            where = display(candidate)
            return f"unknown anchor #{anchor} in {where} (no heading or {{#{anchor}}} gives it)"
    return None


def _anchors(markdown: str) -> set[str]:
    found = set(re.findall(r"\{[^}\n]*#([\w-]+)[^}\n]*\}", markdown))
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, flags=re.MULTILINE):
        found.add(slugify(re.sub(r"\{[^}]*\}\s*$", "", heading)))
    return found
