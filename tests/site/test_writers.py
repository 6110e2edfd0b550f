"""The writers' page: flowcharts, translation status and escalation previews."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitebuild import flowchart, writers
from wizard.compose import MAILTO_LIMIT
from wizardtools.flowlint import load_flows
from wizardtools.flows import flow_ref, outcomes
from wizardtools.i18n_status import findings_of, looks_english, status
from wizard.vendor import LANGUAGES, load_vendor
from tests.paths import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def flows():
    return load_flows()


# --- flowcharts -----------------------------------------------------------------


def test_every_step_of_every_flow_is_a_box_linking_to_its_step_page(flows) -> None:
    for flow in flows.values():
        svg = flowchart.flow_svg(flow, step_href=lambda s, f=flow.id: f"../wizard/{f}/#{s}",
                                 flow_href=lambda f: f"#flow-{f}")
        root = ET.fromstring(svg)
        links = {a.get("href") for a in root.iter(f"{SVG}a")}
        for step_id in flow.steps:
            assert f"../wizard/{flow.id}/#{step_id}" in links, (flow.id, step_id)


def test_every_option_is_an_edge_with_its_label(flows) -> None:
    for flow in flows.values():
        chart = flowchart.layout(flow)
        labelled = {(e.source, e.target, e.tooltip) for e in chart.edges}
        for step in flow.steps.values():
            for option in step.options:
                assert (step.id, option.next, f"{option.id}: {option.label['en']}") in labelled


def test_hand_overs_are_boxes_linking_to_the_other_flows_chart(flows) -> None:
    svg = flowchart.flow_svg(flows["start"], flow_href=lambda f: f"#flow-{f}")
    targets = {flow_ref(o.next) for o in flows["start"].steps["topic"].options}
    assert targets and all(f'<a href="#flow-{t}">' in svg for t in targets)


def test_outcomes_are_coloured_by_how_they_end(flows) -> None:
    svg = flowchart.flow_svg(flows["not-received"])
    for step in outcomes(flows["not-received"]):
        fill, stroke, _ = flowchart.STYLE[step.outcome]
        box = re.search(rf'data-step="{step.id}">.*?<rect [^>]*fill="([^"]+)" stroke="([^"]+)"',
                        svg, re.S)
        assert box and box.groups() == (fill, stroke)


def test_boxes_never_overlap_and_layers_go_down(flows) -> None:
    for flow in flows.values():
        chart = flowchart.layout(flow)
        boxes = [n for n in chart.nodes if not n.dummy]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = (a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y
                         or b.y + b.h <= a.y)
                assert apart, (flow.id, a.id, b.id)
        where = {n.id: n for n in chart.nodes}
        for edge in chart.edges:
            if not edge.back:
                assert where[edge.target].y > where[edge.source].y, (flow.id, edge)


def test_a_loop_is_drawn_as_a_back_edge() -> None:
    from wizardtools.flows import Flow, Option, Step

    t = {"en": "x"}
    flow = Flow("loop", "", t, "a", {
        "a": Step("a", "choice", 1, t, options=(Option("o", t, "b"),)),
        "b": Step("b", "choice", 2, t, options=(Option("again", t, "a"), Option("end", t, "c"))),
        "c": Step("c", "outcome", 3, t, outcome="resolved"),
    })
    chart = flowchart.layout(flow)
    assert [(e.source, e.target) for e in chart.edges if e.back] == [("b", "a")]


# --- outcome previews -------------------------------------------------------------


def test_every_escalation_is_previewed_in_every_language(flows) -> None:
    vendor = load_vendor()
    items = writers.previews(flows, vendor)
    expected = {(f.id, s.id) for f in flows.values() for s in outcomes(f) if s.outcome == "escalate"}
    assert {(i["flow"], i["step"]) for i in items} == expected
    for item in items:
        assert set(item["messages"]) == set(LANGUAGES)
        for message in item["messages"].values():
            assert message["length"] == len(message["mailto"] or "") <= MAILTO_LIMIT
            assert message["missing"] == []  # the sample answers fill every required field


def test_sample_answers_follow_the_field_types() -> None:
    vendor = load_vendor()
    answers = writers.sample_answers("refund", "ru", vendor)
    assert answers["reseller"] == vendor["resellers"][0]["id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", answers["purchase_date"])
    assert "@" in answers["order_email"]


# --- translation status -------------------------------------------------------------


def test_english_left_in_a_translation_is_spotted() -> None:
    assert looks_english("It is not there", "ru")
    assert looks_english("It is not there", "zh")
    assert not looks_english("Paddle", "ru", english="Paddle")  # a name, not English prose
    assert not looks_english("Письма нигде нет", "ru")
    assert not looks_english("哪里都没有", "zh")
    assert not looks_english("{vendor_name} 2.8", "zh")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def half_translated(tmp_path: Path) -> dict[str, Path]:
    flows = tmp_path / "flows"
    write(flows / "demo.yaml", """id: demo
