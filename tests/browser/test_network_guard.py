"""The tests' own network guards: what the privacy and speed of the other
browser tests rest on.

The tests' Chromium reaches no host but this machine (``TEST_NETWORK_ARGS``),
and a request to another host still shows in the records (``Traffic``,
``other_hosts``), so ``foreign == []`` elsewhere can fail. ``no_python_url``
serves the same site but refuses Pyodide's files.
"""

from __future__ import annotations

import contextlib
import socket
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import Traffic, other_hosts
from tests.serve import serve

pytestmark = pytest.mark.browser

FETCH = """async (url) => {
  try { const r = await fetch(url, {mode: "no-cors"}); return "answered " + r.type; }
  catch (error) { return "failed"; }
}"""


def own_address() -> str | None:
    """This machine's address on its network, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))  # TEST-NET-2: only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_request_to_another_host_is_recorded_and_never_answered(
    page: Page, site_dir: Path, base_url: str, traffic: Traffic
) -> None:
    noted = other_hosts(page.context, base_url)
    address = own_address()
    with contextlib.ExitStack() as stack:
        # Another host that answers: this machine's own network address (a
        # machine with none has nowhere to send a request either).
        if address:
            other = stack.enter_context(serve(site_dir, host=address))
            assert urllib.request.urlopen(other + "index.html", timeout=10).status == 200
        else:
            other = "http://example.com/"
        # The site's CSP stops a fetch to another host before it is made: ask from a blank page.
        page.goto("about:blank")
        assert page.evaluate(FETCH, other + "index.html") == "failed"
    assert traffic.foreign == noted == [other + "index.html"]


def test_the_second_server_refuses_only_pyodides_files(
    page: Page, site_dir: Path, base_url: str, no_python_url: str
) -> None:
    core = next(site_dir.glob("assets/pyodide/*/pyodide.mjs")).relative_to(site_dir).as_posix()
    page.goto(base_url)
    assert page.evaluate(FETCH, base_url + core) == "answered basic"
    page.goto(no_python_url)
    assert page.evaluate(FETCH, no_python_url + core) == "failed"
    assert page.evaluate(FETCH, no_python_url + "index.html") == "answered basic"
