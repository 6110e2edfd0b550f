"""The reference line: one line in every composed message that says where it came from.

Support reads it to route the message; ``python -m wizard report`` counts
these lines in an exported mailbox to show which flows and paths still end
in a message. The line holds ids from the flow files and ``vendor.yml``
only, never anything the customer typed::

    Ref: KG1 flow=not-received outcome=escalate problem=not_received path=spam>wait>contact lang=ru v=0.1.0

Fields, in this order, separated by single spaces (the same in every
language):

========  ====================================================================
flow      the flow the message was written in, or ``?`` when unknown
outcome   how the step ends: ``escalate`` (or ``resolved``)
problem   the composer's problem id
path      the steps of ``flow`` from its start to the outcome, joined by ``>``;
          ``?`` when the page does not know the way (a bookmark, storage off)
lang      the page language
v         the kit's version
reseller  (optional) the reseller the customer picked from the list
via       (optional) earlier flows and their steps, ``flow:a>b``, joined by ``,``
========  ====================================================================

>>> text = line("not-received", "not_received", ["spam", "wait", "contact"], "ru", "0.1.0",
...             reseller="paddle", via=[("start", ["topic"])])
>>> text
'Ref: KG1 flow=not-received outcome=escalate problem=not_received path=spam>wait>contact lang=ru v=0.1.0 reseller=paddle via=start:topic'
>>> ref = parse(text)
>>> ref.flow, ref.path, ref.reseller, ref.via
('not-received', ('spam', 'wait', 'contact'), 'paddle', (('start', ('topic',)),))
>>> parse("Ref: KG1 flow=x outcome=escalate")
Traceback (most recent call last):
...
wizard.reference.BadReference: missing field 'problem'

Standard library only: this module runs in the browser too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PREFIX = "Ref:"
FORMAT = "KG1"
"""The line's format tag; a new incompatible format gets ``KG2``."""

UNKNOWN = "?"
FIELDS = ("flow", "outcome", "problem", "path", "lang", "v", "reseller", "via")
REQUIRED = ("flow", "outcome", "problem", "path", "lang", "v")
OUTCOMES = ("escalate", "resolved")
MAX_STEPS = 40
"""A longer walk is written as ``path=?`` (no flow is that deep; keeps the line short)."""

_ID = r"[a-z0-9][a-z0-9_-]{0,63}"
_ID_RE = re.compile(rf"^{_ID}$")
_PATH_RE = re.compile(rf"^{_ID}(?:>{_ID}){{0,{MAX_STEPS - 1}}}$")
_VIA_RE = re.compile(rf"^{_ID}:{_ID}(?:>{_ID})*(?:,{_ID}:{_ID}(?:>{_ID})*){{0,9}}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_VERSION_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){1,2}$")
_START_RE = re.compile(r"^[ \t]*Ref:[ \t]*KG(\S*)(.*)$")
_TOKEN_RE = re.compile(r"^([a-z]+)=(\S+)$")


class BadReference(ValueError):
    """A reference line that cannot be read; the message never quotes the line."""


@dataclass(frozen=True)
class Reference:
    """The fields of one reference line."""

    flow: str
    outcome: str
    problem: str
    path: tuple[str, ...] | None
    lang: str
    version: str
    reseller: str | None = None
    via: tuple[tuple[str, tuple[str, ...]], ...] = ()


# --- writing ------------------------------------------------------------------------


def line(
    flow: str | None,
    problem: str,
    path: Sequence[str] | None,
    lang: str,
    version: str,
    *,
    outcome: str = "escalate",
    reseller: str | None = None,
    via: Iterable[tuple[str, Sequence[str]]] = (),
) -> str:
    """The reference line; anything that is not a plain id is written as ``?``.

    >>> line(None, "refund", None, "zh", "0.1.0")
    'Ref: KG1 flow=? outcome=escalate problem=refund path=? lang=zh v=0.1.0'
    >>> line("refund", "refund", ["reason", "Order 12345!"], "en", "0.1.0", reseller="<b>")
    'Ref: KG1 flow=refund outcome=escalate problem=refund path=? lang=en v=0.1.0'
    """
    steps = list(path or ())
    path_text = ">".join(steps) if steps and _PATH_RE.match(">".join(steps)) else UNKNOWN
    parts = [
        f"{PREFIX} {FORMAT}",
        f"flow={_id_or_unknown(flow)}",
        f"outcome={outcome if outcome in OUTCOMES else UNKNOWN}",
        f"problem={_id_or_unknown(problem)}",
        f"path={path_text}",
        f"lang={lang if _LANG_RE.match(lang or '') else UNKNOWN}",
        f"v={version if _VERSION_RE.match(version or '') else UNKNOWN}",
    ]
    if reseller and _ID_RE.match(reseller):
        parts.append(f"reseller={reseller}")
    via_text = ",".join(f"{f}:{'>'.join(s)}" for f, s in via)
    if via_text and _VIA_RE.match(via_text):
        parts.append(f"via={via_text}")
    return " ".join(parts)


