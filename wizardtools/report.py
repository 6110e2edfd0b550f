"""What the wizard resolves and what still reaches support, from the vendor's own mail.

Every message the composer writes ends with a reference line
(:mod:`wizard.reference`). :func:`tally` reads exported messages, keeps
only those lines (checked against the vendor's own flows, resellers and
languages, so nothing a customer typed can pass as a field), and
:func:`build` turns the counts into the report: messages and shares per
flow, outcome, path, language, reseller and kit version, and the moves
(edges) of each flow that lead to messages. With the number of wizard
starts from the web server's log it adds escalations ÷ starts per flow.

Nothing else of a message is kept: no subject, sender, date or body text,
and an unreadable line is counted by its reason, never quoted.

>>> vocab = Vocabulary.of({"f": {"start": "a", "steps": {
...     "a": {"next": ["b"], "outcome": None}, "b": {"next": [], "outcome": "escalate"}}}},
...     problems={"p"}, resellers={"paddle"}, languages={"en", "ru"})
>>> line = "Ref: KG1 flow=f outcome=escalate problem=p path=a>b lang=ru v=0.1.0"
>>> t = tally([f"Hi\\n{line}", "no line", "Ref: KG1 flow=secret", line.replace("f ", "zz ")], vocab)
>>> t.total, t.without, dict(t.unreadable), [r.path for r in t.refs]
(4, 1, {'malformed': 1, 'unknown_flow': 1}, [('a', 'b')])
>>> report = build(t)
>>> report["groups"]["flow"], report["flows"]["f"]["edges"]
([{'key': 'f', 'count': 1, 'share': 1.0}], [{'from': 'a', 'to': 'b', 'count': 1}])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wizard import __version__
from wizard.reference import UNKNOWN, BadReference, Reference, find, is_walk, parse

FORMAT = "keyguide-report/1"
DIMENSIONS = ("flow", "outcome", "problem", "path", "lang", "reseller", "version")
NOT_GIVEN = "(none)"
"""The key of messages whose line names no reseller (or one ``vendor.yml`` does not know)."""

REASONS = {
    "malformed": "not a complete reference line",
    "unknown_format": "a newer reference format (KG2 or later)",
    "unknown_flow": "a flow this site does not have",
    "unknown_problem": "a problem id the composer does not have",
    "unknown_lang": "a language this site does not publish",
}
"""Why a reference line is unreadable: counted by reason, never quoted."""

NO_STARTS = (
    "Escalation shares only: the help center counts no visits (no analytics, no "
    "tracking), so it cannot know how many customers started each flow. Give "
    "--starts with the page loads of each flow from your web server's log to see "
    "escalations ÷ starts."
)
WITH_STARTS = (
    "Escalations ÷ starts: messages with this flow's reference line divided by page "
    "loads of the flow's page. A rough estimate: reloads, bots and customers who "
    "write without the wizard blur it, and a message can arrive days after the visit."
)


@dataclass(frozen=True)
class Vocabulary:
    """The ids a reference line may name: the site's flows, problems, resellers, languages."""

    graph: Mapping[str, Any]
    problems: frozenset[str]
    resellers: frozenset[str]
    languages: frozenset[str]

    @classmethod
    def of(
        cls,
        graph: Mapping[str, Any],
        problems: Iterable[str],
        resellers: Iterable[str],
        languages: Iterable[str],
    ) -> Vocabulary:
        return cls(dict(graph), frozenset(problems), frozenset(resellers), frozenset(languages))

    @classmethod
    def load(cls, flows_dir: str | Path | None = None, vendor_path: str | None = None) -> Vocabulary:
        """The repository's (or the given) flows and ``vendor.yml`` (CPython only)."""
        from wizard.reference import graph_of
        from wizard.vendor import Vendor
        from wizardtools.flowlint import load_flows
        from wizardtools.flows import PROBLEMS

        vendor = Vendor.load(vendor_path)
        return cls.of(
            graph_of(load_flows(flows_dir, check_articles=False)),
            PROBLEMS,
            vendor.resellers,
            vendor.languages,
        )

    def check(self, ref: Reference) -> tuple[Reference | None, str | None]:
        """``ref`` with unknown optional parts dropped, or None and the reason it is unreadable."""
        if ref.flow != UNKNOWN and ref.flow not in self.graph:
            return None, "unknown_flow"
        if ref.problem != UNKNOWN and ref.problem not in self.problems:
            return None, "unknown_problem"
        if ref.lang not in self.languages:
            return None, "unknown_lang"
        path = ref.path
        if path is not None and (
            ref.flow == UNKNOWN or not is_walk(self.graph[ref.flow], path, None)
        ):
            path = None  # written by an older version of the flow
        via = ref.via
        handovers = [f for f, _ in via[1:]] + [ref.flow] if via else []
        if path is None or not all(
            f in self.graph and is_walk(self.graph[f], s, nxt)
            for (f, s), nxt in zip(via, handovers, strict=True)
        ):
            via = ()
        reseller = ref.reseller if ref.reseller in self.resellers else None
        return replace(ref, path=path, via=via, reseller=reseller), None


