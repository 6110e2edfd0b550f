"""A quiet static server for benchmarks: right MIME types, precompressed files.

Like ``tests/serve.py`` (same MIME types) plus what a deployed server does
with precompressed files: when ``x.br`` or ``x.gz`` exists next to ``x`` and
the request's ``Accept-Encoding`` allows it, the compressed file is sent
with ``Content-Encoding`` (brotli first, as nginx's ``brotli_static`` then
``gzip_static`` would). It counts every byte it writes per path, so the
server side of "bytes on the wire" is known too. Nothing is logged.

>>> stats = Stats()
>>> stats.add("/a", 10, "br"); stats.add("/a", 5, "")
>>> stats.total(), stats.by_path["/a"], sorted(stats.encodings)
(15, 15, ['', 'br'])
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.serve import TYPES

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
CHUNK = 16 * 1024
# Cache-Control as deploy/nginx.conf sends it: a year for URLs named by their
# content (and the stock Pyodide copy, as a CDN would), revalidate the rest.
IMMUTABLE = re.compile(
    r"^/(assets/(pyodide/[0-9][^/]*|wheels/[0-9a-f]{16})/"
    r"|assets/(javascripts|stylesheets)/.*\.[0-9a-f]{8}\.min\.(js|css)$"
    r"|bench-stock/)"
)


class Link:
    """One shared link for every connection: ``rate`` bytes/s and ``delay`` s per response.

    Each chunk reserves the next free slot on the link (first come, first
    served), so six parallel connections share 9 Mbps as they would on a
    phone, and the worker's requests are slowed like the page's.

    >>> link = Link(rate=1000.0, delay=0.0)
    >>> link.reserve(500) <= link.reserve(500)
    True
    >>> round(link.busy_until - link.started, 1) >= 1.0
    True
    """

    def __init__(self, rate: float, delay: float) -> None:
        self.rate, self.delay = rate, delay
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.busy_until = self.started

    def reserve(self, nbytes: int) -> float:
        """The time at which ``nbytes`` more have crossed the link."""
        with self.lock:
            start = max(time.monotonic(), self.busy_until)
            self.busy_until = start + nbytes / self.rate
            return self.busy_until


def phone_link() -> Link:
    """9 Mbps shared, 40 ms per response (the figures of issue 16)."""
    return Link(rate=9e6 / 8, delay=0.040)


@dataclass
class Stats:
    """Bytes written (headers + body) per URL path, and the encodings used."""

    by_path: dict[str, int] = field(default_factory=dict)
    full: dict[str, int] = field(default_factory=dict)  # 200 responses per path
    spans: list[tuple[str, float, float, int]] = field(default_factory=list)  # path, start, end, status
    active: int = 0  # responses being written now
    encodings: set[str] = field(default_factory=set)
    accept_encoding: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, path: str, nbytes: int, encoding: str) -> None:
        with self.lock:
            self.by_path[path] = self.by_path.get(path, 0) + nbytes
            self.encodings.add(encoding)

    def count(self, path: str) -> None:
        with self.lock:
            self.full[path] = self.full.get(path, 0) + 1

    def twice(self) -> list[str]:
        """Paths sent in full more than once (a double download)."""
        return sorted(path for path, n in self.full.items() if n > 1)

    def total(self) -> int:
        return sum(self.by_path.values())

    def wait_quiet(self, timeout: float = 30.0) -> bool:
        """Wait until no response is being written (at most ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.active

    def reset(self) -> None:
        with self.lock:
            self.by_path.clear()
            self.full.clear()
            self.spans.clear()
            self.encodings.clear()


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    stats: Stats
    precompressed: bool = True
    link: Link | None = None
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        started = time.monotonic()
        with self.stats.lock:
            self.stats.active += 1
        try:
            self._get()
        finally:
            with self.stats.lock:
                self.stats.active -= 1
                self.stats.spans.append(
                    (unquote(urlsplit(self.path).path), started, time.monotonic(), self._status)
                )

    _status = 0

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def _get(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().do_GET()
        accepted = self.headers.get("Accept-Encoding", "")
        self.stats.accept_encoding.add(accepted)
        offered = {part.split(";")[0].strip() for part in accepted.split(",")}
        encoding, send = "", path
        if self.precompressed:
            for name, suffix in ENCODINGS:
                if name in offered and os.path.isfile(path + suffix):
                    encoding, send = name, path + suffix
                    break
        stat = os.stat(path)
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        url_path = unquote(urlsplit(self.path).path)
        if self.headers.get("If-Modified-Since") == last_modified:
            if self.link:
                time.sleep(self.link.delay)
            self.send_response(304)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            self.stats.add(url_path, self._header_bytes, encoding)
            return
        body = Path(send).read_bytes()
        if self.link:
            time.sleep(self.link.delay)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", last_modified)
        if self.precompressed:
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header(
            "Cache-Control",
            "public, max-age=31536000, immutable" if IMMUTABLE.match(url_path) else "no-cache",
        )
        self.end_headers()
        self.stats.count(url_path)
        if self.link is None:
            self.wfile.write(body)
        else:
            self._paced(body)
        self.stats.add(url_path, self._header_bytes + len(body), encoding)

    def _paced(self, body: bytes) -> None:
        """Write ``body`` at the shared link's pace (headers ride with the first chunk)."""
        view = memoryview(body)
        for start in range(0, len(body), CHUNK):
            chunk = view[start:start + CHUNK]
            wait = self.link.reserve(len(chunk)) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.wfile.write(chunk)

    _header_bytes = 0

    def end_headers(self) -> None:
        self._header_bytes = sum(len(chunk) for chunk in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up mid-response (a page closed while loading) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(
    directory: Path, precompressed: bool = True, link: Link | None = None
) -> Iterator[tuple[str, Stats]]:
    """Serve ``directory`` on a free localhost port; yields (base URL, stats).

    With ``link``, every response waits ``link.delay`` and its body crosses
    the one shared ``link`` (see :class:`Link`).
    """
    stats = Stats()
    handler_class = type(
        "BenchHandler", (Handler,), {"stats": stats, "precompressed": precompressed, "link": link}
    )
    handler = functools.partial(handler_class, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", stats
    finally:
        server.shutdown()
        server.server_close()
