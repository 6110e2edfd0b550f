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
from hypothesis import settings

from sitebuild.compress import QUALITY_VARIABLE
from tests.schedule import rank
from tests.serve import serve

# Property tests draw the same examples on every run and machine: a failure
# in CI can be rerun, and a run never stops to shrink a new find. To explore
# new examples: HYPOTHESIS_PROFILE=explore make test-fast.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# The suite's site builds compress big files at brotli 9, not 11 (sitebuild/compress.py).
os.environ.setdefault(QUALITY_VARIABLE, "9")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The tests drive Chromium's headless shell (Debian's chromium-headless-shell,
# the same engine and version as chromium, the build Playwright itself uses
# for headless runs): no browser UI to draw, so a page costs less CPU on two
# cores. The benchmarks time the full browser, as a reader has it.
HEADLESS_SHELL = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
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
# The tests' engine compiles WebAssembly with V8's baseline compiler only.
# By default V8 also recompiles Pyodide's hot functions with its optimising
# compiler in the background, which pays off in a long session but is wasted
# in a test's short one: every test starts Python in a fresh context. Measured
# on the demo's code-check step (five fresh contexts in one browser, two
# cores): 5.2 CPU-s per Python start by default, 3.3–3.7 s with this flag.
# Tests judge behaviour, never speed; the benchmarks keep V8's default.
TEST_ENGINE_ARGS = ["--js-flags=--liftoff-only"]
# The tests' Chromium reaches no host but this machine: a request to any other
# host goes to a proxy that is not there and fails at once (loopback addresses
# bypass a proxy by default). Tests see such requests in the request events
# (other_hosts, Traffic); routing every request through a Python handler
# instead doubled the CPU of an article's load (0.19 → 0.37 CPU-s).
TEST_NETWORK_ARGS = ["--proxy-server=http://127.0.0.1:9"]