@dataclass
class Tally:
    """Counts over the messages read, and their reference lines (fields only)."""

    total: int = 0
    without: int = 0
    unreadable: Counter[str] = field(default_factory=Counter)
    refs: list[Reference] = field(default_factory=list)


def classify(text: str, vocab: Vocabulary) -> Reference | str | None:
    """A message's reference (its first readable line), else the reason its line
    cannot be read, else None (no reference line: not written with the wizard)."""
    reason = None
    for candidate in find(text):
        try:
            ref = parse(candidate)
        except BadReference as exc:
            reason = reason or ("unknown_format" if str(exc) == "unknown format" else "malformed")
            continue
        checked, why = vocab.check(ref)
        if checked is not None:
            return checked
        reason = reason or why
    return reason


def tally(texts: Iterable[str], vocab: Vocabulary) -> Tally:
    """Read every message text once, keeping only what :func:`classify` returns."""
    out = Tally()
    for text in texts:
        out.total += 1
        found = classify(text, vocab)
        if found is None:
            out.without += 1
        elif isinstance(found, str):
            out.unreadable[found] += 1
        else:
            out.refs.append(found)
    return out


# --- wizard starts from the web server's log ------------------------------------------

_STARTS_LINE = re.compile(r"^\s*([a-z0-9][a-z0-9_-]*)(?::([a-z]{2,3}))?\s*[=\s]\s*(\d+)\s*$")


class StartsError(ValueError):
    """A starts count that cannot be read: ``where: reason``."""


def parse_starts(items: Sequence[str], flows: Iterable[str]) -> dict[str, Any]:
    """Starts per flow (and per flow and language) from ``FLOW=N`` / ``FLOW:LANG=N``
    items, or files of such lines (``#`` comments, blank lines allowed).

    >>> parse_starts(["not-received=120", "refund:ru=4", "refund:en=6"], ["not-received", "refund"])
    {'flows': {'not-received': 120, 'refund': 10}, 'langs': {'refund': {'ru': 4, 'en': 6}}}
    >>> parse_starts(["refnud=3"], ["refund"])
    Traceback (most recent call last):
    ...
    wizardtools.report.StartsError: refnud=3: unknown flow 'refnud' (flows: refund)
    """
    known = list(flows)
    totals: dict[str, int] = {}
    langs: dict[str, dict[str, int]] = {}
    lines: list[tuple[str, str]] = []
    for item in items:
        path = Path(item)
        if "=" not in item and path.is_file():
            text = path.read_text("utf-8")
            lines += [(f"{item}:{n}", raw) for n, raw in enumerate(text.splitlines(), 1)]
        elif "=" not in item:
            raise StartsError(f"{item}: no such file, and not FLOW=COUNT")
        else:
            lines.append((item, item))
    for where, raw in lines:
        text = raw.split("#", 1)[0]
        if not text.strip():
            continue
        match = _STARTS_LINE.match(text)
        if not match:
            raise StartsError(f"{where}: expected FLOW=COUNT or FLOW:LANG=COUNT")
        flow, lang, count = match.group(1), match.group(2), int(match.group(3))
        if flow not in known:
            raise StartsError(f"{where}: unknown flow {flow!r} (flows: {', '.join(known)})")
        if lang:
            langs.setdefault(flow, {})
            langs[flow][lang] = langs[flow].get(lang, 0) + count
        else:
            totals[flow] = totals.get(flow, 0) + count
    for flow, per_lang in langs.items():
        totals.setdefault(flow, sum(per_lang.values()))
    return {"flows": totals, "langs": langs}


# --- the report -------------------------------------------------------------------------


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _rate(count: int, starts: int | None) -> float | None:
    return round(count / starts, 4) if starts else None


def _key(ref: Reference, dimension: str) -> str:
    if dimension == "path":
        return f"{ref.flow}: {'>'.join(ref.path) if ref.path else UNKNOWN}"
    if dimension == "reseller":
        return ref.reseller or NOT_GIVEN
    return str(getattr(ref, dimension))


def edges_of(ref: Reference) -> Iterable[tuple[str, str, str]]:
    """``(flow, from step, to step)`` for every move of the reference's way,
    hand-overs included (``to`` is ``flow:<id>``).

    >>> r = Reference("f", "escalate", "p", ("a", "b"), "en", "0.1.0", via=(("start", ("t",)),))
    >>> list(edges_of(r))
    [('start', 't', 'flow:f'), ('f', 'a', 'b')]
    """
    flows = [f for f, _ in ref.via[1:]] + [ref.flow] if ref.via else []
    for (flow, steps), nxt in zip(ref.via, flows, strict=True):
        yield from ((flow, a, b) for a, b in zip(steps, steps[1:], strict=False))
        yield flow, steps[-1], f"flow:{nxt}"
    if ref.path:
        yield from ((ref.flow, a, b) for a, b in zip(ref.path, ref.path[1:], strict=False))


