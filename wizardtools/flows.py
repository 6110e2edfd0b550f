"""Wizard flows: the decision trees writers edit, as a small frozen model.

Flows live in ``flows/*.yaml``, one flow per file (the format is
explained in WRITING.md, "Wizard flows"). :func:`wizardtools.flowlint.load_flows`
reads and lints them, then builds the model with :func:`flow_from_data`; this
module knows nothing of files or the lint: plain standard-library Python.

A step's ``next`` is another step of the same flow, or ``flow:<id>`` to hand
over to the start of another flow.

>>> t = {"en": "x", "ru": "x", "zh": "x"}
>>> flow = flow_from_data({"id": "demo", "file": "demo.yaml", "title": t, "start": "ask",
...     "steps": {
...         "ask": {"kind": "choice", "title": t, "options": [
...             {"id": "yes", "label": t, "next": "done"},
...             {"id": "other", "label": t, "next": "flow:refund"}]},
...         "done": {"kind": "outcome", "title": t, "outcome": "resolved"}}})
>>> next_step(flow, "ask", {"ask": "yes"})
'done'
>>> flow_ref(next_step(flow, "ask", {"ask": "other"}))
'refund'
>>> next_step(flow, "ask", {}) is None   # not answered yet
True
>>> paths(flow)
[(('ask', 'yes'), ('done', None)), (('ask', 'other'), ('flow:refund', None))]
>>> [step.id for step in outcomes(flow)]
['done']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.compose import problem_ids

KINDS = ("choice", "check", "info", "outcome")
"""Step kinds: a question, a question helped by a live check, a tip, an end."""

OUTCOMES = ("resolved", "escalate")
"""How a flow ends: solved on the way, or handed to the message composer."""

PROBLEMS = tuple(problem_ids())
"""Problem ids of the support message composer (``escalate`` outcomes), as
``wizard/data/problems.json`` lists them. The live checks a ``check`` step
may run, and their statuses, are :data:`wizard.checks.CHECKS`."""

FLOW_PREFIX = "flow:"
"""``next: flow:<id>`` continues at the start of another flow."""


@dataclass(frozen=True)
class Option:
    """One answer of a ``choice`` or ``check`` step."""

    id: str
    label: dict[str, str]
    next: str
    when: str | None = None


@dataclass(frozen=True)
class Step:
    """One screen of the wizard. Fields a kind does not use are empty."""

    id: str
    kind: str
    line: int
    title: dict[str, str]
    text: dict[str, str] | None = None
    options: tuple[Option, ...] = ()
    check: str | None = None
    checklist: tuple[dict[str, str], ...] = ()
    articles: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    next: str | None = None
    outcome: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Flow:
    """A decision tree; ``steps`` keep the order of the file."""

    id: str
    file: str
    title: dict[str, str]
    start: str
    steps: dict[str, Step]


def flow_from_data(data: Mapping[str, Any]) -> Flow:
    """Build a :class:`Flow` from plain data: a linted file or :func:`flow_to_data`."""
    steps = {}
    for step_id, step in data["steps"].items():
        options = tuple(
            Option(id=o["id"], label=dict(o["label"]), next=o["next"], when=o.get("when"))
            for o in step.get("options") or ()
        )
        steps[step_id] = Step(
            id=step_id,
            kind=step["kind"],
            line=int(step.get("line", 0)),
            title=dict(step["title"]),
            text=dict(step["text"]) if step.get("text") else None,
            options=options,
            check=step.get("check"),
            checklist=tuple(dict(item) for item in step.get("checklist") or ()),
            articles=tuple(step.get("articles") or ()),
            links=tuple(step.get("links") or ()),
            next=step.get("next"),
            outcome=step.get("outcome"),
            problem=step.get("problem"),
        )
    return Flow(
        id=data["id"],
        file=str(data.get("file", "")),
        title=dict(data["title"]),
        start=data["start"],
        steps=steps,
    )


def flow_to_data(flow: Flow) -> dict[str, Any]:
    """Plain JSON-ready data for a flow (what the browser receives).

    >>> f = Flow("x", "x.yaml", {"en": "X"}, "a", {"a": Step("a", "outcome", 3, {"en": "A"})})
    >>> flow_from_data(flow_to_data(f)) == f
    True
    """
    data = dataclasses.asdict(flow)
    for step in data["steps"].values():
        step["options"] = list(step["options"])
        step["checklist"] = list(step["checklist"])
        step["articles"] = list(step["articles"])
    return data


def flow_ref(target: str | None) -> str | None:
    """The flow id of a cross-flow ``next`` (``flow:<id>``), else None.

    >>> flow_ref("flow:refund"), flow_ref("spam"), flow_ref(None)
    ('refund', None, None)
    """
    if target and target.startswith(FLOW_PREFIX):
        return target[len(FLOW_PREFIX) :]
    return None


def next_step(flow: Flow, step_id: str, answers: Mapping[str, str]) -> str | None:
    """Where the walk goes after ``step_id``, given ``answers`` ({step id: option id}).

    Returns a step id, ``flow:<id>`` for another flow, or None when the step
    is an outcome or is a question not answered yet. Raises KeyError for an
    unknown step and ValueError for an answer that is not one of its options.
    """
    step = flow.steps[step_id]
    if step.kind == "info":
        return step.next
    if step.kind == "outcome":
        return None
    chosen = answers.get(step_id)
    if chosen is None:
        return None
    for option in step.options:
        if option.id == chosen:
            return option.next
    known = ", ".join(option.id for option in step.options)
    raise ValueError(f"{flow.id}/{step_id}: no option {chosen!r} (options: {known})")


def trail(flow: Flow, answers: Mapping[str, str]) -> list[str]:
    """Steps visited from the start following ``answers``, the current one last.

    Stops at an unanswered question, an outcome, a ``flow:`` hand-over (kept
    as the last item) or a step seen before.

    >>> t = {"en": "x"}
    >>> f = Flow("f", "", t, "a", {
    ...     "a": Step("a", "info", 1, t, next="b"),
    ...     "b": Step("b", "choice", 2, t, options=(Option("o", t, "c"),)),
    ...     "c": Step("c", "outcome", 3, t, outcome="resolved")})
    >>> trail(f, {}), trail(f, {"b": "o"})
    (['a', 'b'], ['a', 'b', 'c'])
    """
    seen = [flow.start]
    while True:
        following = next_step(flow, seen[-1], answers)
        if following is None or following in seen:
            return seen
        seen.append(following)
        if flow_ref(following):
            return seen


PathItem = tuple[str, str | None]


def paths(flow: Flow) -> list[tuple[PathItem, ...]]:
    """Every loop-free path from the start to an end, as (step id, option id) pairs.

    The option is None for info and outcome steps. A path ends with an
    outcome step or with a ``flow:<id>`` hand-over.
    """
    found: list[tuple[PathItem, ...]] = []

    def walk(step_id: str, sofar: tuple[PathItem, ...], seen: frozenset[str]) -> None:
        if flow_ref(step_id) or flow.steps[step_id].kind == "outcome":
            found.append((*sofar, (step_id, None)))
            return
        step = flow.steps[step_id]
        if step.kind == "info":
            moves = [(None, step.next)]
        else:
            moves = [(o.id, o.next) for o in step.options]
        for option_id, target in moves:
            if target is not None and target not in seen:
                walk(target, (*sofar, (step_id, option_id)), seen | {target})

    walk(flow.start, (), frozenset({flow.start}))
    return found


def outcomes(flow: Flow) -> tuple[Step, ...]:
    """The outcome steps of a flow, in file order."""
    return tuple(step for step in flow.steps.values() if step.kind == "outcome")