def build_site(dest: Path, config: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build --strict`` into ``dest``; fails the test with the build log."""
    if os.environ.get(KIND_VARIABLE) == "unit":
        pytest.fail("this test builds a site: mark it @pytest.mark.site (or use @builds_site "
                    "on its fixture) and keep it out of tests/unit", pytrace=False)
    shared = os.environ.get(SHARED_SITE)
    if shared and Path(shared).parent.joinpath("building").is_file():
        # After the controller's build: it fills the caches this build reads
        # (compressed Pyodide, the stdlib's bytecode); two cold builds at once
        # would each compress and compile the same files.
        shared_site(Path(shared))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    if config:
        cmd += ["--config-file", str(config)]
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=run_env)
    if result.returncode != 0:
        pytest.fail(f"site build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return dest


# With pytest-xdist (``make test`` runs several workers), the controller builds the
# site once and hands the workers its path: one build, not one per worker. The
# build runs in the background while the workers start on the unit tests (they
# come first, see tests/schedule.py); the first test that needs the site waits
# for it. The controller holds an exclusive lock on ``building`` until the
# build has ended and its exit status is in ``status``: a worker's shared
# lock is granted then, so it waits on the build itself, not on a clock.
SHARED_SITE = "KEYGUIDE_TEST_SITE"


def _distributed(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


_BUILD = pytest.StashKey[tuple]()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not _distributed(config) or (config.option.markexpr or "").strip() == "unit":
        return
    import fcntl
    import tempfile
    import threading

    dest = Path(tempfile.mkdtemp(prefix="keyguide-site-")) / "site"
    lock = open(dest.parent / "building", "w")  # noqa: SIM115 (closed by the thread below)
    fcntl.flock(lock, fcntl.LOCK_EX)
    log = open(dest.parent / "build.log", "w")  # noqa: SIM115
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    build = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def report_when_built() -> None:
        status = build.wait()
        log.close()
        (dest.parent / "status").write_text(str(status))
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()

    reporter = threading.Thread(target=report_when_built, daemon=True)
    reporter.start()
    config.stash[_BUILD] = (build, reporter)
    os.environ[SHARED_SITE] = str(dest)


def shared_site(dest: Path) -> Path:
    """The controller's site, once its build has ended (fails the test if the build did)."""
    import fcntl

    with open(dest.parent / "building") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # granted when the controller's build has ended
    status_file = dest.parent / "status"
    status = status_file.read_text() if status_file.is_file() else "none (the build was stopped)"
    if status != "0":
        log = (dest.parent / "build.log").read_text(errors="replace")
        pytest.fail(f"site build failed (exit status {status}):\n{log}", pytrace=False)
    return dest


def pytest_sessionfinish(session: pytest.Session) -> None:
    shared = os.environ.get(SHARED_SITE)
    if shared and _distributed(session.config):
        build, reporter = session.config.stash.get(_BUILD, (None, None))
        if build is not None:
            if build.poll() is None:  # only unit tests were chosen
                build.terminate()
            reporter.join()
        shutil.rmtree(Path(shared).parent, ignore_errors=True)


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile`` with browser tests one by one (tests/schedule.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.schedule import FilesAndBrowserTests

    return FilesAndBrowserTests(config, log)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = os.environ.get(SHARED_SITE)
    if shared and Path(shared).parent.joinpath("building").is_file():
        return shared_site(Path(shared))
    if shared and Path(shared, "index.html").is_file():  # a site built beforehand
        return Path(shared)
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def no_python_url(site_dir: Path) -> Iterator[str]:
    """The same site from a server that refuses Pyodide's files (``PYTHON_FILES``)."""
    with serve(site_dir, refuse=PYTHON_FILES) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": HEADLESS_SHELL, "args": CHROMIUM_ARGS + TEST_ENGINE_ARGS + TEST_NETWORK_ARGS}


# Chromium's own locale and zone follow the machine (a fresh one starts in
# en-US with a 12-hour clock); every context the tests make states both, so a
# result never depends on LANG or TZ. Tests about the reader's locale or zone
# pass their own.
LOCALE = "en-GB"
TIMEZONE = "UTC"
# The site's service worker (sitebuild/sw.js) copies every page's files, and on
# a wizard page the whole Python runtime, into its cache once the page has
# settled: about 1 CPU-s per fresh context on a wizard page (3.7 against 2.7
# CPU-s for a Python start, measured). A context runs without it unless its
# test says ``service_workers="allow"``: the offline tests and the live
# wizard's privacy context (so the service worker's own requests are recorded).
SERVICE_WORKERS = "block"


def context_options(**options) -> dict:
    """Options for ``browser.new_context``: the suite's locale and zone, and no
    service worker, unless given."""
    return {"locale": LOCALE, "timezone_id": TIMEZONE, "service_workers": SERVICE_WORKERS, **options}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return context_options(**browser_context_args)


@pytest.fixture(scope="session")
def browser(browser):
    """pytest-playwright's browser, whose every new context states the suite's
    locale and zone unless the test gives its own."""
    made_by_playwright = browser.new_context
    browser.new_context = lambda **options: made_by_playwright(**context_options(**options))
    return browser


# The Pyodide files. A test that judges markup or links opens its pages from
# ``no_python_url``, a second server of the same site that refuses these files
# (it closes the connection, as a failed download would): the live checks say
# they are unavailable and Python never starts (seconds of CPU each on two
# cores). The refusal is the server's, so no request is routed through Python
# (a route on a context costs a wizard page's load about 0.2 CPU-s).
PYTHON_FILES = "/assets/pyodide/"


def python_was_refused(page) -> None:
    """The wizard page ``page`` says its live checks are unavailable: Python
    was refused and never started."""
    from playwright.sync_api import expect

    expect(page.locator(".kg-live-status")).to_have_attribute("data-state", "unavailable")


def code_check_step() -> str:
    """The step of the code-invalid flow that runs the live code check."""
    from wizardtools.flowlint import load_flows

    flow = load_flows()["code-invalid"]
    return next(step.id for step in flow.steps.values() if step.check == "code_format")


def answered(page, timeout: float = 90_000) -> None:
    """Wait until every check the page started has its answer on screen
    (wizard/web/dom.mjs counts them in ``<html data-kg-pending>``)."""
    page.wait_for_function("() => !document.documentElement.dataset.kgPending", timeout=timeout)


# A fixed moment for the page's clock (2026-01-01 00:00 UTC, in seconds).
CLOCK_START = 1_767_225_600


def hold_clock(page) -> None:
    """Put the page on Playwright's clock, standing still: its timers fire only
    when the test moves the clock (``page.clock.run_for``), so a deadline is
    neither waited for in real time nor hit early by a slow machine."""
    page.clock.install(time=CLOCK_START)
    page.clock.pause_at(CLOCK_START + 1)


# -- kinds of test: the folder says which, a marker lets you pick --------------
#
# tests/unit/     no browser and no site build (``make test-fast``)
# tests/site/     builds the site, reads or serves it, no browser
# tests/browser/  drives Chromium
# Doctests in wizard/, wizardtools/ and sitebuild/ are unit tests. A test's kind is the
# heaviest of its folder's kind and what its fixtures need; a test that needs
# more than its folder promises is an error, so the layout stays true.

KINDS = ("unit", "site", "browser")
BROWSER_FIXTURES = {"page", "browser", "context"}
SITE_FIXTURES = {"site_dir", "base_url", "nginx_url"}


def builds_site(fixture_function):
    """Marks a fixture that builds a site of its own: tests using it are site tests."""
    fixture_function.kg_builds_site = True
    return fixture_function


def _needs(item: pytest.Item) -> str:
    marked = {m.name for m in item.iter_markers()} & set(KINDS)
    callspec = getattr(item, "callspec", None)
    fixtures = set(getattr(item, "fixturenames", ())) - set(callspec.params if callspec else ())
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info else ()
    own_builds = any(getattr(d.func, "kg_builds_site", False) for ds in defs for d in ds)
    if "browser" in marked or fixtures & BROWSER_FIXTURES:
        return "browser"
    if "site" in marked or fixtures & SITE_FIXTURES or own_builds:
        return "site"
    return "unit"


def _folder_kind(item: pytest.Item) -> str | None:
    path = Path(str(item.path)).resolve().relative_to(ROOT)
    if path.parts[0] == "tests" and path.name.startswith("test_"):
        return path.parts[1] if path.parts[1] in KINDS else None
    return "unit"  # doctests of the packages and of the tests' helpers


# The kind of the test being set up or run. In the environment, because test
# modules import this file again under another name (``tests.conftest``).
KIND_VARIABLE = "KEYGUIDE_TEST_KIND"
_RANK = pytest.StashKey[tuple]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    os.environ[KIND_VARIABLE] = next((k for k in KINDS if item.get_closest_marker(k)), "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    misplaced = []
    for item in items:
        folder, needs = _folder_kind(item), _needs(item)
        if folder is None or KINDS.index(needs) > KINDS.index(folder):
            misplaced.append(f"{item.nodeid}: needs {needs}, lives in {folder or 'tests/'}")
        item.add_marker(getattr(pytest.mark, needs))
        item.stash[_RANK] = rank(folder or "unit", str(item.path))
    if misplaced:
        raise pytest.UsageError(
            "tests in the wrong folder (tests/unit, tests/site, tests/browser):\n  "
            + "\n  ".join(misplaced)
        )
    # The order in which the workers get the tests (tests/schedule.py): by
    # folder, as the scheduler hands out a browser file's tests one by one.
    items.sort(key=lambda item: item.stash[_RANK])


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


def edited_response(edit):
    """A route handler serving the real response changed by ``edit(response)``
    (keyword arguments for ``route.fulfill``). A handler still fetching when
    the test has closed its page (a preload the page no longer needs) ends
    quietly instead of failing the next test."""
    from playwright.sync_api import Error as PlaywrightError

    def handler(route) -> None:
        try:
            response = route.fetch()
            route.fulfill(response=response, **edit(response))
        except PlaywrightError as exc:
            if not any(word in str(exc) for word in ("disposed", "closed")):
                raise

    return handler


@pytest.fixture
def page(page):
    """pytest-playwright's page, whose routes (the page's and its context's) are
    removed at the end of the test without waiting for a handler still
    fetching (``edited_response`` fetching a file the closed page no longer
    needs); whatever that handler raises later is ignored. The sync API would
    otherwise raise it inside the next test on this worker (seen once: a
    ``Route.fetch`` time-out failing an unrelated offline test)."""
    yield page
    for owner in (page, page.context):
        owner.unroute_all(behavior="ignoreErrors")


def other_hosts(context, origin: str, *, allow: tuple[str, ...] = ("data:",)) -> list[str]:
    """The URLs ``context`` asks for from any host but ``origin`` (and the
    ``allow`` prefixes), as they are asked for; the tests' browser reaches
    none of them (``TEST_NETWORK_ARGS``)."""
    seen: list[str] = []
    context.on("request", lambda r: None if r.url.startswith((origin, *allow)) else seen.append(r.url))
    return seen


@pytest.fixture
def traffic(page, base_url: str) -> Traffic:
    """Records the page's requests (those to other hosts fail: ``TEST_NETWORK_ARGS``)
    and console errors."""
    record = Traffic(base_url)
    page.on("request", record.on_request)
    page.on("console", record.on_console)
    page.on("pageerror", lambda exc: record.console_errors.append(f"pageerror: {exc}"))
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
    """Records a page served by nginx (requests to other hosts fail: ``TEST_NETWORK_ARGS``)."""
    return PageWatch(page)
