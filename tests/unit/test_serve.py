"""The test server (tests/serve.py) serves files and stays quiet only about hang-ups."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.serve import QuietServer, serve


def test_it_serves_a_file_with_the_type_pyodide_needs(tmp_path: Path) -> None:
    (tmp_path / "core.wasm").write_bytes(b"\0asm")
    with serve(tmp_path) as url, urllib.request.urlopen(url + "core.wasm") as answer:
        assert answer.headers["Content-Type"] == "application/wasm"
        assert answer.read() == b"\0asm"


def error_output(error: Exception, capsys) -> str:
    """What the server prints when its handler fails with ``error``."""
    server = QuietServer(("127.0.0.1", 0), None)
    try:
        try:
            raise error
        except Exception:
            server.handle_error(None, ("127.0.0.1", 50000))
    finally:
        server.server_close()
    return capsys.readouterr().err


@pytest.mark.parametrize("hang_up", [BrokenPipeError, ConnectionResetError])
def test_a_client_that_hung_up_prints_nothing(hang_up: type[OSError], capsys) -> None:
    assert error_output(hang_up("the browser closed the page"), capsys) == ""


def test_any_other_error_still_prints_its_traceback(capsys) -> None:
    err = error_output(ValueError("a real bug in the handler"), capsys)
    assert "Traceback" in err and "ValueError: a real bug in the handler" in err