def _id_or_unknown(value: str | None) -> str:
    return value if value and _ID_RE.match(value) else UNKNOWN


# --- the way the customer took ---------------------------------------------------------

Graph = Mapping[str, Mapping[str, Any]]
"""``{flow id: {"start": step id, "steps": {step id: {"next": [targets], "outcome": str|None}}}}``."""


def graph_of(flows: Mapping[str, Any]) -> dict[str, Any]:
    """The bare graph of :class:`wizardtools.flows.Flow` objects (what the browser gets).

    >>> from wizardtools.flows import Flow, Option, Step
    >>> t = {"en": "x"}
    >>> f = Flow("f", "", t, "a", {"a": Step("a", "choice", 1, t, options=(Option("o", t, "b"),)),
    ...                            "b": Step("b", "outcome", 2, t, outcome="escalate")})
    >>> graph_of({"f": f})
    {'f': {'start': 'a', 'steps': {'a': {'next': ['b'], 'outcome': None}, 'b': {'next': [], 'outcome': 'escalate'}}}}
    """
    out: dict[str, Any] = {}
    for flow in flows.values():
        steps = {}
        for step in flow.steps.values():
            targets = [o.next for o in step.options] + ([step.next] if step.next else [])
            steps[step.id] = {"next": targets, "outcome": step.outcome}
        out[flow.id] = {"start": flow.start, "steps": steps}
    return out


def walk(
    trail: Iterable[Any] | None,
    flow: str | None,
    step: str | None,
    graph: Graph | None = None,
) -> dict[str, Any]:
    """The checked way to ``step`` of ``flow`` from the browser's trail of answers.

    ``trail`` is what the page remembers (``[{"f": flow, "s": step}, ...]``:
    the steps answered before this one, across flows), or None when it does
    not know. Returns ``{"flow", "path", "via"}`` for :func:`line`: ``path``
    is None unless every step is a real move of the flow in ``graph``, from
    its start to ``step``; ``via`` keeps the earlier flows only when each
    hands over to the next. Without ``graph`` only the ids' spelling is checked.

    >>> g = {"start": {"start": "topic", "steps": {"topic": {"next": ["flow:f"], "outcome": None}}},
    ...      "f": {"start": "a", "steps": {"a": {"next": ["b"], "outcome": None},
    ...                                    "b": {"next": [], "outcome": "escalate"}}}}
    >>> walk([{"f": "start", "s": "topic"}, {"f": "f", "s": "a"}], "f", "b", g)
    {'flow': 'f', 'path': ['a', 'b'], 'via': [('start', ['topic'])]}
    >>> walk([{"f": "f", "s": "b"}], "f", "b", g)["path"] is None   # no such move
    True
    >>> walk([{"f": "f", "s": "a"}], "f", "b", g)
    {'flow': 'f', 'path': ['a', 'b'], 'via': []}
    >>> walk(None, "f", "b", g)
    {'flow': 'f', 'path': None, 'via': []}
    >>> walk([], "nope", "b", g)
    {'flow': None, 'path': None, 'via': []}
    """
    if not _ok_id(flow) or (graph is not None and flow not in graph):
        return {"flow": None, "path": None, "via": []}
    if trail is None or not _ok_id(step):
        return {"flow": flow, "path": None, "via": []}
    segments: list[tuple[str, list[str]]] = []
    for entry in trail:
        f, s = _entry(entry)
        if not (_ok_id(f) and _ok_id(s)):
            return {"flow": flow, "path": None, "via": []}
        if segments and segments[-1][0] == f:
            segments[-1][1].append(s)
        else:
            segments.append((f, [s]))
    if segments and segments[-1][0] == flow:
        path = [*segments.pop()[1], step]
    else:
        path = [step]
    if len(path) > MAX_STEPS or (graph is not None and not is_walk(graph[flow], path, None)):
        return {"flow": flow, "path": None, "via": []}
    via = [(f, s) for f, s in segments]
    handovers = [f for f, _ in via[1:]] + [flow] if via else []
    if graph is not None and not all(
        f in graph and is_walk(graph[f], s, nxt) for (f, s), nxt in zip(via, handovers, strict=True)
    ):
        via = []
    return {"flow": flow, "path": path, "via": via}


