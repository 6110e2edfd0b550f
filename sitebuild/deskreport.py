"""The last deflection report on the writers' desk, next to each flowchart.

The build looks for the JSON of ``python -m wizard report --json`` at
``$KEYGUIDE_REPORT`` or, by convention, ``reports/latest.json`` in the
repository. With it, each flow's chart draws the moves that led to support
messages thicker (:func:`sitebuild.flowchart.flow_svg`), and a table under
the chart lists them with their counts (the text equivalent of the chart's
line widths). Without it, the desk is unchanged.

The report holds counts and the site's own ids only (``wizardtools.report``), so
publishing it with the desk reveals no customer data; how many messages a
flow leads to is still the vendor's business: delete the file to leave it out.

>>> rep = {"format": "keyguide-report/1", "messages": {"with_reference": 4},
...        "flows": {"f": {"messages": 4, "share": 1.0, "rate": None, "starts": None,
...                        "unknown_path": 0, "edges": [{"from": "a", "to": "b", "count": 4}]}}}
>>> weights(rep, "f"), weights(rep, "other")
({('a', 'b'): 4}, {})
"""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any

from sitebuild import flowchart
from wizardtools.flows import Flow, flow_ref
from wizardtools.report import FORMAT, percent

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "reports" / "latest.json"
ENV = "KEYGUIDE_REPORT"


def report_path() -> Path:
    """Where the build looks for the report (``$KEYGUIDE_REPORT`` or the default)."""
    given = os.environ.get(ENV)
    return Path(given) if given else DEFAULT


def load(path: Path | None = None) -> dict[str, Any] | None:
    """The report at ``path`` (default :func:`report_path`), or None when there is none.

    A file that is there but is not a report fails the build as ``file:line: reason``.
    """
    path = path or report_path()
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}:1: not a report of `python -m wizard report --json` "
                         f"(format {FORMAT!r} expected)")
    if not isinstance(data.get("flows"), dict):
        raise ValueError(f"{path}:1: the report has no 'flows'")
    return data


def weights(report: dict[str, Any] | None, flow_id: str) -> dict[tuple[str, str], int]:
    """``{(from step, to step): messages}`` of one flow."""
    item = ((report or {}).get("flows") or {}).get(flow_id) or {}
    return {(str(e["from"]), str(e["to"])): int(e["count"]) for e in item.get("edges") or ()}


def _step_name(flow: Flow, step_id: str) -> str:
    target = flow_ref(step_id)
    if target:
        return f"continues in {target}"
    step = flow.steps.get(step_id)
    title = step.title.get("en", step_id) if step else step_id
    return f"{title} ({step_id})"


def section(report: dict[str, Any] | None, flow: Flow) -> str:
    """The report's lines for ``flow`` under its chart; empty without a report."""
    if report is None:
        return ""
    item = (report.get("flows") or {}).get(flow.id)
    anchor = f"report-{flow.id}"
    if not item or not (item.get("messages") or item.get("edges")):
        return (f'<p class="kg-desk-report" id="{escape(anchor)}">Support report: no message'
                " came through this flow.</p>")
    total = (report.get("messages") or {}).get("with_reference", 0)
    rate = (f" Escalations ÷ starts: {percent(item['rate'])} of {item['starts']:,} page loads."
            if item.get("rate") is not None else "")
    unknown = (f" {item['unknown_path']} of them without a known path (not drawn)."
               if item.get("unknown_path") else "")
    edges = [e for e in item.get("edges") or () if (e["from"], e["to"]) in _moves(flow)]
    out = [
        f'<div class="kg-desk-report" id="{escape(anchor)}">',
        f"<p><strong>Support report:</strong> {item['messages']:,} of {total:,} messages"
        f" ({percent(item.get('share'))}) were written in this flow.{rate}{unknown}"
        " Thicker red lines are the moves that led to more messages.</p>",
    ]
    if edges:
        top = max(e["count"] for e in edges)
        out.append(flowchart.weight_legend(top))
        out.append(
            f'<table class="kg-desk-moves"><caption>Moves of {escape(flow.id)} that led to'
            " support messages</caption><thead><tr><th scope=\"col\">from step</th>"
            '<th scope="col">to</th><th scope="col">messages</th></tr></thead><tbody>'
        )
        for e in edges:
            out.append(f"<tr><td>{escape(_step_name(flow, e['from']))}</td>"
                       f"<td>{escape(_step_name(flow, e['to']))}</td>"
                       f"<td>{int(e['count']):,}</td></tr>")
        out.append("</tbody></table>")
    out.append("</div>")
    return "\n".join(out)


def _moves(flow: Flow) -> set[tuple[str, str]]:
    moves = set()
    for step in flow.steps.values():
        moves.update((step.id, o.next) for o in step.options)
        if step.next:
            moves.add((step.id, step.next))
    return moves


def summary(report: dict[str, Any] | None, source: str) -> str:
    """The desk's short introduction to the report (empty without one)."""
    if report is None:
        return ""
    m = report.get("messages") or {}
    note = (report.get("deflection") or {}).get("note", "")
    return (
        '<h2 id="support-report">Support report</h2>'
        f"<p>From <code>{escape(source)}</code> (<code>python -m wizard report --json</code>):"
        f" {m.get('total', 0):,} messages read, {m.get('with_reference', 0):,} with a reference"
        f" line, {m.get('without_reference', 0):,} without one, {m.get('unreadable', 0):,}"
        f" unreadable. Each flow below shows its share. {escape(note)}</p>"
    )
