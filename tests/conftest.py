"""Shared fixtures: one site build per test session, a local server, Chromium.

Browser tests use Debian's Chromium (``playwright install`` cannot download
browsers here) with every background-networking feature off, so the only
traffic is to the local server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.serve import serve

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def build_site(dest: Path, config: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build --strict`` into ``dest``; fails the test with the build log."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    if config:
        cmd += ["--config-file", str(config)]
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=run_env)
    if result.returncode != 0:
        pytest.fail(f"site build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Traffic:
    """Every request a page makes and every console error it logs."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.console_errors: list[str] = []

    def on_request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if (
            parts.scheme in ("http", "https", "ws", "wss")
            and f"{parts.scheme}://{parts.netloc}/" != self.origin
        ):
            self.foreign.append(request.url)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


def block_other_hosts(
    context, origin: str, *, allow: tuple[str, ...] = ("data:",), blocked: list[str] | None = None
) -> None:
    """Route every request of ``context``: ``origin`` and the ``allow``
    prefixes go through, anything else is aborted (and noted in ``blocked``)."""

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((origin, *allow)):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort()

    context.route("**/*", guard)


@pytest.fixture
def traffic(page, base_url: str) -> Traffic:
    """Records the page's requests and console errors; blocks foreign hosts."""
    record = Traffic(base_url)
    page.on("request", record.on_request)
    page.on("console", record.on_console)
    page.on("pageerror", lambda exc: record.console_errors.append(f"pageerror: {exc}"))
    block_other_hosts(page.context, base_url)
    return record


# -- nginx (deploy/nginx.conf) serving the built site --------------------------


@pytest.fixture(scope="session")
def nginx_url(site_dir: Path) -> Iterator[str]:
    """The built site behind ``deploy/nginx.conf`` on a free loopback port."""
    from tests.nginx import run_nginx

    with run_nginx(site_dir) as url:
        yield url


class PageWatch:
    """CSP violations (page and workers), console errors and requests of one page."""

    INIT = (
        "window.__kgCsp = [];"
        "document.addEventListener('securitypolicyviolation', (e) =>"
        " window.__kgCsp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));"
    )

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[tuple[str, str]] = []
        page.add_init_script(self.INIT)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.on("worker", lambda worker: worker.on("console", self._on_console))
        page.on("request", lambda r: self.requests.append((r.url, r.post_data or "")))

    def _on_console(self, message) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            self.console_errors.append(text)

    def csp_violations(self) -> list[str]:
        seen = list(self.page.evaluate("window.__kgCsp || []"))
        return seen + [t for t in self.console_errors if "Content Security Policy" in t]


@pytest.fixture
def watch(page, nginx_url: str) -> PageWatch:
    """Records a page served by nginx; every request to another host is refused."""
    block_other_hosts(page.context, nginx_url)
    return PageWatch(page)