def _entry(entry: Any) -> tuple[Any, Any]:
    if isinstance(entry, Mapping):
        return entry.get("f"), entry.get("s")
    if isinstance(entry, (list, tuple)) and len(entry) >= 2:
        return entry[0], entry[1]
    return None, None


def _ok_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID_RE.match(value))


def is_walk(flow: Mapping[str, Any], path: Sequence[str], handover: str | None) -> bool:
    """``path`` starts at the flow's start and follows its moves; it ends at an
    escalate outcome, or (``handover``) at a step that continues in that flow."""
    steps = flow.get("steps") or {}
    if not path or path[0] != flow.get("start") or any(s not in steps for s in path):
        return False
    for a, b in zip(path, path[1:], strict=False):
        if b not in steps[a].get("next", ()):
            return False
    last = steps[path[-1]]
    if handover is None:
        return last.get("outcome") == "escalate"
    return f"flow:{handover}" in last.get("next", ())


# --- reading --------------------------------------------------------------------------


def find(text: str) -> Iterator[str]:
    """Every reference line in ``text`` (a message body), re-joined if a mail
    program wrapped it. Quoted lines (``> ...``) are skipped: a reply that
    quotes the customer's message is not a second message.

    >>> body = "Hello\\n\\nRef: KG1 flow=a outcome=escalate\\nproblem=b path=? lang=en v=0.1.0\\nBye"
    >>> list(find(body))
    ['Ref: KG1 flow=a outcome=escalate problem=b path=? lang=en v=0.1.0']
    >>> list(find("> Ref: KG1 flow=a\\nRef: my order 12")), list(find("no line here"))
    ([], [])
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        match = _START_RE.match(lines[i])
        i += 1
        if not match:
            continue
        parts = [lines[i - 1].strip()]
        while i < len(lines) and _continues(lines[i]):
            parts.append(lines[i].strip())
            i += 1
        yield " ".join(parts)


def _continues(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and all(
        (m := _TOKEN_RE.match(t)) is not None and m.group(1) in FIELDS for t in tokens
    )


def parse(text: str) -> Reference:
    """The fields of one reference line; :class:`BadReference` when it is not one.

    >>> parse("Ref: KG1 flow=? outcome=escalate problem=refund path=? lang=zh v=0.1.0").path is None
    True
    >>> parse("Ref: KG2 flow=a").flow
    Traceback (most recent call last):
    ...
    wizard.reference.BadReference: unknown format
    >>> parse("Ref: KG1 flow=a outcome=escalate problem=b path=x>Y lang=en v=1.0")
    Traceback (most recent call last):
    ...
    wizard.reference.BadReference: bad value of 'path'
    """
    match = _START_RE.match(text.strip())
    if not match:
        raise BadReference("not a reference line")
    if match.group(1) != FORMAT[2:]:
        raise BadReference("unknown format")
    values: dict[str, str] = {}
    for token in match.group(2).split():
        found = _TOKEN_RE.match(token)
        if not found:
            raise BadReference("a field is not key=value")
        key, value = found.groups()
        if key not in FIELDS:
            raise BadReference("unknown field")
        if key in values:
            raise BadReference(f"field {key!r} given twice")
        values[key] = value
    for key in REQUIRED:
        if key not in values:
            raise BadReference(f"missing field {key!r}")
    checks = {
        "flow": lambda v: v == UNKNOWN or _ID_RE.match(v),
        "outcome": lambda v: v in OUTCOMES,
        "problem": lambda v: v == UNKNOWN or _ID_RE.match(v),
        "path": lambda v: v == UNKNOWN or _PATH_RE.match(v),
        "lang": lambda v: _LANG_RE.match(v),
        "v": lambda v: _VERSION_RE.match(v),
        "reseller": lambda v: _ID_RE.match(v),
        "via": lambda v: _VIA_RE.match(v),
    }
    for key, value in values.items():
        if not checks[key](value):
            raise BadReference(f"bad value of {key!r}")
    via = tuple(
        (f, tuple(s.split(">")))
        for f, s in (part.split(":", 1) for part in values["via"].split(","))
    ) if "via" in values else ()
    return Reference(
        flow=values["flow"],
        outcome=values["outcome"],
        problem=values["problem"],
        path=None if values["path"] == UNKNOWN else tuple(values["path"].split(">")),
        lang=values["lang"],
        version=values["v"],
        reseller=values.get("reseller"),
        via=via,
    )
