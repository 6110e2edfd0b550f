"""Privacy and robustness of the live wizard, driven in Chromium.

- A card number pasted into the code checker or the composer shows up
  nowhere in the page: not in the code view, the message, the mailto link.
- A worker that stops answering is replaced, and the page says so in words.
- A failure inside the worker's message handler answers ``{ok: false}``.
- Pressing Enter in a composer field never submits the form.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from sitebuild.render import UI

pytestmark = pytest.mark.browser
READY = 90_000
CARD = "4111111111111111"
PASTE = "my card 4111\u00a01111.1111 1111 12/27 was charged twice"


def card_runs(text: str) -> list[str]:
    """Runs of 8+ of CARD's digits in ``text``, separators ignored."""
    squeezed = re.sub(r"[^\w•]", "", unquote(text))
    windows = {CARD[i : i + 8] for i in range(len(CARD) - 7)}
    return [r for r in re.findall(r"[0-9]{8,}", squeezed) if any(w in r for w in windows)]


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Berlin")
    yield context
    context.unroute_all(behavior="ignoreErrors")  # as the suite's page fixture does (conftest.py)
    context.close()


@pytest.fixture(scope="module")
def code_page(browser, base_url: str):
    """One wizard page with Python ready, shared (Pyodide boots once)."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Berlin")
    yield open_wizard(context, base_url, "wizard/code-invalid/#format")
    context.close()


def open_wizard(context, base_url: str, path: str) -> Page:
    page = context.new_page()
    page.goto(base_url + path)
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    return page


def test_a_pasted_card_appears_nowhere_in_the_page(code_page: Page) -> None:
    page = code_page
    page.evaluate("location.hash = 'format'")
    field = page.locator("#format textarea[data-field='code']")
    field.fill(PASTE)
    result = page.locator("#format .kg-check-result")
    expect(result.locator("li[data-kind='card_number']")).to_be_visible()
    # The code view is Python's masked text, character for character.
    view = result.locator(".kg-code-view")
    expect(view).to_be_attached()
    assert card_runs(view.text_content()) == []
    assert "•" in view.text_content()
    assert card_runs(page.locator("body").inner_text()) == []
    # The composer on the same walk: message, copy and mail link.
    page.evaluate("location.hash = 'contact'")
    form = page.locator("#contact form.kg-composer")
    form.locator("[data-field]").first.wait_for()
    target = form.locator("textarea[data-field]").first
    target.fill(PASTE)
    target.blur()
    body = form.locator(".kg-body")
    expect(body).to_contain_text("•••• •••• •••• ••••")
    assert card_runs(body.text_content()) == []
    mail = form.locator("[data-action='mail']")
    assert card_runs(mail.get_attribute("href") or "") == []
    assert card_runs(page.locator("body").inner_text()) == []


def test_enter_in_a_composer_field_never_submits(code_page: Page) -> None:
    """Enter in a field: no navigation, with the script's handler and without it
    (a copy of the form carries no listeners: the markup alone must hold)."""
    page = code_page
    page.evaluate("location.hash = 'contact'")
    url = page.url
    form = page.locator("#contact form.kg-composer").first
    field = form.locator("input[type='text']").first
    field.fill("5.2")
    field.press("Enter")
    page.evaluate(
        """() => {
            const bare = document.querySelector('#contact form.kg-composer').cloneNode(true);
            bare.id = 'kg-bare-copy';
            bare.querySelectorAll('[id]').forEach((n) => n.removeAttribute('id'));
            document.querySelector('#contact').append(bare);
        }"""
    )
    copy = page.locator("#kg-bare-copy input[type='text']").first
    copy.fill("5.2")
    copy.press("Enter")
    # A submission would navigate (same URL plus "?"): wait for a round trip.
    expect(form.locator(".kg-body")).to_be_attached()
    page.evaluate("() => new Promise((r) => setTimeout(r, 0))")
    assert page.url == url
    assert page.locator("#kg-bare-copy").count() == 1  # still the same document
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


# The worker as served, except that it never answers a check of "HANG-ME".
HANG = """
const kgOriginal = self.onmessage;
self.onmessage = (event) => {
  const data = event.data || {};
  if (data.payload && data.payload.text === "HANG-ME") return;
  return kgOriginal(event);
};
"""


def test_a_stuck_worker_is_replaced_and_the_page_says_so(context, base_url: str) -> None:
    def hanging(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + HANG)

    context.route("**/assets/wizard/worker.mjs", hanging)
    page = context.new_page()
    page.clock.install()
    page.goto(base_url + "wizard/code-invalid/#format")
    status = page.locator(".kg-live-status")
    expect(status).to_have_attribute("data-state", "ready", timeout=READY)
    workers = len(page.workers)
    field = page.locator("#format textarea[data-field='code']")
    field.fill("HANG-ME")
    page.clock.run_for(1000)  # the debounce: the call is now in the worker
    page.clock.fast_forward(10_000)  # past the call's time limit
    expect(status).to_have_attribute("data-state", "restarting")
    expect(status).to_have_text(UI["en"]["live_restarting"])
    expect(page.locator("#format .kg-check-result")).to_have_text(UI["en"]["live_unavailable"])
    expect(status).to_have_attribute("data-state", "ready", timeout=READY)
    assert len(page.workers) >= 1 and workers >= 1
    # The new worker answers.
    field.fill("FP-7M6ET-ZWF05-7J6W0-ZMDSK")
    page.clock.run_for(1000)
    expect(page.locator("#format .kg-check-result .kg-ok")).to_be_visible()


def test_a_failure_inside_the_worker_answers_not_ok(code_page: Page) -> None:
    page = code_page
    answer = page.evaluate(
        """async () => {
            const config = JSON.parse(document.getElementById('kg-config').textContent);
            const abs = (p) => new URL(p, document.baseURI).href;
            const worker = new Worker(abs(config.worker), { type: 'module' });
            const ask = (message) => new Promise((resolve) => {
                worker.onmessage = (e) => resolve(e.data);
                worker.postMessage(message);
            });
            const init = await ask({ id: 1, type: 'init', payload: {
                pyodide: abs(config.pyodide), stdlib: config.stdlib ? abs(config.stdlib) : undefined,
                wheel: abs(config.wheel), data: abs(config.data) } });
            if (!init.ok) return { init };
            // A BigInt cannot be turned into JSON: the handler throws.
            const broken = await Promise.race([
                ask({ id: 2, type: 'check_code', payload: { text: 1n } }),
                new Promise((r) => setTimeout(() => r('no answer'), 20000)),
            ]);
            worker.terminate();
            return broken;
        }"""
    )
    assert answer != "no answer"
    assert answer["id"] == 2 and answer["ok"] is False
    assert answer["error"]["code"] == "worker_failed"


def test_a_search_result_opens_without_the_search_words_in_the_url(
    context, base_url: str
) -> None:
    from tests.browser.test_search_browser import search

    page = context.new_page()
    query = "activation failed"
    assert search(page, base_url, "en", query)
    first = page.locator(".md-search-result__list > li > a").first
    assert "?" not in (first.get_attribute("href") or "")
    first.click()
    page.wait_for_url(lambda url: "/articles/" in url)
    page.locator("article h1").first.wait_for()
    # Material's highlighting would have opened ".../?h=activation+failed".
    assert "?" not in page.url and "h=" not in page.url, page.url
