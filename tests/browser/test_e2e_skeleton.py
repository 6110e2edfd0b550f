"""The wizard page in a real browser: Python answers from inside Pyodide.

Offline Debian Chromium; every request must go to the local server and the
console must stay free of errors. A screenshot per language is saved.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import code_check_step
from tests.vendorshape import by_id
from wizard import codes
from wizard.vendor import load_vendor

pytestmark = pytest.mark.browser
LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}


def a_valid_code() -> str:
    fmt = next(iter(by_id(load_vendor())["formats"].values()))
    return codes.generate(fmt, random.Random(1))


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_code_check_is_answered_by_python_in_the_worker(
    page: Page, base_url: str, traffic, artifacts: Path, lang: str
) -> None:
    code = a_valid_code()
    page.goto(f"{base_url}{LANG_DIRS[lang]}wizard/code-invalid/#{code_check_step()}")
    status = page.locator(".kg-live-status")
    expect(status).to_be_visible()
    # Pyodide is loading in the worker; the step itself is already readable.
    expect(page.locator(".kg-step:visible h2")).to_be_visible()
    form = page.locator("[data-live-check='code_format']").first
    field = form.locator("textarea")
    field.fill(" " + code.lower().replace("-", "—", 1) + "\n")
    result = form.locator(".kg-check-result")
    # Python boots in the worker first: on a busy two-core machine that can take
    # long (the suite waits up to 90 s for it everywhere; the page itself copes).
    expect(result.locator("li").first).to_be_visible(timeout=90_000)
    expect(status).to_have_attribute("data-state", "ready")
    kinds = result.locator("li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds, "the diagnosis lists problems"
    expect(result).to_contain_text(code)  # the corrected code comes from Python
    page.screenshot(path=str(artifacts / f"skeleton-wizard-{lang}.png"), full_page=True)
    assert traffic.foreign == []
    assert traffic.console_errors == []
    assert not [u for u in traffic.requests if code in u or code.lower() in u]
