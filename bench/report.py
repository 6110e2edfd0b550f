"""``bench/results.md`` and ``bench/results.svg`` from ``bench/results.json``.

Every run stores its figures under a label ("before", "after", ...) in
``results.json``; the Markdown and the chart are rewritten from all labels,
so earlier sections stay. Anything under a ``## Notes`` heading in
``results.md`` is hand-written and kept as is.

>>> fig = {"load": {"wizard": {"cold": {"fcp_ms": {"best": 50}}},
...        "ready_over_bare": {"cold": {"best_over_best": 1.5}, "warm": {"best_over_best": 1.1}}}}
>>> [(row[0], row[2], row[4]) for row in goal_rows(fig)]
[('first step painted, cold (FCP)', 100, 'met'), ('ready ÷ bare Pyodide, cold', 1.2, 'NOT met'), ('ready ÷ bare Pyodide, warm', 1.2, 'met')]
>>> svg = chart({"before": fig})
>>> svg.startswith("<svg") and "ready ÷ bare Pyodide, cold" in svg
True
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from bench.common import BENCH, verdict

RESULTS_JSON = BENCH / "results.json"
RESULTS_MD = BENCH / "results.md"
RESULTS_SVG = BENCH / "results.svg"
COLOURS = ["#9e9e9e", "#00897b", "#ef6c00", "#3949ab"]


def goal_rows(fig: dict[str, Any]) -> list[tuple[str, float, float, str, str]]:
    """(figure, value, goal, unit, verdict) for every figure that has a goal."""
    rows = []
    if fig.get("phone"):
        from bench import phone

        rows += phone.table(fig["phone"])
    load = fig.get("load")
    if load:
        fcp = (load["wizard"]["cold"].get("fcp_ms") or {}).get("best")
        if fcp is not None:
            rows.append(("first step painted, cold (FCP)", fcp, 100, "ms"))
        for cache in ("cold", "warm"):
            value = load["ready_over_bare"][cache]["best_over_best"]
            rows.append((f"ready ÷ bare Pyodide, {cache}", value, 1.2, "×"))
    if fig.get("bytes"):
        wizard = fig["bytes"]["pages"].get("wizard")
        if wizard:
            rows.append(("wizard page bytes, cold, as served", wizard["as_served_now"] / 1e6, 4.0, "MB"))
    if fig.get("latency"):
        rows.append(("check_code p95 in the worker", fig["latency"]["browser"]["p95_ms"], 5.0, "ms"))
    if fig.get("build"):
        rows.append(("build: site ÷ plain Material", fig["build"]["vs_plain"]["ratio"], 1.3, "×"))
        scaling = fig["build"]["scaling"]
        if "marginal_ratio" in scaling:  # issue 17: categories, sections, Pagefind
            rows.extend(_scale_rows(scaling))
        elif scaling.get("marginal_growth") is not None:
            rows.append(("build scaling: last ÷ first marginal cost", scaling["marginal_growth"], 1.5, "×"))
    trimmed = fig.get("stdlib") or {}
    if trimmed.get("load_trimmed"):
        value = trimmed["load_trimmed"]["ready_over_bare"]["cold"]["best_over_best"]
        rows.append(("ready ÷ bare, cold, trimmed stdlib (experiment)", value, 1.2, "×"))
        page = trimmed["bytes_trimmed"]["pages"]["wizard"]
        rows.append(("wizard bytes, trimmed stdlib, gzip as built (experiment)", page["as_served_now"] / 1e6, 4.0, "MB"))
        if "measured_with_brotli" in page:
            rows.append(("wizard bytes, trimmed stdlib + brotli (experiment)", page["measured_with_brotli"] / 1e6, 4.0, "MB"))
    return [(name, round(value, 3), goal, unit, verdict(value, goal)) for name, value, goal, unit in rows]


def _scale_rows(scaling: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    """Issue 17's goals at the largest size measured."""
    top = max(scaling["rows"], key=lambda r: r["articles"])
    n = top["articles"]
    rows = [
        (f"build ÷ plain Material, {n} articles × 3 (wall)", top["ratio"], 1.3, "×"),
        (f"build ÷ plain Material, {n} articles × 3 (CPU)", top["cpu_ratio"], 1.3, "×"),
    ]
    if scaling.get("marginal_ratio") is not None:
        rows.append(("marginal build cost per article, last ÷ first (wall)", scaling["marginal_ratio"], 1.2, "×"))
    if scaling.get("cpu_marginal_ratio") is not None:
        rows.append(("marginal build cost per article, last ÷ first (CPU)", scaling["cpu_marginal_ratio"], 1.2, "×"))
    rows.append((f"article page HTML, {n} articles", max(top["page_bytes"].values()) / 1000, 60, "KB"))
    reader = top.get("reader_search") or {}
    if reader and "error" not in reader:
        rows.append((f"search bytes before the first query, {n} articles", max(f["before_bytes"] for f in reader.values()) / 1000, 100, "KB"))
        rows.append((f"search bytes for one query, {n} articles", max(f["query_bytes"] for f in reader.values()) / 1000, 300, "KB"))
        rows.append((f"query → results, engine loaded, {n} articles", max(f["second_ms"] for f in reader.values()), 300, "ms"))
        if all("cold_ms" in f for f in reader.values()):  # since the engine warms up on focus (bench/search.py)
            rows.append((f"query → results, first query, engine warmed on focus, {n} articles",
                         max(f["first_ms"] for f in reader.values()), 300, "ms"))
            rows.append((f"query → results, first query, no warm-up, {n} articles",
                         max(f["cold_ms"] for f in reader.values()), 300, "ms"))
        else:
            rows.append((f"query → results, first query (engine cold), {n} articles", max(f["first_ms"] for f in reader.values()), 300, "ms"))
    return rows


