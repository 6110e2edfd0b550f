"""The last deflection report on the writers' desk: thicker moves and their counts."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitebuild import deskreport, flowchart, writers
from tests import reportmail
from tests.conftest import build_site
from wizardtools import mailread, report
from wizardtools.flowlint import load_flows
from wizard.vendor import load_vendor

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def flows():
    return load_flows()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("desk")
    paths = reportmail.write_mailbox(folder / "mail")
    data = report.build(report.tally(mailread.read(paths), report.Vocabulary.load()),
                        report.parse_starts(["not-received=40"], ["not-received"]))
    target = folder / "latest.json"
    target.write_text(json.dumps(data), "utf-8")
    return target


def page(flows, data) -> str:
    return writers.render_page(flows, load_vendor(), {"languages": {}, "findings": []},
                               "writers/", "en", "en", report=data, report_source="r.json")


def edges_of(html: str, flow_id: str) -> dict[tuple[str, str], ET.Element]:
    svg = re.search(rf'<svg [^>]*data-flow="{flow_id}">.*?</svg>', html, re.S).group(0)
    root = ET.fromstring(svg)
    return {(p.get("data-from"), p.get("data-to")): p for p in root.iter(f"{SVG}path")
            if p.get("class") == "kg-fc-edge"}


def test_without_a_report_the_desk_is_unchanged(flows) -> None:
    html = page(flows, None)
    assert "kg-desk-report" not in html and "data-messages" not in html
    assert "support-report" not in html and "kg-fc-hot-" not in html
    assert {e.get("stroke-width") for e in edges_of(html, "not-received").values()} == {"1.4"}


def test_moves_that_led_to_more_messages_are_drawn_thicker(flows, report_file) -> None:
    html = page(flows, deskreport.load(report_file))
    edges = edges_of(html, "not-received")
    busy = edges[("spam", "wait")]
    assert busy.get("data-messages") == "4" and float(busy.get("stroke-width")) == 9.0
    assert busy.get("stroke") == flowchart.HOT
    assert edges[("spam", "solved")].get("stroke-width") == "1.4"
    assert "data-messages" not in edges[("spam", "solved")].attrib
    # A hand-over counts on the flow it leaves from.
    start = edges_of(html, "start")
    assert start[("topic", "flow:not-received")].get("data-messages") == "4"
    # Fewer messages, a thinner line.
    code = edges_of(html, "code-invalid")[("used", "contact")]
    assert code.get("data-messages") == "3" and float(code.get("stroke-width")) == 9.0
    refund = edges_of(html, "refund")[("reason", "trial")]
    assert 1.4 < float(refund.get("stroke-width")) <= 9.0


def test_each_chart_has_a_key_and_a_table_of_its_counts(flows, report_file) -> None:
    html = page(flows, deskreport.load(report_file))
    block = re.search(r'<div class="kg-desk-report" id="report-not-received">.*?</div>',
                      html, re.S).group(0)
    assert "4 of 10 messages (40.0%)" in block and "10.0% of 40 page loads" in block
    assert 'class="kg-fc-weights" role="img"' in block and 'aria-label="Line width:' in block
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(\d+)</td></tr>", block)
    assert ("Have you looked in spam and your other mail folders? (spam)",
            "How long ago did you pay? (wait)", "4") in rows
    assert len(rows) == 4  # spam>wait>lookup>payment>contact
    assert 'id="support-report"' in html and "17 messages read" in html
    assert "no message came through this flow" in html  # e.g. invoice


def test_a_broken_report_file_fails_the_build_with_file_and_line(tmp_path) -> None:
    bad = tmp_path / "latest.json"
    bad.write_text('{"format": "keyguide-report/1",\n "flows": [}', "utf-8")
    with pytest.raises(ValueError, match=rf"{re.escape(str(bad))}:2: not JSON"):
        deskreport.load(bad)
    bad.write_text('{"format": "something-else"}', "utf-8")
    with pytest.raises(ValueError, match="python -m wizard report --json"):
        deskreport.load(bad)
    assert deskreport.load(tmp_path / "absent.json") is None


@pytest.mark.site
def test_the_built_desk_shows_the_report_named_by_the_environment(report_file, tmp_path) -> None:
    site = build_site(tmp_path / "site", env={deskreport.ENV: str(report_file)})
    html = (site / "writers" / "index.html").read_text("utf-8")
    assert 'id="support-report"' in html and 'id="report-not-received"' in html
    assert 'data-messages="4"' in html
    data = json.loads((site / "assets" / "wizard" / "data.json").read_text("utf-8"))
    assert data["flows"]["not-received"]["start"] == "spam"
