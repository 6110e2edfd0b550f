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
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.serve import TYPES

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@dataclass
class Stats:
    """Bytes written (headers + body) per URL path, and the encodings used."""

    by_path: dict[str, int] = field(default_factory=dict)
    encodings: set[str] = field(default_factory=set)
    accept_encoding: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, path: str, nbytes: int, encoding: str) -> None:
        with self.lock:
            self.by_path[path] = self.by_path.get(path, 0) + nbytes
            self.encodings.add(encoding)

    def total(self) -> int:
        return sum(self.by_path.values())

    def reset(self) -> None:
        with self.lock:
            self.by_path.clear()
            self.encodings.clear()


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    stats: Stats
    precompressed: bool = True
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
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
            self.send_response(304)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            self.stats.add(url_path, self._header_bytes, encoding)
            return
        body = Path(send).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", last_modified)
        if self.precompressed:
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)
        self.stats.add(url_path, self._header_bytes + len(body), encoding)

    _header_bytes = 0

    def end_headers(self) -> None:
        self._header_bytes = sum(len(chunk) for chunk in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()


@contextmanager
def serve(directory: Path, precompressed: bool = True) -> Iterator[tuple[str, Stats]]:
    """Serve ``directory`` on a free localhost port; yields (base URL, stats)."""
    stats = Stats()
    handler_class = type(
        "BenchHandler", (Handler,), {"stats": stats, "precompressed": precompressed}
    )
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", stats
    finally:
        server.shutdown()
        server.server_close()