def build(result: Tally, starts: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report as plain JSON-ready data (see the module docstring)."""
    refs = result.refs
    total = len(refs)
    groups = {}
    for dimension in DIMENSIONS:
        counts = Counter(_key(r, dimension) for r in refs)
        groups[dimension] = [
            {"key": key, "count": n, "share": _share(n, total)}
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    starts_flows = dict((starts or {}).get("flows") or {})
    starts_langs = dict((starts or {}).get("langs") or {})
    flows: dict[str, Any] = {}
    per_flow = Counter(r.flow for r in refs)
    edges: dict[str, Counter[tuple[str, str]]] = {}
    for ref in refs:
        for flow, a, b in edges_of(ref):
            edges.setdefault(flow, Counter())[(a, b)] += 1
    for flow in sorted(set(per_flow) | set(edges) | set(starts_flows)):
        n = per_flow.get(flow, 0)
        langs = Counter(r.lang for r in refs if r.flow == flow)
        by_lang = {
            lang: {
                "messages": langs.get(lang, 0),
                "starts": starts_langs.get(flow, {}).get(lang),
                "rate": _rate(langs.get(lang, 0), starts_langs.get(flow, {}).get(lang)),
            }
            for lang in sorted(set(langs) | set(starts_langs.get(flow, {})))
        }
        flows[flow] = {
            "messages": n,
            "share": _share(n, total),
            "unknown_path": sum(1 for r in refs if r.flow == flow and r.path is None),
            "starts": starts_flows.get(flow),
            "rate": _rate(n, starts_flows.get(flow)),
            "by_lang": by_lang,
            "edges": [
                {"from": a, "to": b, "count": c}
                for (a, b), c in sorted(edges.get(flow, Counter()).items(),
                                        key=lambda kv: (-kv[1], kv[0]))
            ],
        }
    return {
        "format": FORMAT,
        "kit_version": __version__,
        "messages": {
            "total": result.total,
            "with_reference": total,
            "without_reference": result.without,
            "unreadable": sum(result.unreadable.values()),
        },
        "unreadable": {k: result.unreadable[k] for k in REASONS if result.unreadable.get(k)},
        "groups": groups,
        "flows": flows,
        "deflection": {
            "available": bool(starts_flows),
            "note": WITH_STARTS if starts_flows else NO_STARTS,
        },
    }


# --- as text --------------------------------------------------------------------------

TITLES = {
    "flow": "By flow",
    "outcome": "By outcome",
    "problem": "By problem",
    "path": "By path (flow: steps)",
    "lang": "By language",
    "reseller": "By reseller",
    "version": "By kit version",
}


def percent(value: float | None) -> str:
    """``0.1234`` → ``'12.3%'``; None → ``'–'``.

    >>> percent(0.1234), percent(None), percent(1)
    ('12.3%', '–', '100.0%')
    """
    return "–" if value is None else f"{value * 100:.1f}%"


def as_text(report: Mapping[str, Any]) -> str:
    """The report as aligned plain-text tables."""
    m = report["messages"]
    out = [
        "Keyguide deflection report",
        f"Messages read: {m['total']}; with a reference line: {m['with_reference']}; "
        f"without one: {m['without_reference']}; unreadable line: {m['unreadable']}",
    ]
    for reason, count in report["unreadable"].items():
        out.append(f"  unreadable, {REASONS[reason]}: {count}")
    out.append("")
    rows = [("flow", "messages", "share", "starts", "escalated")]
    flows = sorted(report["flows"].items(), key=lambda kv: (-kv[1]["messages"], kv[0]))
    for flow, item in flows:
        if not item["messages"] and item["starts"] is None:
            continue  # a flow only passed through (its moves are in the JSON)
        starts = "–" if item["starts"] is None else str(item["starts"])
        rows.append((flow, str(item["messages"]), percent(item["share"]), starts,
                     percent(item["rate"])))
    out += _table("By flow", rows)
    for dimension in DIMENSIONS[1:]:
        rows = [(dimension, "messages", "share")]
        rows += [(g["key"], str(g["count"]), percent(g["share"])) for g in report["groups"][dimension]]
        out += _table(TITLES[dimension], rows)
    out.append(report["deflection"]["note"])
    return "\n".join(out) + "\n"


def _table(title: str, rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [title]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                         strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    if len(rows) == 1:
        lines.append("  (no messages)")
    return [*lines, ""]
