"""A quiet static file server for the built site, for the browser tests.

Like ``python -m http.server`` but with the MIME types Pyodide needs
(``.wasm`` → ``application/wasm``, ``.mjs`` → JavaScript), no request log
(URLs never reach a log), and a ``Date`` header (the clock check uses it).
A browser that drops a connection mid-answer (a page closed while it was
still loading) is no error; any other error still prints its traceback.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    def __init__(self, *args, refuse: str | None = None, **kwargs) -> None:
        self.refuse = refuse  # a path prefix answered by closing the connection
        super().__init__(*args, **kwargs)  # handles the request

    def send_head(self):
        if self.refuse and self.path.startswith(self.refuse):
            self.close_connection = True
            return None  # nothing sent: the browser sees a failed download
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """``ThreadingHTTPServer`` that says nothing when the client hung up."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(
    directory: Path, host: str = "127.0.0.1", port: int = 0, refuse: str | None = None
) -> Iterator[str]:
    """Serve ``directory`` on a free port; yields the base URL. Requests for
    paths under ``refuse`` get no answer: the connection is closed."""
    handler = functools.partial(Handler, directory=str(directory), refuse=refuse)
    server = QuietServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