title: {en: Demo, ru: Демо, zh: 演示}
start: ask
steps:
  ask:
    kind: choice
    title:
      en: Did it work?
      ru: Получилось?
      zh: Did it work?
    options:
      - id: yes
        label: {en: Yes it did, ru: Yes it did, zh: 成功了}
        next: done
  done:
    kind: outcome
    outcome: resolved
    title: {en: Good, zh: 好}
""")
    docs = tmp_path / "docs"
    write(docs / "a.md", "# Alpha\n\nSome text here.\n")
    write(docs / "a.ru.md", "---\ntitle: Альфа\nuntranslated: true\n---\n# Альфа\n\nКакой-то текст.\n")
    write(docs / "a.zh.md", "# 阿尔法\n\n一些文字。\n\nThis paragraph was left in English by mistake.\n")
    write(docs / "b.md", "# Beta\n")
    write(docs / "b.zh.md", "# 贝塔\n")
    data = tmp_path / "data"
    write(data / "x.json", json.dumps({"hello": {"en": "Hello there", "ru": "Привет", "zh": "你好"}}))
    return {"flows_dir": flows, "docs_dir": docs, "data_dir": data}


def test_status_lists_missing_untranslated_and_english_with_lines(half_translated) -> None:
    report = status(**half_translated)
    found = {(f.lang, f.kind, f.source, f.where.split(" ")[0], f.line) for f in findings_of(report)}
    assert found == {
        ("zh", "english", "flow", "steps.ask.title", 10),
        ("ru", "english", "flow", "steps.ask.options.0.label", 13),
        ("ru", "missing", "flow", "steps.done.title", 18),
        ("ru", "untranslated", "article", "a.md", 3),
        ("zh", "english", "article", "a.md", 5),
        ("ru", "missing", "article", "b.md", 0),
    }
    assert report["languages"]["ru"]["article"] == {
        "total": 2, "missing": 1, "untranslated": 1, "english": 0}
    assert report["languages"]["zh"]["data"] == {
        "total": 1, "missing": 0, "untranslated": 0, "english": 0}


def test_the_real_content_is_fully_translated() -> None:
    assert findings_of(status()) == []


def test_cli_prints_the_table_and_json(half_translated) -> None:
    args = ["--flows", str(half_translated["flows_dir"]), "--docs", str(half_translated["docs_dir"])]
    run = [sys.executable, "-m", "wizard", "i18n-status", *args]
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert text.returncode == 0
    assert re.search(r"^ru  articles\s+2\s+1\s+1\s+0$", text.stdout, re.M), text.stdout
    assert "[ru] untranslated a.md" in text.stdout
    strict = subprocess.run([*run, "--strict", "--json"], cwd=ROOT, capture_output=True, text=True)
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["languages"]["zh"]["flow"]["english"] == 1


# --- the page in the built site ------------------------------------------------------


def test_the_writers_page_is_built_but_hidden_from_customers(site_dir: Path, flows) -> None:
    page = (site_dir / "writers" / "index.html").read_text("utf-8")
    assert page.count('class="kg-flowchart"') == len(flows)
    assert 'id="translations"' in page and 'id="outcomes"' in page
    # Every step link on the page resolves to a built wizard page.
    for href in set(re.findall(r'<a href="(\.\./wizard/[^"#]*)#', page)):
        assert (site_dir / "writers" / href / "index.html").resolve().is_file(), href
    for index in (site_dir / "search").glob("*/search/search_index.json"):
        search = json.loads(index.read_text("utf-8"))
        assert not [d for d in search["docs"] if "writers/" in d["location"]], index
    home = (site_dir / "index.html").read_text("utf-8")
    assert "writers/" not in home
