"""axe-core for the accessibility tests, put into each page once.

``axe_playwright_python``'s ``Axe().run`` evaluates the whole axe-core script
(half a megabyte) before every run; the wizard and site tests run axe twice
or more on one page (as it opens, then with every step shown), so here the
script goes into a document only when it is not there yet. A new document
(any navigation) gets it afresh.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

RUN = "([context, options]) => axe.run(context ?? document, options)"

# Rules whose result cannot depend on the page's language: colours and font
# sizes come from the same style sheets and templates in every language, and
# no style sheet of the site selects by language (tests/site/test_site_build.py
# pins that). They run on the English pages and the dark palette; Russian and
# Chinese pages run every other rule. color-contrast is about three quarters
# of axe's own time (axe's performanceTimer on three pages).
SAME_IN_EVERY_LANGUAGE = ("color-contrast",)


def judged_in_english(lang: str) -> tuple[str, ...]:
    """The rules left out on a page in ``lang``: none in English.

    >>> judged_in_english("en"), judged_in_english("zh")
    ((), ('color-contrast',))
    """
    return () if lang == "en" else SAME_IN_EVERY_LANGUAGE


def run(page, context: Any = None, options: dict | None = None) -> dict[str, Any]:
    """axe's results for ``page`` (``context``: what to check, default the whole
    document; ``options``: axe.run's, default only the violations)."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof axe.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(RUN, [context, options or {"resultTypes": ["violations"]}])


def violations(
    page, context: Any = None, disable: tuple[str, ...] = (), only: tuple[str, ...] = ()
) -> list[str]:
    """``rule id: [first three targets]`` for each axe violation (``disable``: rule
    ids left out; ``only``: the only rule ids run)."""
    options: dict[str, Any] = {
        "resultTypes": ["violations"],
        "rules": {r: {"enabled": False} for r in disable},
    }
    if only:
        options["runOnly"] = {"type": "rule", "values": list(only)}
    found = run(page, context, options)["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found]


# A box that scrolls sideways is a focus stop exactly while it scrolls
# (docs/assets/kg-scroll.js). The script hears of a new size in the next
# frame, so a test that has just shown hidden steps waits for this first.
UNSETTLED_SCROLLERS = """() => [...document.querySelectorAll('[data-kg-scroll]')]
  .filter((box) => (box.scrollWidth > box.clientWidth + 1) !== (box.getAttribute('tabindex') === '0'))
  .map((box) => box.className || box.tagName)"""


def scrolling_settled(page, timeout_ms: int = 10_000) -> None:
    """Wait until every scrolling box is a focus stop and no other box is."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => ({UNSETTLED_SCROLLERS})().length === 0", timeout=timeout_ms)
    except PlaywrightTimeout:
        raise AssertionError(
            f"focus stops never matched scrolling: {page.evaluate(UNSETTLED_SCROLLERS)}"
        ) from None
