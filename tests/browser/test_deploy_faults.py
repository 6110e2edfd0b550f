"""Faults on the way to Python end in the static fallback with a clear message, never a hang.

Each test breaks one thing between nginx and the worker, then expects the
live status to say "unavailable" in the page's language while every step
stays readable. The client gives Pyodide 10 s (wizard/web/client.mjs), so a
fault that makes Pyodide hang (a wrong wasm type) ends at that deadline: the
page runs on Playwright's clock, which the test moves past the deadline
instead of waiting for it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, Route, expect

from sitebuild.render import UI
from tests.conftest import edited_response, hold_clock
from wizard import api
from wizard.vendor import load_vendor
from wizardtools.flowlint import load_flows
from wizardtools.paths import DATA_DIR

CLIENT_TIMEOUT_S = 10
# From "loading" to "unavailable": the client's deadline plus scheduling slack.
FALLBACK_BUDGET_S = CLIENT_TIMEOUT_S + 2


def missing(route: Route) -> None:
    route.fulfill(status=404, content_type="text/html", body="<h1>Not found</h1>")


wrong_wasm_type = edited_response(
    lambda response: {"headers": {**response.headers, "content-type": "application/octet-stream"}}
)
truncated = edited_response(lambda response: {"body": response.body()[:4096]})


def throwing_worker(route: Route) -> None:
    route.fulfill(
        status=200, content_type="text/javascript", body='throw new Error("worker broke");'
    )


# When the live status changed state, on the page's own clock (ms since navigation).
STATE_TIMES = """
window.__kgStates = [];
new MutationObserver((records) => {
  for (const r of records) window.__kgStates.push([r.target.dataset.state, performance.now()]);
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
"""


def seconds_to(page: Page, state: str) -> float:
    """From the status turning "loading" (or navigation) until it turned ``state``."""
    times = page.evaluate("window.__kgStates")
    start = next((t for s, t in times if s == "loading"), 0.0)
    end = next(t for s, t in times if s == state)
    return (end - start) / 1000


# pattern, how it breaks, and whether Pyodide then hangs (so only the deadline ends it)
FAULTS = {
    "pyodide-missing": ("**/assets/pyodide/**", missing, False),
    "wasm-wrong-type": ("**/*.wasm", wrong_wasm_type, True),
    "wheel-truncated": ("**/*.whl", truncated, False),
    "worker-throws": ("**/assets/wizard/worker.mjs", throwing_worker, False),
}


@pytest.mark.browser
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_broken_python_path_ends_in_the_static_fallback(
    page: Page, nginx_url: str, watch, fault: str, lang: str
) -> None:
    pattern, handler, hangs = FAULTS[fault]
    page.context.route(pattern, handler)
    prefix = "" if lang == "en" else f"{lang}/"
    hold_clock(page)
    page.add_init_script(STATE_TIMES)
    page.goto(f"{nginx_url}{prefix}wizard/code-invalid/")
    status = page.locator(".kg-live-status")
    if hangs:
        # The client has started (its deadline is set) once the status has a state.
        expect(status).to_have_attribute("data-state", re.compile("loading|unavailable"))
        page.clock.run_for(CLIENT_TIMEOUT_S * 1000)
    # Otherwise the clock stands still: the fault itself must end the wait.
    expect(status).to_have_attribute("data-state", "unavailable", timeout=90_000)
    assert (status.get_attribute("data-error") == "timeout") == hangs
    elapsed = seconds_to(page, "unavailable")
    assert elapsed < FALLBACK_BUDGET_S, f"{fault}: fallback after {elapsed:.1f} s"
    expect(status).to_have_text(UI[lang]["live_unavailable"])
    # The static wizard still works: the first step and its links are there.
    expect(page.locator(".kg-step[data-start] h2")).to_be_visible()
    assert page.locator(".kg-step[data-start] a.kg-option").count() > 0
    assert watch.csp_violations() == []


@pytest.mark.browser
def test_a_fast_fault_does_not_wait_for_the_deadline(page: Page, nginx_url: str, watch) -> None:
    """A missing Pyodide is known at once; it must not sit out the 10 s timeout:
    the page's clock stands still, so only the fault itself can end the wait."""
    page.context.route("**/assets/pyodide/**", missing)
    hold_clock(page)
    page.add_init_script(STATE_TIMES)
    page.goto(f"{nginx_url}wizard/code-invalid/")
    status = page.locator(".kg-live-status")
    expect(status).to_have_attribute("data-state", "unavailable", timeout=90_000)
    assert seconds_to(page, "unavailable") < CLIENT_TIMEOUT_S / 2


def _call(message_type: str, payload: dict) -> dict:
    api.handle_json(json.dumps({"id": 1, "type": "configure", "payload": {"vendor": load_vendor()}}))
    return json.loads(api.handle_json(json.dumps({"id": 2, "type": message_type, "payload": payload})))


@pytest.mark.parametrize(
    ("offset", "direction", "zone_error"),
    [
        (timedelta(days=3, minutes=7), "ahead", False),
        (-timedelta(days=400, minutes=17), "behind", False),
        (timedelta(hours=1, seconds=20), "ahead", True),
        (timedelta(seconds=40), "in_sync", False),
    ],
)
def test_the_clock_check_reports_a_device_clock_far_off(
    offset: timedelta, direction: str, zone_error: bool
) -> None:
    trusted = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    reply = _call(
        "clock_skew",
        {"device_time": (trusted + offset).isoformat(), "trusted_time": trusted.isoformat()},
    )
    assert reply["ok"], reply
    result = reply["result"]
    assert result["skew_seconds"] == round(offset.total_seconds())
    assert (result["direction"], result["zone_error"]) == (direction, zone_error)
    assert result["ok"] is (direction == "in_sync")


def clock_step() -> tuple[str, str]:
    for flow in load_flows().values():
        for step in flow.steps.values():
            if step.check == "clock_skew":
                return flow.id, step.id
    raise AssertionError("no flow step runs the clock_skew check")


@pytest.mark.browser
def test_the_clock_step_says_a_clock_three_days_ahead_is_wrong(
    page: Page, nginx_url: str, watch
) -> None:
    # The device clock runs 3 days fast; the trusted time is nginx's Date header.
    page.add_init_script(
        """(() => {
          const RealDate = Date, offset = 3 * 24 * 3600 * 1000;
          class SkewedDate extends RealDate {
            constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + offset); }
            static now() { return RealDate.now() + offset; }
          }
          globalThis.Date = SkewedDate;
        })();"""
    )
    flow_id, step_id = clock_step()
    page.goto(f"{nginx_url}wizard/{flow_id}/#{step_id}")
    box = page.locator(f"#{step_id} [data-live-check='clock_skew']")
    result = box.locator(".kg-check-result .kg-problem")
    expect(result).to_be_visible(timeout=90_000)  # Python first, however busy the machine
    strings = json.loads((DATA_DIR / "wizard_ui.json").read_text("utf-8"))["en"]
    expect(result).to_contain_text(strings["clock_ahead"].split("{d}")[0].strip())
    expect(result).to_contain_text("72")  # the duration: 72 h
    assert watch.csp_violations() == []
