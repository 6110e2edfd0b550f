"""Key walks in Chromium against nginx with the generated CSP enforced.

nginx sends the Content-Security-Policy the build hashed from its own pages
(no 'unsafe-inline' scripts); Pyodide must still start in its worker, and
neither the page nor a worker may report a single violation.
"""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import code_check_step
from tests.vendorshape import by_id
from wizard import codes
from wizard.vendor import load_vendor

pytestmark = pytest.mark.browser
# The client gives Pyodide 10 s to start; allow for a slow CI machine on top.
READY_MS = 30_000


def a_valid_code() -> str:
    fmt = next(iter(by_id(load_vendor())["formats"].values()))
    return codes.generate(fmt, random.Random(8))


def test_wizard_answers_a_code_check_from_python_under_the_csp(
    page: Page, nginx_url: str, watch
) -> None:
    code = a_valid_code()
    page.goto(f"{nginx_url}wizard/code-invalid/#{code_check_step()}")
    form = page.locator("[data-live-check='code_format']").first
    status = page.locator(".kg-live-status")
    expect(status).to_have_attribute("data-state", "ready", timeout=READY_MS)
    form.locator("textarea").fill(" " + code.lower().replace("-", "—", 1) + "\n")
    result = form.locator(".kg-check-result")
    expect(result.locator("li").first).to_be_visible(timeout=READY_MS)
    expect(result).to_contain_text(code)
    assert watch.csp_violations() == []
    assert watch.console_errors == []
    assert not [u for u, body in watch.requests if code in u or code.lower() in u or code in body]


def test_an_article_page_renders_under_the_csp(page: Page, nginx_url: str, watch) -> None:
    page.goto(f"{nginx_url}ru/articles/code-invalid/")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # Material's inline scripts ran: the palette toggle is wired and switches.
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme or "")
    assert watch.csp_violations() == []
    assert watch.console_errors == []


def test_search_opens_and_finds_articles_under_the_csp(page: Page, nginx_url: str, watch) -> None:
    page.goto(nginx_url)
    page.keyboard.press("/")  # Material's shortcut opens the search dialog
    query = page.locator("input.md-search__input")
    expect(query).to_be_focused()
    # The index loads in Material's search worker; typing before that is ignored.
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("Initializing", timeout=15_000)
    query.press_sequentially("license", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert watch.csp_violations() == []
    assert watch.console_errors == []


def test_on_a_throttled_network_the_first_step_shows_before_python(
    page: Page, nginx_url: str, watch
) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # A slow mobile link: 400 ms round trip, ~400 kbit/s down.
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 25_000},
    )
    page.goto(f"{nginx_url}wizard/", wait_until="domcontentloaded")
    first = page.locator(".kg-step[data-start] h2")
    expect(first).to_be_visible(timeout=10_000)
    expect(page.locator(".kg-step[data-start] .kg-option").first).to_be_visible()
    # Python is still on its way (3.5 MB of wasm at 50 kB/s): the step did not wait for it.
    assert page.locator(".kg-live-status").get_attribute("data-state") in (None, "loading")
    assert watch.csp_violations() == []
