"""Live checks in Chromium, answered by Python inside Pyodide in the worker.

Each page is loaded once per module (Pyodide boots once per page) and the
tests share it; answers are compared with the same functions in CPython.
Every request is recorded: none may leave the site, and none may carry a
code, an e-mail address or an order number.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from sitebuild.render import UI
from tests.clock_text import plain, written
from tests.conftest import answered, other_hosts
from tests.paths import CASES
from tests.vendorshape import by_id
from wizard.compose import compose
from wizard.diagnose import check_code
from wizard.timing import estimate
from wizard.vendor import Vendor, load_vendor
from wizardtools.flowlint import load_flows

pytestmark = pytest.mark.browser
READY = 90_000
VENDOR = load_vendor()
FLOWS = load_flows()
CORPUS = json.loads((CASES / "codes_corpus.json").read_text("utf-8"))
ZONE = "Asia/Tokyo"
LOCALE = "en-GB"  # a 24-hour English reader: "Tue 1 Dec, 19:21 GMT+9"
XSS = '<img src=x onerror="window.__kgXss=1">'


class Recorder:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.requests: list[str] = []
        self.bodies: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []


@pytest.fixture(scope="module")
def live(browser, base_url: str):
    """One context for the module: reader in Tokyo, clipboard allowed, requests recorded."""
    context = browser.new_context(
        timezone_id=ZONE,
        locale=LOCALE,
        permissions=["clipboard-read", "clipboard-write"],
        service_workers="allow",  # its requests are recorded too
    )
    record = Recorder(base_url)
    # blob: is the composer's "download as text" file, made in the page.
    record.foreign = other_hosts(context, base_url, allow=("data:", "blob:"))

    def on_request(request) -> None:
        record.requests.append(request.url)
        record.bodies.append(request.post_data or "")

    context.on("request", on_request)
    context.record = record
    yield context
    context.close()


def open_page(live, base_url: str, path: str) -> Page:
    page = live.new_page()
    page.on("console", lambda m: m.type == "error" and live.record.errors.append(m.text))
    page.on("pageerror", lambda e: live.record.errors.append(str(e)))
    page.goto(base_url + path)
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    return page


@pytest.fixture(scope="module")
def code_page(live, base_url: str) -> Page:
    return open_page(live, base_url, "wizard/code-invalid/#format")


@pytest.fixture(scope="module")
def received_page(live, base_url: str) -> Page:
    return open_page(live, base_url, "wizard/not-received/#wait")


@pytest.fixture(scope="module")
def activation_page(live, base_url: str) -> Page:
    return open_page(live, base_url, "wizard/activation/#clock")


SAMPLE = CORPUS[::6]


def test_codes_corpus_is_diagnosed_in_the_page_exactly_as_in_cpython(code_page: Page) -> None:
    assert len(SAMPLE) >= 9
    field = code_page.locator("#format-code")
    result = code_page.locator("#format-code-result")
    for case in SAMPLE:
        field.fill(case["input"])
        if not case["input"]:  # an empty field is left alone while typing
            expect(result).to_be_empty()
            expect(code_page.locator("#format a.kg-suggested")).to_have_count(0)
            continue
        expected = check_code(case["input"], VENDOR, "en")
        messages = [p["message"] for p in expected["problems"]]
        expect(result.locator(".kg-problems li")).to_have_text(messages)
        head = UI["en"]["code_valid" if expected["valid"] else "code_invalid"]
        expect(result.locator("p").first).to_have_text(head)
        kinds = result.locator(".kg-problems li").evaluate_all("els => els.map(e => e.dataset.kind)")
        assert kinds == [p["kind"] for p in expected["problems"]], case["name"]
        # Offending characters are marked where Python says they are.
        positions = sorted({i for p in expected["problems"] for i in p["positions"]})
        marked = result.locator(".kg-code-view").evaluate_all(
            "els => els.length ? [...els[0].children].flatMap((c, i) => c.tagName === 'MARK' ? [i] : []) : []"
        )
        assert marked == positions, case["name"]
        suggested = code_page.locator("#format a.kg-suggested")
        expect(suggested).to_have_attribute("data-when", "valid" if expected["valid"] else "invalid")
        expect(field).to_have_attribute("aria-invalid", "false" if expected["valid"] else "true")
        if expected["fixed"] and not expected["valid"]:
            expect(result.locator(".kg-fixed code")).to_have_text(expected["fixed"])


def test_use_the_corrected_code_puts_pythons_fix_in_the_field(code_page: Page) -> None:
    case = next(c for c in CORPUS if c["fixed"] and c["fixed"] != c["input"])
    field = code_page.locator("#format-code")
    field.fill(case["input"])
    expect(code_page.locator("#format-code-result .kg-fixed code")).to_have_text(case["fixed"])
    code_page.locator("#format-code-result .kg-use-fixed").click()
    expect(field).to_have_value(case["fixed"])
    expect(code_page.locator("#format-code-result p").first).to_have_text(UI["en"]["code_valid"])
    expect(code_page.locator("#format a.kg-suggested")).to_have_attribute("data-option", "format-ok")


def test_typed_markup_shows_as_text_in_every_field(code_page: Page, activation_page: Page) -> None:
    for page in (code_page, activation_page):
        page.evaluate("window.__kgXss = 0")
        for field in page.locator(".kg-live input:not([type=date]):not([type=datetime-local]), "
                                  ".kg-live textarea").all():
            if not field.is_visible():
                step = field.evaluate("f => f.closest('.kg-step').id")
                page.evaluate("id => { location.hash = id }", step)
            field.fill(XSS)
        answered(page)  # debounced checks and the composer answer
        assert page.evaluate("window.__kgXss") == 0
        assert page.locator("img[src='x']").count() == 0
    body = activation_page.locator("#contact .kg-body")
    activation_page.evaluate("location.hash = 'contact'")
    expect(body).to_contain_text(XSS)


def test_waiting_time_is_pythons_estimate_in_the_readers_zone(received_page: Page) -> None:
    page = received_page
    purchased = datetime.now(ZoneInfo(ZONE)).replace(second=0, microsecond=0) - timedelta(minutes=5)
    page.select_option("#wait-wait-reseller", "paddle")
    page.fill("#wait-wait-purchased", purchased.strftime("%Y-%m-%dT%H:%M"))
    seller = Vendor.from_data(VENDOR).resellers["paddle"]
    expected = estimate(seller, purchased, datetime.now(UTC))
    due = datetime.fromisoformat(expected["latest_by"].replace("Z", "+00:00"))
    # The context's reader: en-GB (24-hour clock) in Tokyo; see tests/clock_text.py.
    line = UI["en"]["wait_result_wait"].format(time=written(due, LOCALE, ZONE))
    result = page.locator("#wait-wait-result p").first
    expect(result).to_have_class("kg-ok")
    assert plain(result.inner_text()) == line
    expect(page.locator("#wait a.kg-suggested")).to_have_attribute("data-when", "wait")
    countdown = page.locator("#wait .kg-countdown")
    expect(countdown).to_be_visible()
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=5000)  # it ticks
    # Three days ago: overdue, and the other option is suggested.
    page.fill("#wait-wait-purchased", (purchased - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    expect(page.locator("#wait a.kg-suggested")).to_have_attribute("data-when", "overdue")
    expect(countdown).to_be_hidden()
    # Two days ahead: Python reports "future", which no option claims, so none is suggested.
    page.fill("#wait-wait-purchased", (purchased + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    expect(result).to_have_text(UI["en"]["wait_result_future"])
    expect(page.locator("#wait a.kg-suggested")).to_have_count(0)
    expect(page.locator("#wait .kg-badge")).to_have_count(0)


def test_clock_check_uses_the_date_header_of_the_page_itself(activation_page: Page) -> None:
    page = activation_page
    page.evaluate("location.hash = 'clock'")
    result = page.locator("#clock [data-live-check='clock_skew'] .kg-check-result")
    expect(page.locator("#clock a.kg-suggested")).to_have_attribute("data-when", "ok", timeout=READY)
    expect(result).to_contain_text("right")
    heads: list[str] = []

    def two_hours_behind(route) -> None:
        if route.request.method == "HEAD":
            heads.append(route.request.url)
            route.fulfill(status=200, headers={"Date": formatdate(
                (datetime.now(UTC) - timedelta(hours=2)).timestamp(), usegmt=True)})
        else:
            route.continue_()

    page.route("**/wizard/activation/", two_hours_behind)
    try:
        page.locator("#clock .kg-clock-button").click()
        expect(page.locator("#clock a.kg-suggested")).to_have_attribute("data-when", "skewed")
        expect(result).to_contain_text("fast")
        expect(result).to_contain_text(UI["en"]["clock_zone"])
    finally:
        page.unroute("**/wizard/activation/")
    assert heads and all(h.startswith(page.url.split("#")[0]) for h in heads)


def test_offline_file_age_is_checked_against_the_vendors_validity(activation_page: Page) -> None:
    page = activation_page
    page.evaluate("location.hash = 'file-age'")
    days = VENDOR["vendor"]["offline_activation"]["validity_days"]
    field = page.locator("#file-age-file-issued")
    field.fill((datetime.now(UTC) - timedelta(days=days + 10)).strftime("%Y-%m-%d"))
    expect(page.locator("#file-age a.kg-suggested")).to_have_attribute("data-when", "expired")
    field.fill((datetime.now(UTC) - timedelta(days=10)).strftime("%Y-%m-%d"))
    expect(page.locator("#file-age a.kg-suggested")).to_have_attribute("data-when", "valid")
    expect(page.locator("#file-age .kg-check-result")).to_contain_text(f"{days - 10} days left")


def fill_composer(page: Page, step: str, answers: dict[str, str]) -> None:
    for fid, value in answers.items():
        control = page.locator(f"#{step}-f-{fid}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def test_composer_writes_pythons_message_and_offers_copy_mail_print_download(
    activation_page: Page,
) -> None:
    page = activation_page
    page.evaluate("location.hash = 'contact'")
    answers = {"code": "FP-7M6ET-ZWF05-7J6W0-ZMDSK", "product": "fernpad", "version": "5.2",
               "os": "Windows 11", "error_text": "Activation server said no",
               "order_email": "ann@customer.example"}
    form = page.locator("#contact form.kg-composer")
    known = set(form.locator("[data-field]").evaluate_all("els => els.map(e => e.dataset.field)"))
    answers = {k: v for k, v in answers.items() if k in known}
    # Start from an empty form (the markup test typed into it).
    form.evaluate("f => f.querySelectorAll('[data-field]').forEach(c => { c.value = '' })")
    fill_composer(page, "contact", answers)
    # Opened at #clock (a deep link): the page knows the flow, not the way taken.
    expected = compose("activation_failed", answers, "en", VENDOR,
                       {"flow": "activation", "path": None})
    body = form.locator(".kg-body")
    expect(body).to_have_text(expected["clipboard"])
    expect(form.locator(".kg-subject")).to_have_text(expected["subject"])
    mail = form.locator("[data-action='mail']")
    expect(mail).to_have_attribute("href", expected["mailto"])
    # Support hours in the reader's zone.
    expect(page.locator("#contact .kg-hours-live")).to_contain_text("GMT+9")
    # Copy: the clipboard holds Python's text.
    form.locator("[data-action='copy']").click()
    expect(form.locator(".kg-action-status")).to_have_text(UI["en"]["copied"])
    assert page.evaluate("navigator.clipboard.readText()") == expected["clipboard"]
    # Download: a text file made in the page.
    with page.expect_download() as info:
        form.locator("[data-action='download']").click()
    saved = Path(info.value.path()).read_text("utf-8")
    assert expected["clipboard"] in saved and expected["subject"] in saved
    # Print: only a summary sheet with the message is printed.
    page.evaluate("() => { window.__kgPrinted = []; window.print = () => window.__kgPrinted.push("
                  "document.querySelector('.kg-print-sheet').textContent); }")
    form.locator("[data-action='print']").click()
    printed = page.evaluate("window.__kgPrinted")
    assert len(printed) == 1 and expected["subject"] in printed[0]
    # A required field left empty is flagged on the field itself once touched.
    version = page.locator("#contact-f-version")
    if version.count():
        version.fill("")
        version.blur()
        version.fill("x")
        version.fill("")
        expect(version).to_have_attribute("aria-invalid", "true")
        error = page.locator("#contact-f-version-error")
        expect(error).to_be_visible()
        assert "contact-f-version-error" in version.get_attribute("aria-describedby")


def test_the_composer_writes_to_whoever_the_routing_table_names(received_page: Page) -> None:
    """A missing code is the vendor's to chase (vendor.yml routing, seed 000),
    whichever reseller sold it: the mail link goes to the vendor's support."""
    page = received_page
    page.evaluate("location.hash = 'contact'")
    page.select_option("#contact-f-reseller", "paddle")
    form = page.locator("#contact form.kg-composer")
    link = form.locator("[data-action='mail']")
    email = by_id(VENDOR)["vendor"]["support"]["email"]
    expect(link).to_have_attribute("href", re.compile(rf"^mailto:{re.escape(email)}\?"))


