"""The page hands the composer the way the reader took; the reference line names it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.axe import violations
from tests.conftest import other_hosts
from wizard.compose import messages
from wizard.reference import graph_of, line, walk
from wizardtools.flowlint import load_flows

pytestmark = pytest.mark.browser
READY = 90_000


def test_the_reference_line_names_the_flows_and_steps_clicked(browser, base_url: str) -> None:
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    foreign = other_hosts(context, base_url)
    page = context.new_page()
    try:
        page.goto(base_url + "ru/wizard/")
        page.click("#topic a[data-option='not-received']")
        expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready",
                                                                  timeout=READY)
        for step, option in (("spam", "not-found"), ("wait", "overdue"), ("lookup", "missing"),
                             ("payment", "all-right")):
            page.click(f"#{step} a.kg-option[data-option='{option}']")
        expect(page.locator("#contact h2")).to_be_focused()
        body = page.locator("#contact .kg-body")
        expect(body).to_contain_text("Ref: KG1")
        trail = [{"f": "start", "s": "topic"}] + [
            {"f": "not-received", "s": s} for s in ("spam", "wait", "lookup", "payment")]
        graph = graph_of(load_flows(check_articles=False))
        ref = walk(trail, "not-received", "contact", graph)
        assert ref["path"] and ref["via"]
        from wizard import __version__

        expected = line("not-received", "not_received", ref["path"], "ru", __version__,
                        via=ref["via"])
        text = body.text_content()
        assert f"{messages()['reference_note']['ru']}\n{expected}" in text
        assert "via=start:topic" in expected and "path=spam>wait>lookup>payment>contact" in expected
        assert foreign == []
    finally:
        context.close()


# --- the report's pages in Chromium --------------------------------------------------


@pytest.fixture(scope="module")
def report_data(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from tests import reportmail
    from wizardtools import mailread, report

    paths = reportmail.write_mailbox(tmp_path_factory.mktemp("mail"))
    return report.build(report.tally(mailread.read(paths), report.Vocabulary.load()),
                        report.parse_starts(["not-received=40"], ["not-received"]))


def test_the_html_report_styles_itself_loads_nothing_and_passes_axe(
    browser, report_data, tmp_path
) -> None:
    from wizardtools import report_html

    path = tmp_path / "report.html"
    path.write_text(report_html.page(report_data), "utf-8")
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    try:
        page.goto(path.as_uri())
        # The <style> block ran under the page's own CSP (allowed by its hash).
        assert page.evaluate("getComputedStyle(document.querySelector('table'))"
                             ".borderCollapse") == "collapse"
        assert requests == [path.as_uri()] and problems == []
        assert violations(page) == []
    finally:
        context.close()


def test_the_desks_report_section_passes_axe(browser, report_data) -> None:
    from sitebuild import writers
    from wizard.vendor import load_vendor
    from wizardtools.flowlint import load_flows as flows_of

    html = writers.render_page(flows_of(), load_vendor(), {"languages": {}, "findings": []},
                               "writers/", "en", "en", report=report_data, report_source="r.json")
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    try:
        page.set_content(f'<!doctype html><html lang="en"><head><title>Desk</title></head>'
                         f"<body><main>{html}</main></body></html>")
        assert page.locator(".kg-desk-report table").count() >= 4
        assert violations(page, {"include": [[".kg-desk-report"], ["#support-report"]]}) == []
    finally:
        context.close()
