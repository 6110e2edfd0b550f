"""The tests' own network guards: what the privacy and speed of the other
browser tests rest on.

The tests' Chromium reaches no host but this machine (``TEST_NETWORK_ARGS``),
and a request to another host still shows in the records (``Traffic``,
``other_hosts``), so ``foreign == []`` elsewhere can fail. ``no_python_url``
serves the same site but refuses Pyodide's files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import Traffic, other_hosts

pytestmark = pytest.mark.browser

FETCH = """async (url) => {
  try { const r = await fetch(url, {mode: "no-cors"}); return "answered " + r.type; }
  catch (error) { return "failed"; }
}"""


def test_a_request_to_another_host_is_recorded_and_never_answered(
    page: Page, base_url: str, traffic: Traffic
) -> None:
    noted = other_hosts(page.context, base_url)
    # The site's CSP stops a fetch to another host before it is made: ask from a blank page.
    page.goto("about:blank")
    assert page.evaluate(FETCH, "http://example.com/kg-guard") == "failed"
    assert traffic.foreign == noted == ["http://example.com/kg-guard"]


def test_the_second_server_refuses_only_pyodides_files(
    page: Page, site_dir: Path, base_url: str, no_python_url: str
) -> None:
    core = next(site_dir.glob("assets/pyodide/*/pyodide.mjs")).relative_to(site_dir).as_posix()
    page.goto(base_url)
    assert page.evaluate(FETCH, base_url + core) == "answered basic"
    page.goto(no_python_url)
    assert page.evaluate(FETCH, no_python_url + core) == "failed"
    assert page.evaluate(FETCH, no_python_url + "index.html") == "answered basic"
