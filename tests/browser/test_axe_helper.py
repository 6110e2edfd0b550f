"""tests/axe.py: axe-core goes into a page once and still sees every change."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page

from tests.axe import violations

PAGE = """<!doctype html><html lang="en"><head><title>A page</title></head>
<body><main><h1>A page</h1><img src="data:,"></main></body></html>"""
URL = "data:text/html," + quote(PAGE)


def test_axe_is_put_into_a_page_once_and_sees_what_changed(page: Page) -> None:
    page.goto(URL)
    assert [v.split(":")[0] for v in violations(page)] == ["image-alt"]
    page.evaluate("window.axe.__kgSameCopy = true")
    page.evaluate("document.querySelector('img').alt = 'A logo'")
    assert violations(page) == []  # the run sees the page as it is now...
    assert page.evaluate("window.axe.__kgSameCopy") is True  # ...with the same axe
    page.evaluate("document.querySelector('img').removeAttribute('alt')")
    assert violations(page, disable=("image-alt",)) == []
    assert violations(page, only=("landmark-unique",)) == []  # the one rule run
    assert [v.split(":")[0] for v in violations(page, only=("image-alt",))] == ["image-alt"]
    page.goto(URL)  # a new document gets axe afresh
    assert [v.split(":")[0] for v in violations(page)] == ["image-alt"]
    assert page.evaluate("window.axe.__kgSameCopy") is None
