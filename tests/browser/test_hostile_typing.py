"""Hostile input typed by a visitor: markup typed into any wizard field never
runs and never leaves the page (hostile flow files and vendor values are in
test_deploy_hostile.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import answered

MARK = "kgmark"
PAYLOAD = (
    f'<img src=x onerror="window.__kgPwned=1">{MARK}1 '
    f'"><script>window.__kgPwned=2</script>{MARK}2 '
    f"javascript:window.__kgPwned=3//{MARK}3 "
    f"{{{{7*7}}}} ${{7*7}} {MARK}4 "
    f"<svg onload=window.__kgPwned=5>{MARK}5"
)
TEXT_FIELDS = (
    "textarea, input:not([type]), input[type=text], input[type=email], input[type=search], "
    "input[type=tel], input[type=url]"
)

# The <input> types TEXT_FIELDS names (no type at all is text too).
TYPED = re.compile(r'^<input(?![^>]*\btype=)|\btype="(?:text|email|search|tel|url)"')


def steps_with_fields(site_dir: Path) -> list[tuple[str, str, frozenset[str]]]:
    """(page path, step id, kinds of field) of every English wizard step that
    has a text field; a field's kind is its id without the step's prefix
    (``contact-f-order_email`` → ``f-order_email``)."""
    found = []
    for page in sorted((site_dir / "wizard").rglob("index.html")):
        text = page.read_text("utf-8")
        for match in re.finditer(r'<section[^>]*class="kg-step[^"]*"[^>]*>.*?</section>', text, re.S):
            section = match.group(0)
            if re.search(r"<textarea|<input(?![^>]*type=\"(?:date|datetime-local|hidden)\")", section):
                step = re.search(r'\bid="([^"]+)"', section).group(1)
                kinds = frozenset(
                    re.search(r'\bid="([^"]+)"', tag).group(1).removeprefix(f"{step}-")
                    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", section)
                    if tag.startswith("<textarea") or TYPED.search(tag)
                )
                found.append((page.parent.relative_to(site_dir).as_posix() + "/", step, kinds))
    return found


def fewest_pages(steps: list[tuple[str, str, frozenset[str]]]) -> list[str]:
    """Pages that hold every kind of field between them, chosen greedily: the
    same kind of field is the same template on every page, and each page
    costs a start of Python.

    >>> fewest_pages([("a/", "s", frozenset("xyw")), ("b/", "s", frozenset("x")),
    ...               ("c/", "s", frozenset("z")), ("c/", "t", frozenset("y"))])
    ['a/', 'c/']
    """
    kinds_of: dict[str, set[str]] = {}
    for path, _, kinds in steps:
        kinds_of.setdefault(path, set()).update(kinds)
    wanted = set().union(*kinds_of.values())
    chosen: list[str] = []
    while wanted:
        best = max(kinds_of, key=lambda path: (len(kinds_of[path] & wanted), path))
        chosen.append(best)
        wanted -= kinds_of.pop(best)
    return chosen


@pytest.mark.browser
def test_markup_typed_into_any_wizard_field_never_runs_or_leaves_the_page(
    page: Page, nginx_url: str, watch, site_dir: Path
) -> None:
    every = steps_with_fields(site_dir)
    assert every, "no wizard step has a text field"
    pages = fewest_pages(every)
    steps = [(path, step) for path, step, _ in every if path in pages]
    kinds_typed: set[str] = set()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    filled = 0
    loaded = None
    for path, step in steps:
        if path != loaded:
            page.goto(f"{nginx_url}{path}#{step}")
            # The fields are the live checks': wait for Python however slow the
            # machine (after 10 s the page says "unavailable", then switches on).
            expect(page.locator(".kg-live-status")).to_have_attribute(
                "data-state", "ready", timeout=120_000
            )
            loaded = path
        else:
            page.evaluate("(id) => { location.hash = id; }", step)
        fields = page.locator(f"[id='{step}']").locator(TEXT_FIELDS)
        for i in range(fields.count()):
            field = fields.nth(i)
            if field.is_visible() and field.is_editable():
                field.fill(PAYLOAD)
                field.press("Tab")
                filled += 1
                kinds_typed.add(field.get_attribute("id").removeprefix(f"{step}-"))
        answered(page)  # debounced checks go to Python and back
        assert page.evaluate("window.__kgPwned") is None, f"{path}#{step}"
        assert page.locator("img[src='x'], svg[onload]").count() == 0, f"{path}#{step}"
    assert filled, "no field was visible to type into"
    assert kinds_typed == set().union(*(kinds for _, _, kinds in every))  # every kind of field
    assert dialogs == []
    leaked = [u for u, body in watch.requests if MARK in u or MARK in body]
    assert leaked == []
    assert watch.csp_violations() == []