def test_nothing_typed_reaches_a_url_a_request_or_storage(
    live, code_page: Page, received_page: Page, activation_page: Page
) -> None:
    secrets = ["FP-7M6ET-ZWF05-7J6W0-ZMDSK", "ann@customer.example", "Activation server said no"]
    secrets += [c["input"].strip() for c in SAMPLE if len(c["input"].strip()) > 6]
    for page in (code_page, received_page, activation_page):
        assert not any(s in unquote(page.url) for s in secrets)
        local = page.evaluate("JSON.stringify(Object.entries(localStorage))")
        session = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
        assert not any(s in local or s in session for s in secrets)
        trail = json.loads(page.evaluate("sessionStorage.getItem('kg-trail') || '[]'"))
        assert all(set(entry) == {"f", "s", "o", "n"} for entry in trail)
    record = live.record
    assert len(record.requests) > 10
    seen = [unquote(u) for u in record.requests] + record.bodies
    assert not [s for s in secrets for u in seen if s in u]
    assert record.foreign == []


def test_back_forward_and_reload_keep_the_step_and_the_answers(code_page: Page) -> None:
    page = code_page
    page.evaluate("location.hash = 'format'")
    page.locator("#format-code").fill("FP-12345")
    page.locator("#format a[data-option='format-wrong']").click()
    page.locator("#retype a[data-option='still']").click()
    expect(page.locator("#product-title")).to_be_focused()
    page.go_back()
    expect(page.locator("#retype-title")).to_be_visible()
    page.go_back()
    expect(page.locator("#format-title")).to_be_visible()
    expect(page.locator("#format-code")).to_have_value("FP-12345")  # typed values stay in the DOM
    page.go_forward()
    page.go_forward()
    expect(page.locator("#product-title")).to_be_visible()
    page.reload()
    expect(page.locator("#product-title")).to_be_visible()
    summary = page.locator(".kg-summary li")
    expect(summary).to_have_count(2)
    retype = FLOWS["code-invalid"].steps["retype"]
    expect(summary.nth(1)).to_contain_text(retype.title["en"])
    expect(summary.nth(1)).to_contain_text(next(o.label["en"] for o in retype.options if o.id == "still"))
    # "Change" goes back to that step.
    summary.nth(0).locator("a.kg-change").click()
    expect(page.locator("#format-title")).to_be_focused()
    # Start over forgets the trail.
    page.evaluate("location.hash = 'product'")
    page.locator("#product a[data-restart]").click()
    page.wait_for_url("**/wizard/#topic")
    assert page.evaluate("sessionStorage.getItem('kg-trail')") is None
    expect(page.locator(".kg-summary")).to_be_hidden()


def test_switching_language_keeps_the_step(received_page: Page, base_url: str) -> None:
    page = received_page
    page.evaluate("location.hash = 'lookup'")
    page.locator("a.md-select__link[hreflang='ru']").evaluate("a => a.click()")
    page.wait_for_url(f"{base_url}ru/wizard/not-received/#lookup")
    expect(page.locator("#lookup-title")).to_be_visible()
    page.locator("a.md-select__link[hreflang='zh']").evaluate("a => a.click()")
    page.wait_for_url(f"{base_url}zh/wizard/not-received/#lookup")
    expect(page.locator("#lookup-title")).to_be_visible()


def test_no_console_errors_and_no_third_party_requests(live) -> None:
    assert live.record.foreign == []
    assert live.record.errors == []
