"""The page hands the composer the way the reader took; the reference line names it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import block_other_hosts
from wizard.compose import messages
from wizard.flows import load_flows
from wizard.reference import graph_of, line, walk

pytestmark = pytest.mark.browser
READY = 90_000


def test_the_reference_line_names_the_flows_and_steps_clicked(browser, base_url: str) -> None:
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    foreign: list[str] = []
    block_other_hosts(context, base_url, blocked=foreign)
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
