"""Debian Chromium through Playwright, set up the way the tests do it.

Offline Chromium with background networking off (``tests/conftest.py``);
every request a page makes is recorded so its bytes can be summed from the
browser's side (Playwright's ``request.sizes()`` are CDP's encoded lengths,
worker requests included, which a page-level CDP session does not see).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

# The browser the benchmarks time: full Chromium, as readers have it. The
# benchmarks' smoke test (tests/browser/test_bench_smoke.py) names the
# headless shell here instead, as the other tests use: it checks that each
# figure is produced, not how fast, and the shell costs less CPU.
BROWSER_VARIABLE = "KEYGUIDE_BENCH_BROWSER"
# ...and adds the tests' engine flags (``TEST_ENGINE_ARGS``) here, space-separated.
ARGS_VARIABLE = "KEYGUIDE_BENCH_BROWSER_ARGS"


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Debian Chromium (Playwright sync API)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get(BROWSER_VARIABLE) or CHROMIUM
    with sync_playwright() as playwright:
        extra = os.environ.get(ARGS_VARIABLE, "").split()
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS + extra)
        try:
            yield browser
        finally:
            browser.close()


# The page's own "settled" signal: docs/assets/kg-offline.js sets it once the
# service worker has kept what the page used (or could not). Waiting on it
# instead of on network silence keeps a loaded machine from running out a
# fixed "networkidle" timeout while the service worker fills its cache.
# A function, not an expression: Playwright evaluates an expression with eval,
# which the site's Content-Security-Policy (sent by nginx) refuses.
SETTLED = "() => ['ready', 'unavailable'].includes(document.documentElement.dataset.kgOffline)"


def wait_settled(page: Any, timeout: float = 180_000) -> None:
    """Wait until the page's service worker has kept what the page used."""
    page.wait_for_function(SETTLED, timeout=timeout, polling=100)


def settle(page: Any, service_worker: bool = True, idle_ms: float = 15_000) -> None:
    """After a measured load: wait for the page's settled signal (pages with
    the site's service worker), then for network quiet; a page that never gets
    there (a long poll) does not end the benchmark."""
    try:
        if service_worker:
            wait_settled(page)
        page.wait_for_load_state("networkidle", timeout=idle_ms)
    except Exception:  # noqa: BLE001 - keep what was measured
        pass


class Recorder:
    """Requests a page finished, and console errors, while attached."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[Any] = []
        self.errors: list[str] = []
        page.on("requestfinished", lambda request: self.requests.append(request))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def reset(self) -> None:
        self.requests.clear()
        self.errors.clear()

    def transferred(self) -> int:
        """Bytes the browser received (encoded bodies + headers) for http(s) requests."""
        total = 0
        for request in self.requests:
            if not request.url.startswith("http"):
                continue
            sizes = request.sizes()
            total += max(sizes.get("responseBodySize", 0), 0)
            total += max(sizes.get("responseHeadersSize", 0), 0)
        return total

    def paths(self, base_url: str) -> list[str]:
        """Site-relative paths of the finished requests, in order, without duplicates."""
        seen: dict[str, None] = {}
        for request in self.requests:
            if request.url.startswith(base_url):
                seen[request.url[len(base_url):].split("?")[0].split("#")[0]] = None
        return list(seen)


def cold_then_warm(browser: Any, init_script: str, load: Callable[[Any, Recorder], dict]) -> tuple[dict, dict]:
    """``load(page, recorder)`` twice in one fresh context (en-GB, UTC): cold
    caches first, then warm, with ``about:blank`` between the two."""
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    try:
        context.add_init_script(init_script)
        page = context.new_page()
        recorder = Recorder(page)
        cold = load(page, recorder)
        page.goto("about:blank")
        warm = load(page, recorder)
        return cold, warm
    finally:
        context.close()

