"""When Pyodide cannot load, the page says so within 10 s and stays usable.

The page's clock is Playwright's and stands still (``hold_clock``): a test
moves it past the deadline instead of waiting 10 real seconds, and a slow
machine cannot reach the deadline before the fault shows.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from sitebuild.render import UI
from tests.conftest import edited_response, hold_clock

pytestmark = pytest.mark.browser
LIMIT_MS = 10_000
SLACK_MS = 2_000  # page start-up before the client starts its clock


def not_found(route: Route) -> None:
    route.fulfill(status=404, content_type="text/html", body="<h1>Not found</h1>")


wrong_type = edited_response(
    lambda response: {"headers": {**response.headers, "content-type": "text/plain"}}
)


@pytest.mark.parametrize("breakage", [not_found, wrong_type], ids=["wasm-404", "wasm-text-plain"])
def test_live_checks_fall_back_to_the_checklist_in_time(page: Page, base_url: str, breakage) -> None:
    hold_clock(page)
    page.route("**/pyodide.asm.wasm", breakage)
    page.goto(f"{base_url}wizard/code-invalid/#format")
    status = page.locator(".kg-live-status")
    # The step is readable at once, while Python is still loading.
    expect(page.locator("#format-title")).to_be_visible()
    # The client has started (its deadline is set) once the status has a state.
    expect(status).to_have_attribute("data-state", re.compile("loading|unavailable"))
    page.clock.run_for(LIMIT_MS)
    expect(status).to_have_attribute("data-state", "unavailable")
    assert int(status.get_attribute("data-ms")) <= LIMIT_MS + SLACK_MS
    expect(status).to_have_text(UI["en"]["live_unavailable"])
    # The static checklist is what is left, and the options still work.
    expect(page.locator("#format .kg-checklist")).to_be_visible()
    expect(page.locator("#format [data-live-check]")).to_be_hidden()
    page.locator("#format a[data-option='format-wrong']").click()
    expect(page.locator("#retype-title")).to_be_focused()


def test_a_missing_wheel_falls_back_at_once(page: Page, base_url: str) -> None:
    # The page's clock stands still: the deadline cannot fire, however slow
    # Pyodide is on this machine, so the fallback comes from the 404 itself.
    hold_clock(page)
    page.route("**/assets/wheels/**", not_found)
    page.goto(f"{base_url}wizard/not-received/#contact")
    status = page.locator(".kg-live-status")
    expect(status).to_have_attribute("data-state", "unavailable", timeout=90_000)
    assert status.get_attribute("data-error") == "init_failed"
    # Escalate outcome without the composer: who to contact and what to include.
    expect(page.locator("#contact .kg-contact")).to_be_visible()
    expect(page.locator("#contact .kg-include-fields")).to_be_visible()
    expect(page.locator("#contact form.kg-composer")).to_be_hidden()
