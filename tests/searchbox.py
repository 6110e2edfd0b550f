"""Material's search box, opened and ready for a query (tests and bench)."""

from __future__ import annotations

from typing import Any

PLACEHOLDER = (
    "JSON.parse(document.getElementById('__config').textContent)"
    ".translations['search.result.placeholder']"
)
SHOWS = "text => document.querySelector('.md-search-result__meta').textContent.trim() === text"


def open_search(page: Any, timeout: float = 30_000) -> None:
    """Click into the search box and wait until the worker has its index:
    the results line shows the page language's "type to start" text.
    Typing before that would be lost."""
    page.locator("input.md-search__input").click()
    page.wait_for_function(SHOWS, arg=page.evaluate(PLACEHOLDER), timeout=timeout)
