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
    options: dict[str, Any] = {"resultTypes": ["violations"],
                               "rules": {r: {"enabled": False} for r in disable}}
    if only:
        options["runOnly"] = {"type": "rule", "values": list(only)}
    found = run(page, context, options)["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found]
