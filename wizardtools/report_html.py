"""The deflection report as one self-contained HTML page (``report --html``).

Charts are inline SVG drawn here; the page loads nothing (no script, no
font, no CDN) and carries its own Content-Security-Policy, which allows
only its one ``<style>`` block by hash: open it from disk or publish it
next to the writers' desk. Every chart has its table right below it, the
text equivalent for screen readers and for copying figures.

>>> svg = bar_chart("By flow", [("refund", 3, 0.75), ("invoice", 1, 0.25)])
>>> svg.count("<rect"), 'role="img"' in svg, "refund" in svg
(2, True, True)
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from wizardtools.report import DIMENSIONS, REASONS, TITLES, percent

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid #ccc;padding:.25rem .7rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff8e1;border-left:4px solid #b26a00;padding:.5rem .8rem}
svg{max-width:100%;height:auto}
""".strip()

BAR_W = 640
LABEL_W = 230
ROW_H = 24
COLOUR = "#1565c0"
LIMIT = 15
"""Bars per chart (the table below it lists every row)."""


def style_hash() -> str:
    """The CSP source that allows :data:`STYLE` (``'sha256-…'``)."""
    import hashlib  # CPython only: not in the browser's trimmed standard library

    digest = hashlib.sha256(STYLE.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


def bar_chart(title: str, rows: Sequence[tuple[str, int, float]]) -> str:
    """Horizontal bars, one per ``(label, count, share)``, the longest for the most."""
    rows = list(rows)[:LIMIT]
    top = max((count for _, count, _ in rows), default=0) or 1
    height = ROW_H * len(rows) + 8
    span = BAR_W - LABEL_W - 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{BAR_W}" height="{height}"'
        f' viewBox="0 0 {BAR_W} {height}" aria-label="{escape(title)}: bar chart;'
        f' the table below gives the figures">'
    ]
    for i, (label, count, share) in enumerate(rows):
        y = 4 + i * ROW_H
        width = max(1.0, span * count / top)
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" font-size="13"'
            f' fill="#1a1a1a">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{width:.1f}" height="{ROW_H - 7}"'
            f' fill="{COLOUR}"/>'
            f'<text x="{LABEL_W + width + 6:.1f}" y="{y + 16}" font-size="13"'
            f' fill="#1a1a1a">{count} ({percent(share)})</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = []
    for row in rows:
        tds = []
        for i, value in enumerate(row):
            cls = ' class="n"' if i >= numeric_from else ""
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            tds.append(f"<{tag}{scope}{cls}>{escape(str(value))}</{tag}>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def page(report: Mapping[str, Any]) -> str:
    """The whole HTML document."""
    m = report["messages"]
    csp = f"default-src 'none'; style-src {style_hash()}; img-src 'none'; base-uri 'none'; form-action 'none'"
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        "<title>What still reaches support: deflection report</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<h1>What still reaches support</h1>",
        "<p>Counted from the reference lines of the messages the wizard composed. Only"
        " the lines' fields are read: no subject, sender, date or text of a message.</p>",
        _table(
            ["messages", "count"],
            [
                ["read", m["total"]],
                ["with a reference line", m["with_reference"]],
                ["without one (not written with the wizard)", m["without_reference"]],
                ["with an unreadable line", m["unreadable"]],
                *[[f"unreadable: {REASONS[k]}", v] for k, v in report["unreadable"].items()],
            ],
        ),
        f'<p class="note">{escape(report["deflection"]["note"])}</p>',
        '<h2 id="flows">By flow</h2>',
    ]
    flows = report["flows"]
    written = [(f, i) for f, i in _by_count(flows) if i["messages"] or i["starts"] is not None]
    out.append(bar_chart("Messages by flow", [(f, i["messages"], i["share"])
                                              for f, i in written]))
    out.append(_table(
        ["flow", "messages", "share", "path unknown", "starts", "escalations ÷ starts"],
        [[f, i["messages"], percent(i["share"]), i["unknown_path"],
          "–" if i["starts"] is None else i["starts"], percent(i["rate"])]
         for f, i in written],
    ))
    langs = [[f, lang, v["messages"], "–" if v["starts"] is None else v["starts"],
              percent(v["rate"])]
             for f, i in _by_count(flows) for lang, v in i["by_lang"].items()]
    if report["deflection"]["available"] and langs:
        out.append("<h3>By flow and language</h3>")
        out.append(_table(["flow", "language", "messages", "starts", "escalations ÷ starts"],
                          langs, numeric_from=2))
    for dimension in DIMENSIONS[1:]:
        rows = [(g["key"], g["count"], g["share"]) for g in report["groups"][dimension]]
        out.append(f'<h2 id="{dimension}">{escape(TITLES[dimension])}</h2>')
        if not rows:
            out.append("<p>No messages.</p>")
            continue
        out.append(bar_chart(TITLES[dimension], rows))
        out.append(_table([dimension, "messages", "share"],
                          [[k, c, percent(s)] for k, c, s in rows]))
    out.append('<h2 id="moves">Moves that lead to messages</h2>')
    out.append("<p>Each move from one step to the next, counted once for every message"
               " whose path took it.</p>")
    moves = [[f, e["from"], e["to"], e["count"]] for f, i in _by_count(flows) for e in i["edges"]]
    out.append(_table(["flow", "from step", "to step", "messages"], moves, numeric_from=3)
               if moves else "<p>No known paths.</p>")
    out.append(f'<p><small>{escape(report["format"])}, kit {escape(report["kit_version"])}'
               "</small></p></main></body></html>")
    return "\n".join(out) + "\n"


def _by_count(flows: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Flows with messages or starts, the most messages first (a flow a message
    only passed through still lists its moves)."""
    shown = [(f, i) for f, i in flows.items()
             if i["messages"] or i["starts"] is not None or i["edges"]]
    return sorted(shown, key=lambda kv: (-kv[1]["messages"], kv[0]))
