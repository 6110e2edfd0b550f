"""A flow drawn as an SVG flowchart, laid out in pure Python (no Graphviz).

Why not Graphviz: it would be one more Debian package every build machine
needs, and a flow is a small, mostly tree-shaped graph (≤ 30 steps), which a
simple layered layout draws well: steps are put in layers by their longest
distance from the start, edges that skip layers get invisible bend points,
a few barycenter sweeps order each layer to cut crossings, and each layer is
centred under its parents. The output is deterministic, so a changed chart
in a diff means a changed flow.

Steps are coloured by kind, outcomes by how they end (resolved / escalate),
option labels sit on the edges, and every box is a link: a step to its
static wizard page, a ``flow:<id>`` hand-over to that flow's chart.

>>> from wizardtools.flows import Flow, Option, Step
>>> t = {"en": "Found it?"}
>>> flow = Flow("demo", "demo.yaml", {"en": "Demo"}, "ask", {
...     "ask": Step("ask", "choice", 5, t, options=(
...         Option("yes", {"en": "Yes"}, "done"), Option("no", {"en": "No"}, "flow:refund"))),
...     "done": Step("done", "outcome", 9, {"en": "Solved"}, outcome="resolved")})
>>> chart = layout(flow)
>>> [(n.id, n.layer) for n in chart.nodes if not n.dummy]
[('ask', 0), ('done', 1), ('flow:refund', 1)]
>>> svg = flow_svg(flow, step_href=lambda s: f"../wizard/demo/#{s}", flow_href=lambda f: f"#flow-{f}")
>>> '<a href="../wizard/demo/#done">' in svg and '<a href="#flow-refund">' in svg
True
>>> 'role="group"' in svg, 'role="img"' in flow_svg(flow)
(True, True)
>>> 'class="kg-fc-edge-label"' in svg and ">Yes</text>" in svg
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from wizardtools.flows import Flow, Step, flow_ref

NODE_W = 200
DUMMY_W = 16
GAP_X = 36
GAP_Y = 78
LINE_H = 15
WRAP = 30
MAX_LINES = 3
LABEL_CHARS = 28
MARGIN = 16

STYLE = {
    "choice": ("#e3f2fd", "#1565c0", "question"),
    "check": ("#ede7f6", "#5e35b1", "live check"),
    "info": ("#f5f5f5", "#616161", "tip"),
    "resolved": ("#e8f5e9", "#2e7d32", "resolved"),
    "escalate": ("#fff3e0", "#e65100", "escalate"),
    "flow": ("#ffffff", "#00695c", "go to flow"),
}
"""Fill, stroke and legend word per node kind (outcomes by how they end)."""


@dataclass
class Node:
    id: str
    kind: str  # a STYLE key, or "dummy"
    layer: int
    lines: list[str] = field(default_factory=list)
    badge: str = ""
    tooltip: str = ""
    dummy: bool = False
    x: float = 0.0
    y: float = 0.0
    w: float = NODE_W
    h: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    label: str = ""
    tooltip: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)
    back: bool = False


@dataclass
class Chart:
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float


def _wrap(text: str, width: int = WRAP, max_lines: int = MAX_LINES) -> list[str]:
    """Word-wrap ``text``; the last line ends with … when it had to be cut.

    >>> _wrap("Have you looked in spam and your other mail folders?", 20)
    ['Have you looked in', 'spam and your other', 'mail folders?']
    >>> _wrap("a " * 40, 10, 2)
    ['a a a a a', 'a a a a a…']
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
        while len(current) > width:  # one very long word, or CJK text without spaces
            lines.append(current[:width])
            current = current[width:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_for(step: Step, lang: str) -> Node:
    title = step.title.get(lang) or step.title.get("en", step.id)
    if step.kind == "outcome":
        kind = step.outcome or "resolved"
        badge = f"{kind}: {step.problem}" if step.problem else kind
    elif step.kind == "check":
        kind, badge = "check", f"check: {step.check}"
    else:
        kind, badge = step.kind, STYLE[step.kind][2]
    return Node(
        id=step.id, kind=kind, layer=0, lines=_wrap(title), badge=f"{badge} · {step.id}",
        tooltip=f"{step.id} (line {step.line}): {title}",
    )


def _edges_of(flow: Flow, lang: str) -> list[Edge]:
    edges = []
    for step in flow.steps.values():
        if step.kind == "info" and step.next:
            edges.append(Edge(step.id, step.next))
        for option in step.options:
            label = option.label.get(lang) or option.label.get("en", option.id)
            hint = f" [{option.when}]" if option.when else ""
            edges.append(Edge(step.id, option.next, _short(label) + hint, f"{option.id}: {label}"))
    return edges


def _layers(start: str, ids: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest distance from the start, after turning back edges around."""
    out: dict[str, list[Edge]] = {i: [] for i in ids}
    for edge in edges:
        out[edge.source].append(edge)
    state: dict[str, int] = {}  # 1 on the DFS stack, 2 done
    order: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        for edge in out[node]:
            if state.get(edge.target) == 1:
                edge.back = True
            elif edge.target not in state:
                visit(edge.target)
        state[node] = 2
        order.append(node)

    for root in [start, *ids]:
        if root not in state:
            visit(root)
    layer = {i: 0 for i in ids}
    for node in reversed(order):  # topological order of the forward edges
        for edge in out[node]:
            if not edge.back:
                layer[edge.target] = max(layer[edge.target], layer[node] + 1)
    return layer


def layout(flow: Flow, lang: str = "en") -> Chart:
    """Where every box and edge of ``flow`` goes (pixels, top-left origin)."""
    nodes = {sid: _node_for(step, lang) for sid, step in flow.steps.items()}
    edges = _edges_of(flow, lang)
    for edge in edges:
        target = flow_ref(edge.target)
        if target and edge.target not in nodes:
            nodes[edge.target] = Node(id=edge.target, kind="flow", layer=0,
                                      lines=_wrap(target), badge=STYLE["flow"][2],
                                      tooltip=f"continues in the flow {target!r}")
    for sid, layer in _layers(flow.start, list(nodes), edges).items():
        nodes[sid].layer = layer
    # Edges that skip layers bend through dummy nodes, one per skipped layer.
    chains: list[tuple[Edge, list[str]]] = []
    for edge in edges:
        src, dst = nodes[edge.source], nodes[edge.target]
        chain = [edge.source]
        if not edge.back:
            for layer in range(src.layer + 1, dst.layer):
                dummy = Node(id=f"~{edge.source}>{edge.target}>{layer}>{len(chains)}",
                             kind="dummy", layer=layer, dummy=True, w=DUMMY_W)
                nodes[dummy.id] = dummy
                chain.append(dummy.id)
        chain.append(edge.target)
        chains.append((edge, chain))
    rows = _order(nodes, chains, flow.start)
    _place(nodes, rows, chains)
    for edge, chain in chains:
        edge.points = _points([nodes[n] for n in chain], edge.back)
    real = [n for n in nodes.values()]
    width = max(n.x + n.w for n in real) + MARGIN
    height = max(n.y + n.h for n in real) + MARGIN
    return Chart([nodes[n] for row in rows for n in row], [e for e, _ in chains], width, height)


def _order(nodes: dict[str, Node], chains: list[tuple[Edge, list[str]]], start: str) -> list[list[str]]:
    depth = max(n.layer for n in nodes.values()) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    ups: dict[str, list[str]] = {n: [] for n in nodes}
    downs: dict[str, list[str]] = {n: [] for n in nodes}
    for edge, chain in chains:
        if edge.back:
            continue
        for a, b in zip(chain, chain[1:], strict=False):
            downs[a].append(b)
            ups[b].append(a)
    # First guess: breadth-first from the start, options in file order.
    seen, queue = {start}, [start]
    while queue:
        current = queue.pop(0)
        rows[nodes[current].layer].append(current)
        for nxt in downs[current]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    for nid, node in nodes.items():
        if nid not in seen:
            rows[node.layer].append(nid)
    for _ in range(4):
        for i in range(1, depth):
            _by_barycenter(rows[i], rows[i - 1], ups)
        for i in range(depth - 2, -1, -1):
            _by_barycenter(rows[i], rows[i + 1], downs)
    return rows


def _by_barycenter(row: list[str], fixed: list[str], links: dict[str, list[str]]) -> None:
    where = {n: i for i, n in enumerate(fixed)}

    def key(item: tuple[int, str]) -> float:
        index, node = item
        near = [where[n] for n in links[node] if n in where]
        return sum(near) / len(near) if near else float(index)

    row[:] = [n for _, n in sorted(enumerate(row), key=key)]


def _place(nodes: dict[str, Node], rows: list[list[str]], chains: list[tuple[Edge, list[str]]]) -> None:
    ups: dict[str, list[str]] = {n: [] for n in nodes}
    for edge, chain in chains:
        if not edge.back:
            for a, b in zip(chain, chain[1:], strict=False):
                ups[b].append(a)
    y = float(MARGIN)
    for row in rows:
        for nid in row:
            node = nodes[nid]
            node.h = 0.0 if node.dummy else 22 + LINE_H * len(node.lines) + 10
        wanted = []
        for nid in row:
            parents = [nodes[p] for p in ups[nid]]
            centre = (sum(p.x + p.w / 2 for p in parents) / len(parents)) if parents else 0.0
            wanted.append(centre - nodes[nid].w / 2)
        placed: list[float] = []
        for i in range(len(row)):
            left = wanted[i]
            if placed:
                prev = nodes[row[i - 1]]
                left = max(left, placed[-1] + prev.w + GAP_X)
            placed.append(left)
        if any(ups[n] for n in row):  # centre the row under its parents
            shift = (sum(wanted) - sum(placed)) / len(row)
            placed = [p + shift for p in placed]
        height = max((nodes[n].h for n in row), default=0.0)
        for nid, left in zip(row, placed, strict=True):
            node = nodes[nid]
            node.x = left
            node.y = y + (height - node.h) / 2
        y += height + GAP_Y
    offset = MARGIN - min(n.x for n in nodes.values())
    for node in nodes.values():
        node.x += offset


def _points(chain: list[Node], back: bool) -> list[tuple[float, float]]:
    src, dst = chain[0], chain[-1]
    if back:  # up the right-hand side
        return [(src.x + src.w, src.y + src.h / 2), (dst.x + dst.w, dst.y + dst.h / 2)]
    points = [(src.x + src.w / 2, src.y + src.h)]
    points += [(n.x + n.w / 2, n.y) for n in chain[1:-1]]
    points.append((dst.x + dst.w / 2, dst.y))
    return points


def _path(points: list[tuple[float, float]], back: bool) -> str:
    (x0, y0), rest = points[0], points[1:]
    if back:
        (x1, y1) = rest[0]
        bulge = max(x0, x1) + 60
        return f"M{x0:.1f},{y0:.1f} C{bulge:.1f},{y0:.1f} {bulge:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
    out = [f"M{x0:.1f},{y0:.1f}"]
    for x1, y1 in rest:
        dy = (y1 - y0) / 2
        out.append(f"C{x0:.1f},{y0 + dy:.1f} {x1:.1f},{y1 - dy:.1f} {x1:.1f},{y1:.1f}")
        x0, y0 = x1, y1
    return " ".join(out)


def _label_at(points: list[tuple[float, float]], sibling: int) -> tuple[float, float]:
    """A point half-way down the first bend of an edge; every other sibling's
    label a line lower, so that labels of a fan of options do not collide."""
    (x0, y0), (x1, y1) = points[0], points[1]
    t = 0.4 + 0.22 * (sibling % 2)
    # The cubic with vertical tangents: x follows smoothstep, y is linear-ish.
    s = 3 * t * t - 2 * t * t * t
    return x0 + (x1 - x0) * s, y0 + (y1 - y0) * t


def flow_svg(
    flow: Flow,
    lang: str = "en",
    step_href: Callable[[str], str] | None = None,
    flow_href: Callable[[str], str] | None = None,
    weights: Mapping[tuple[str, str], int] | None = None,
) -> str:
    """The flowchart of ``flow`` as an inline ``<svg>`` element.

    ``step_href(step_id)`` and ``flow_href(flow_id)`` give each box's link;
    without them boxes are not links. ``weights`` (``{(from, to): messages}``,
    from the deflection report) draws the moves that led to messages thicker
    (:func:`edge_width`) and in :data:`HOT`.
    """
    chart = layout(flow, lang)
    weights = {k: v for k, v in (weights or {}).items() if v > 0}
    top = max(weights.values(), default=0)
    title = flow.title.get(lang) or flow.id
    # A picture whose boxes are links is a group of links: role="img" would
    # hide them from screen readers (axe: nested-interactive).
    role = "group" if step_href or flow_href else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-flowchart" role="{role}"'
        f' width="{chart.width:.0f}" height="{chart.height:.0f}"'
        f' viewBox="0 0 {chart.width:.0f} {chart.height:.0f}"'
        f' aria-label="{escape(f"Flowchart of {title}")}" data-flow="{escape(flow.id)}">',
        '<defs><marker id="kg-fc-arrow-' + escape(flow.id) + '" viewBox="0 0 10 10" refX="9"'
        ' refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
        + (f'<marker id="kg-fc-hot-{escape(flow.id)}" viewBox="0 0 10 10" refX="9" refY="5"'
           ' markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12"'
           f' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{HOT}"/></marker>'
           if weights else "")
        + "</defs>",
    ]
    arrow = f"url(#kg-fc-arrow-{escape(flow.id)})"
    for edge in chart.edges:
        dash = ' stroke-dasharray="5 4"' if edge.back else ""
        count = weights.get((edge.source, edge.target), 0)
        look = (f' stroke="{HOT}" stroke-width="{edge_width(count, top)}"{dash}'
                f' marker-end="url(#kg-fc-hot-{escape(flow.id)})" data-messages="{count}"'
                if count else f' stroke="#555" stroke-width="1.4"{dash} marker-end="{arrow}"')
        out.append(
            f'<path class="kg-fc-edge" d="{_path(edge.points, edge.back)}" fill="none"'
            f'{look} data-from="{escape(edge.source)}" data-to="{escape(edge.target)}"/>'
        )
    siblings: dict[str, int] = {}
    for edge in chart.edges:
        if not edge.label:
            continue
        sibling = siblings[edge.source] = siblings.get(edge.source, -1) + 1
        x, y = (edge.points[0][0] + 40, edge.points[0][1] + 30) if edge.back else _label_at(
            edge.points, sibling)
        width = 6.3 * len(edge.label) + 10
        out.append(
            f'<g class="kg-fc-edge-label"><title>{escape(edge.tooltip)}</title>'
            f'<rect x="{x - width / 2:.1f}" y="{y - 9:.1f}" width="{width:.1f}" height="16" rx="3"'
            f' fill="#ffffff" fill-opacity="0.92" stroke="#bbb" stroke-width="0.6"/>'
            f'<text x="{x:.1f}" y="{y + 3:.1f}" text-anchor="middle" font-size="11"'
            f' fill="#222">{escape(edge.label)}</text></g>'
        )
    for node in chart.nodes:
        if not node.dummy:
            out.append(_box(node, flow, step_href, flow_href))
    out.append("</svg>")
    return "\n".join(out)


def _box(
    node: Node,
    flow: Flow,
    step_href: Callable[[str], str] | None,
    flow_href: Callable[[str], str] | None,
) -> str:
    fill, stroke, _ = STYLE[node.kind]
    target = flow_ref(node.id)
    href = (flow_href(target) if flow_href else None) if target else (
        step_href(node.id) if step_href else None)
    width = 3 if node.id == flow.start else 1.5
    dash = ' stroke-dasharray="6 3"' if node.kind == "flow" else ""
    rx = 16 if node.kind in ("info", "resolved", "escalate") else 4
    parts = [
        f'<g class="kg-fc-node kg-fc-{node.kind}" data-step="{escape(node.id)}">',
        f"<title>{escape(node.tooltip)}</title>",
        f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.w:.1f}" height="{node.h:.1f}"'
        f' rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>',
        f'<text x="{node.x + 10:.1f}" y="{node.y + 15:.1f}" font-size="10" fill="{stroke}"'
        f' font-weight="bold">{escape(_short(node.badge, 34))}</text>',
    ]
    for i, line in enumerate(node.lines):
        parts.append(
            f'<text x="{node.x + 10:.1f}" y="{node.y + 32 + i * LINE_H:.1f}" font-size="12.5"'
            f' fill="#1a1a1a">{escape(line)}</text>'
        )
    parts.append("</g>")
    inner = "".join(parts)
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


HOT = "#b3261e"
"""Colour of the moves that led to messages (7:1 on white)."""
MAX_WIDTH = 9.0


def edge_width(count: int, top: int) -> float:
    """Stroke width of a move that led to ``count`` of the report's messages
    (``top`` for the busiest move of the flow): 2 to :data:`MAX_WIDTH` pixels.

    >>> edge_width(1, 10), edge_width(10, 10), edge_width(0, 10)
    (2.7, 9.0, 1.4)
    """
    if count <= 0 or top <= 0:
        return 1.4
    return round(2 + (MAX_WIDTH - 2) * count / top, 1)


def weight_legend(top: int) -> str:
    """A small SVG key of the line widths, for the desk's report (``top`` messages)."""
    samples = sorted({1, max(1, top // 2), top})
    parts = []
    x = 0
    for n in samples:
        parts.append(
            f'<line x1="{x + 4}" y1="12" x2="{x + 44}" y2="12" stroke="{HOT}"'
            f' stroke-width="{edge_width(n, top)}"/>'
            f'<text x="{x + 50}" y="16" font-size="12" fill="#1a1a1a">{n}</text>'
        )
        x += 50 + 8 * len(str(n)) + 24
    label = "Line width: " + ", ".join(f"{n} message{'s' if n != 1 else ''}" for n in samples)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-fc-weights" role="img"'
            f' width="{x}" height="24" viewBox="0 0 {x} 24" aria-label="{escape(label)}">'
            + "".join(parts) + "</svg>")


def legend() -> str:
    """A one-line HTML legend of the box colours: a swatch drawn in SVG and a word
    (SVG colour attributes, not ``style=""``, which the site's CSP refuses).

    >>> "style=" in legend(), legend().count('<rect ') == len(STYLE)
    (False, True)
    """
    items = []
    for fill, stroke, word in STYLE.values():
        items.append(
            '<span class="kg-fc-key"><svg width="14" height="14" viewBox="0 0 14 14"'
            ' aria-hidden="true" focusable="false"><rect x="0.75" y="0.75" width="12.5"'
            f' height="12.5" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/></svg>'
            f" {escape(word)}</span>"
        )
    return '<p class="kg-fc-legend">' + " ".join(items) + "</p>"


def describe(flow: Flow) -> dict[str, Any]:
    """Counts a writer may want next to the chart: steps by kind, ends, hand-overs."""
    steps = list(flow.steps.values())
    return {
        "steps": len(steps),
        "resolved": sum(1 for s in steps if s.outcome == "resolved"),
        "escalate": sum(1 for s in steps if s.outcome == "escalate"),
        "handovers": sorted({flow_ref(o.next) for s in steps for o in s.options
                             if flow_ref(o.next)} | {flow_ref(s.next) for s in steps
                                                     if flow_ref(s.next)}),
    }