def load_results(path: Path = RESULTS_JSON) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def save(label: str, figures: dict[str, Any], printed: list[str]) -> None:
    """Store ``figures`` under ``label`` and rewrite results.md and the chart.

    Benchmarks already stored under ``label`` and not run this time are kept
    (their printed lines too), so a label can be filled in several runs.
    """
    results = load_results()
    old = results.get(label, {})
    kept = [name for name in old if name not in figures and name not in ("printed", "printed_by")]
    lines = [line for name in kept for line in old.get("printed_by", {}).get(name, [])]
    results[label] = {**{name: old[name] for name in kept}, **figures,
                      "printed": lines + printed,
                      "printed_by": {**old.get("printed_by", {}), **_printed_by(figures, printed)}}
    RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    notes = ""
    if RESULTS_MD.is_file():
        text = RESULTS_MD.read_text("utf-8")
        if "\n## Notes" in text:
            notes = text[text.index("\n## Notes") + 1 :]
    RESULTS_SVG.write_text(chart(results), "utf-8")
    RESULTS_MD.write_text(markdown(results, notes), "utf-8")


def _printed_by(figures: dict[str, Any], printed: list[str]) -> dict[str, list[str]]:
    """Printed lines per benchmark (each benchmark's block starts with its title)."""
    titles = {"load": "Wizard load", "bytes": "Bytes on the wire", "latency": "check_code latency",
              "build": "Build", "stdlib": "Trimmed standard library"}
    out: dict[str, list[str]] = {}
    current = None
    for line in printed:
        for name, title in titles.items():
            if line.startswith(title) and name in figures:
                current = name
        if current and not line.startswith("(all benchmarks"):
            out.setdefault(current, []).append(line)
    return out


def markdown(results: dict[str, Any], notes: str = "") -> str:
    parts = [
        "# Benchmarks (issue 7)\n",
        "Written by `python -m bench` (`make bench`); figures per label from `bench/results.json`.",
        "Timings are from a shared 2-core machine: compare ratios measured in the same run.\n",
        "![figures ÷ goals and build scaling](results.svg)\n",
    ]
    for label, fig in results.items():
        meta = fig.get("meta", {})
        parts.append(f"## {label.capitalize()}\n")
        parts.append(
            f"{meta.get('date', '?')}, commit `{meta.get('commit', '?')}`, "
            f"load average at start {meta.get('loadavg', '?')}"
            f"{', quick mode' if meta.get('quick') else ''}.\n"
        )
        rows = goal_rows(fig)
        if rows:
            parts.append("| figure | value | goal | |\n|---|---|---|---|")
            for name, value, goal, unit, result in rows:
                parts.append(f"| {name} | {value} {unit} | ≤ {goal} {unit} | {result} |")
            parts.append("")
        parts.append("```\n" + "\n".join(fig.get("printed", [])) + "\n```\n")
    if notes:
        parts.append(notes.rstrip() + "\n")
    return "\n".join(parts)


