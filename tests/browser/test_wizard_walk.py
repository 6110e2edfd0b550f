"""Walking the wizard in Chromium: every flow to every end, with a mouse, a
keyboard and with JavaScript off.

Steps are plain links, so these walks do not need Python: their pages come
from ``no_python_url``, which refuses Pyodide's files (the page then says live
checks are unavailable, which the failure tests pin), to keep two-core
machines fast. The keyboard walk is the exception: it ends in the composer,
which Python writes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sitebuild.render import UI, progress
from tests.conftest import python_was_refused
from wizardtools.flowlint import load_flows
from wizardtools.flows import flow_ref, paths

pytestmark = pytest.mark.browser
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
FLOWS = load_flows()
READY = 90_000  # ms; Pyodide on a busy two-core machine


def flow_url(base: str, flow_id: str, lang: str = "en") -> str:
    tail = "" if flow_id == "start" else f"{flow_id}/"
    return f"{base}{LANG_DIRS[lang]}wizard/{tail}"


def shown(page: Page) -> list[str]:
    return page.locator(".kg-step:visible").evaluate_all("els => els.map(e => e.id)")


# True once step ``id`` is the only step shown and its title is visible; with
# ``go``, it first moves the fragment there (once). One round trip to the page
# per check: the walks click a hundred links.
ONLY_STEP = """([id, go]) => {
  if (go && location.hash !== "#" + id) location.hash = id;
  const shown = [...document.querySelectorAll(".kg-step")].filter((s) => s.checkVisibility());
  const title = document.getElementById(id + "-title");
  return shown.length === 1 && shown[0].id === id && Boolean(title && title.checkVisibility());
}"""


def only_step(page: Page, step_id: str, go: bool = False) -> None:
    """Wait until ``step_id`` is the one step shown (``go``: move the fragment to it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(ONLY_STEP, arg=[step_id, go], timeout=10_000)
    except PlaywrightTimeout:
        raise AssertionError(f"{page.url}: shown {shown(page)}, not only {step_id!r}") from None


def open_step(page: Page, url: str, step_id: str) -> None:
    """Show step ``step_id`` of the flow page at ``url``. When that page is
    already open, only its fragment changes, as a link to the step does: a
    reload per link would cost the walks most of their time."""
    if page.url.split("#")[0] != url:
        page.goto(f"{url}#{step_id}")
    only_step(page, step_id, go=True)


def walk(page: Page, base: str, flow_id: str, path, lang: str = "en") -> None:
    """Follow ``path`` (wizardtools.flows.paths) by clicking, checking every step shown."""
    flow = FLOWS[flow_id]
    open_step(page, flow_url(base, flow_id, lang), flow.start)
    for (step_id, option_id), _ in zip(path, path[1:], strict=False):
        step = flow.steps[step_id]
        expect(page.locator(f"#{step_id}-title")).to_have_text(step.title[lang])
        assert shown(page) == [step_id], (flow_id, path)
        link = page.locator(f"#{step_id} a.kg-option[data-option='{option_id or 'next'}']")
        if option_id:
            label = next(o.label[lang] for o in step.options if o.id == option_id)
            expect(link).to_contain_text(label)
        link.click()
    end, _ = path[-1]
    ref = flow_ref(end)
    if ref:
        target = FLOWS[ref]
        expect(page.locator(f"#{target.start}-title")).to_have_text(target.steps[target.start].title[lang])
        assert page.url.split("#")[0] == flow_url(base, ref, lang)
        assert shown(page) == [target.start]
    else:
        expect(page.locator(f"#{end}-title")).to_be_visible()
        assert shown(page) == [end]
        outcome = FLOWS[flow_id].steps[end].outcome
        key = "resolved" if outcome == "resolved" else "escalate"
        expect(page.locator(f"#{end} .kg-outcome--{key}")).to_have_text(UI[lang][key])


def moves(flow) -> list[tuple[str, str | None, str]]:
    """Every link of a flow as (step, option or None for "next", target), loops included."""
    out = []
    for step in flow.steps.values():
        if step.kind == "info":
            out.append((step.id, None, step.next))
        elif step.kind != "outcome":
            out.extend((step.id, o.id, o.next) for o in step.options)
    return out


def test_every_english_link_leads_where_its_flow_says(page: Page, no_python_url: str) -> None:
    """Each link of every flow is clicked once, from its own step: the target
    the flow file names is the step shown (or the flow handed over to), so
    every end is reached too. Whole paths are walked in the tests below; the
    chooser's links, each a path of its own, in the chooser's test."""
    for flow_id, flow in FLOWS.items():
        if flow_id == "start":
            assert {target for _, _, target in moves(flow)} == {p[-1][0] for p in paths(flow)}
            continue
        ends = set()
        for step_id, option_id, target in moves(flow):
            open_step(page, flow_url(no_python_url, flow_id), step_id)
            page.locator(f"#{step_id} a.kg-option[data-option='{option_id or 'next'}']").click()
            ref = flow_ref(target)
            if ref:
                only_step(page, FLOWS[ref].start)
                assert page.url.split("#")[0] == flow_url(no_python_url, ref), (flow_id, step_id)
            else:
                only_step(page, target)
                outcome = flow.steps[target].outcome
                if outcome and target not in ends:
                    key = "resolved" if outcome == "resolved" else "escalate"
                    expect(page.locator(f"#{target} .kg-outcome--{key}")).to_have_text(UI["en"][key])
                    ends.add(target)
        assert ends >= {s.id for s in flow.steps.values() if s.kind == "outcome"}, flow_id
    python_was_refused(page)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_russian_and_chinese_walks_reach_every_end_of_two_flows(
    page: Page, no_python_url: str, lang: str
) -> None:
    for flow_id in ("not-received", "activation"):
        ends = {}
        for path in paths(FLOWS[flow_id]):
            ends.setdefault(path[-1][0], path)  # one walk per distinct end
        for path in ends.values():
            walk(page, no_python_url, flow_id, path, lang)
    python_was_refused(page)


def test_the_chooser_hands_over_to_every_flow(page: Page, no_python_url: str) -> None:
    for path in paths(FLOWS["start"]):
        walk(page, no_python_url, "start", path)
    python_was_refused(page)


def test_walk_with_javascript_disabled(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB",
                                  timezone_id="Europe/Berlin")
    page = context.new_page()
    try:
        page.goto(flow_url(base_url, "start"))
        assert shown(page) == ["topic"]
        page.click("a[data-option='not-received']")
        page.wait_for_url(flow_url(base_url, "not-received"))  # a new page: wait until it has loaded
        assert shown(page) == ["spam"]
        page.click("#spam a[data-option='not-found']")
        assert shown(page) == ["wait"]
        # The check step is a checklist plus vendor facts; the live form stays hidden.
        for item in FLOWS["not-received"].steps["wait"].checklist:
            expect(page.locator("#wait .kg-checklist")).to_contain_text(item["en"])
        expect(page.locator("#wait .kg-timings")).to_be_visible()
        expect(page.locator("#wait [data-live-check]")).to_be_hidden()
        for option in ("overdue", "missing", "all-right"):
            page.locator(f".kg-step:visible a.kg-option[data-option='{option}']").click()
        assert shown(page) == ["contact"]
        contact = page.locator("#contact .kg-contact")
        expect(contact).to_be_visible()
        # a missing code is the vendor's to chase (vendor.yml routing): its address, statically
        expect(contact.locator("a[href^='mailto:']").first).to_be_visible()
        expect(page.locator("#contact .kg-include-fields")).to_be_visible()
        expect(page.locator("#contact form.kg-composer")).to_be_hidden()
        # Back and forward work with plain fragments too.
        page.go_back()
        assert shown(page) == ["payment"]
        page.go_forward()
        assert shown(page) == ["contact"]
        # Start over goes back to the chooser.
        page.click("#contact a[data-restart]")
        page.wait_for_url(flow_url(base_url, "start") + "#topic")
        assert shown(page) == ["topic"]
    finally:
        context.close()


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def test_keyboard_only_from_the_chooser_to_a_composed_message(page: Page, base_url: str) -> None:
    page.goto(flow_url(base_url, "start"))
    tab_to(page, "a[data-option='code-invalid']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/wizard/code-invalid/")
    # A new page from a wizard link: focus is on the step's heading, announced.
    expect(page.locator("#format-title")).to_be_focused()
    expect(page.locator(".kg-announcer")).to_contain_text(FLOWS["code-invalid"].steps["format"].title["en"])
    remaining = progress(FLOWS["code-invalid"], FLOWS)["format"][1]
    expect(page.locator("#format .kg-progress")).to_have_text(f"Step 2 of at most {2 + remaining}")
    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "ready", timeout=READY)
    tab_to(page, "#format-code")
    page.keyboard.type("fp-0000")
    result = page.locator("#format-code-result")
    expect(result.locator("li").first).to_be_visible(timeout=READY)
    expect(page.locator("#format-code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#format a.kg-suggested")).to_have_attribute("data-option", "format-wrong")
    tab_to(page, "#format a[data-option='format-wrong']")
    page.keyboard.press("Enter")
    expect(page.locator("#retype-title")).to_be_focused()
    for step, option in (("retype", "still"), ("product", "mismatch"), ("other-product", "still")):
        tab_to(page, f"#{step} a[data-option='{option}']")
        page.keyboard.press("Enter")
    expect(page.locator("#contact-title")).to_be_focused()
    expect(page.locator(".kg-announcer")).to_contain_text(FLOWS["code-invalid"].steps["contact"].title["en"])
    # The summary lists the answers with "change" links.
    expect(page.locator(".kg-summary li")).to_have_count(5)
    # Fill the composer with the keyboard; the code typed earlier came along.
    expect(page.locator("#contact-f-code")).to_have_value("fp-0000")
    tab_to(page, "#contact-f-product")
    page.keyboard.press("ArrowDown")
    body = page.locator("#contact .kg-body")
    expect(body).to_contain_text("fp-0000", timeout=READY)
    tab_to(page, "#contact [data-action='copy']")
    expect(page.locator("#contact [data-action='copy']")).to_be_focused()