def chart(results: dict[str, Any]) -> str:
    """An SVG: bars of figure ÷ goal per label (left), build scaling curves (right)."""
    labels = list(results)
    names: list[str] = []
    values: dict[tuple[str, str], float] = {}
    for label in labels:
        for name, value, goal, _unit, _v in goal_rows(results[label]):
            if name not in names:
                names.append(name)
            values[(label, name)] = value / goal
    bar_h, gap, left, width = 12, 10, 320, 260
    group = bar_h * max(len(labels), 1) + gap
    top = 40
    height = max(top + group * len(names) + 40, 260)
    scale_max = max([2.0, *values.values()])
    x_of = lambda r: left + width * min(r, scale_max) / scale_max  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="980" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="10" y="18" font-size="13" font-weight="bold">Figure ÷ goal (≤ 1 meets the goal; bars capped at {scale_max:.1f})</text>',
    ]
    for i, name in enumerate(names):
        y0 = top + i * group
        out.append(f'<text x="{left - 6}" y="{y0 + bar_h}" text-anchor="end">{escape(name)}</text>')
        for j, label in enumerate(labels):
            if (label, name) not in values:
                continue
            r = values[(label, name)]
            y = y0 + j * bar_h
            out.append(
                f'<rect x="{left}" y="{y}" width="{x_of(r) - left:.1f}" height="{bar_h - 2}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
            out.append(f'<text x="{x_of(r) + 4:.1f}" y="{y + bar_h - 3}">{r:.2f}</text>')
    goal_x = x_of(1.0)
    out.append(
        f'<line x1="{goal_x:.1f}" y1="{top - 6}" x2="{goal_x:.1f}" y2="{top + group * len(names)}" '
        'stroke="#c62828" stroke-dasharray="4 3"/>'
    )
    for j, label in enumerate(labels):
        x = 10 + j * 90
        y = height - 14
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>')
        out.append(f'<text x="{x + 14}" y="{y}">{escape(label)}</text>')
    out.extend(_scaling_panel(results, labels, x0=620, y0=40, w=330, h=height - 100))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _scaling_panel(results: dict[str, Any], labels: list[str], x0: int, y0: int, w: int, h: int) -> list[str]:
    series = {
        label: [(r["articles"], r["seconds"]) for r in results[label]["build"]["scaling"]["rows"]]
        for label in labels
        if results[label].get("build")
    }
    out = [f'<text x="{x0}" y="18" font-size="13" font-weight="bold">Build seconds vs articles × 3 languages</text>']
    if not series:
        return out
    # Issue 17's runs also built plain Material at each size: dashed, same colour.
    plain = {
        label: [(r["articles"], r["plain_seconds"]) for r in results[label]["build"]["scaling"]["rows"]]
        for label in series
        if all("plain_seconds" in r for r in results[label]["build"]["scaling"]["rows"])
    }
    max_n = max(n for pts in series.values() for n, _ in pts) or 1
    max_t = max(t for pts in series.values() for _, t in pts) or 1
    out.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="black"/>')
    out.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + h}" stroke="black"/>')
    out.append(f'<text x="{x0 + w}" y="{y0 + h + 14}" text-anchor="end">{max_n} articles</text>')
    out.append(f'<text x="{x0 - 4}" y="{y0 + 8}" text-anchor="end">{max_t:.0f} s</text>')
    for j, label in enumerate(labels):
        pts = series.get(label)
        if not pts:
            continue
        coords = [(x0 + w * n / max_n, y0 + h - h * t / max_t) for n, t in pts]
        colour = COLOURS[j % len(COLOURS)]
        out.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            + '"/>'
        )
        for (x, y), (_n, t) in zip(coords, pts, strict=True):
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            out.append(f'<text x="{x + 5:.1f}" y="{y - 5:.1f}">{t:.0f} s</text>')
        if label in plain:
            dashed = [(x0 + w * n / max_n, y0 + h - h * min(t, max_t) / max_t) for n, t in plain[label]]
            out.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 3" points="'
                + " ".join(f"{x:.1f},{y:.1f}" for x, y in dashed)
                + '"/>'
            )
            x, y = dashed[-1]
            out.append(f'<text x="{x - 4:.1f}" y="{y + 14:.1f}" text-anchor="end">{escape(label)}: plain Material (dashed)</text>')
    return out
