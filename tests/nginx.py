"""Run Debian's nginx with ``deploy/nginx.conf`` on a loopback port, for tests and benchmarks.

The server block is the one vendors install, with only its site root and
``listen`` lines substituted (see :func:`server_block`); it is wrapped in a
minimal main config with every path inside a temporary prefix (plus the
``load_module`` lines of the modules it uses, as Debian's
``/etc/nginx/modules-enabled/`` would add them), and nginx runs in the foreground as a child process that is stopped afterwards.

>>> block = server_block(Path("/tmp/s"), 8080)
>>> "root /tmp/s;" in block and "listen 127.0.0.1:8080;" in block
True
>>> "/srv/keyguide/site" in block or "listen [::]" in block
False
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx.conf"
SITE_ROOT = "/srv/keyguide/site"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MODULES_DIR = Path("/usr/lib/nginx/modules")
# Directive in deploy/nginx.conf -> the dynamic module (Debian package) providing it.
DYNAMIC_MODULES = {
    "brotli_static": ("ngx_http_brotli_static_module.so", "libnginx-mod-http-brotli-static"),
}


class NginxError(RuntimeError):
    """nginx refused the config or did not start; the message holds its log."""


def _server_blocks(text: str) -> list[list[str]]:
    """The top-level ``server { ... }`` blocks of ``text``, as lines."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if current is None:
            if not code.strip().startswith("server"):
                continue  # comments between blocks
            current = []
        current.append(line)
        depth += code.count("{") - code.count("}")
        if depth == 0:
            blocks.append(current)
            current = None
    return blocks


def server_block(
    site_dir: Path, port: int, host: str = "127.0.0.1", tls: tuple[Path, Path, int] | None = None
) -> str:
    """``deploy/nginx.conf`` serving ``site_dir`` on ``host:port`` only.

    Without ``tls``: the site's server block over plain HTTP (no redirect
    block, no ``ssl_`` lines), for tests of types, caching and headers.
    With ``tls=(certificate, key, http_port)``: both blocks, HTTPS (HTTP/2)
    on ``port`` and the redirect on ``http_port``.
    """
    out = []
    for block in _server_blocks(CONF.read_text("utf-8")):
        redirect = any("return 301" in line for line in block)
        if redirect and tls is None:
            continue
        for line in block:
            stripped = line.strip()
            indent = line[: len(line) - len(line.lstrip())]
            if stripped.startswith("listen "):
                if "[::]" in stripped:
                    continue
                if redirect:
                    line = f"{indent}listen {host}:{tls[2]};"
                elif tls is not None:
                    line = f"{indent}listen {host}:{port} ssl http2;"
                else:
                    line = f"{indent}listen {host}:{port};"
            elif stripped.startswith("ssl_"):
                if tls is None:
                    continue
                if stripped.startswith("ssl_certificate_key "):
                    line = f"{indent}ssl_certificate_key {tls[1]};"
                elif stripped.startswith("ssl_certificate "):
                    line = f"{indent}ssl_certificate {tls[0]};"
            out.append(line.replace(SITE_ROOT, str(site_dir)))
    return "\n".join(out) + "\n"


def self_signed(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throw-away certificate and key for ``host`` (openssl CLI), valid one day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=IP:{host},DNS:localhost"],
        check=True, capture_output=True,
    )
    return cert, key


def load_modules(conf_text: str, modules_dir: Path = MODULES_DIR) -> str:
    """``load_module`` lines (absolute paths) for the dynamic modules the config uses.

    >>> load_modules("gzip_static on;")
    ''
    >>> try:
    ...     load_modules("    brotli_static on;", Path("/nonexistent"))
    ... except NginxError as exc:
    ...     print(exc)
    nginx.conf uses brotli_static: install libnginx-mod-http-brotli-static (make nginx)
    """
    out = []
    for directive, (so_file, package) in DYNAMIC_MODULES.items():
        if not any(line.strip().startswith(directive + " ") for line in conf_text.splitlines()):
            continue
        module = modules_dir / so_file
        if not module.is_file():
            raise NginxError(f"{CONF.name} uses {directive}: install {package} (make nginx)")
        out.append(f"load_module {module};\n")
    return "".join(out)


def main_config(
    prefix: Path, site_dir: Path, port: int, tls: tuple[Path, Path, int] | None = None
) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read a 0700 temp dir
    temp = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{load_modules(CONF.read_text('utf-8'))}{user}daemon off;\nworker_processes 2;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n    access_log off;\n    sendfile on;\n    tcp_nopush on;\n"
        f"{temp}\n{server_block(site_dir, port, tls=tls)}}}\n"
    )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _wait_listening(proc: subprocess.Popen, port: int, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise NginxError(f"nginx exited with {proc.returncode}:\n{_read(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise NginxError(f"nginx did not listen on {port} within {timeout} s:\n{_read(log)}")


def _read(path: Path) -> str:
    return path.read_text("utf-8", "replace") if path.exists() else ""


@contextmanager
def run_nginx(site_dir: Path, port: int | None = None) -> Iterator[str]:
    """Serve ``site_dir`` with nginx over plain HTTP; yields ``http://127.0.0.1:PORT/``."""
    with _nginx(site_dir, port or free_port(), None) as (url, _):
        yield url


@contextmanager
def run_nginx_tls(site_dir: Path) -> Iterator[tuple[str, str, Path]]:
    """Serve ``site_dir`` as in production: HTTPS with a certificate made now,
    and the port-80 redirect on another port. Yields ``(https_url, http_url,
    certificate)``."""
    with tempfile.TemporaryDirectory(prefix="kg-tls-") as tmp:
        cert, key = self_signed(Path(tmp))
        with _nginx(site_dir, free_port(), (cert, key, free_port())) as (url, http_url):
            yield url, http_url, cert


@contextmanager
def _nginx(site_dir: Path, port: int, tls: tuple[Path, Path, int] | None):
    with tempfile.TemporaryDirectory(prefix="kg-nginx-") as tmp:
        prefix = Path(tmp)
        conf = prefix / "nginx.conf"
        conf.write_text(main_config(prefix, Path(site_dir).resolve(), port, tls), "utf-8")
        log = prefix / "error.log"
        base = [NGINX, "-p", str(prefix), "-e", str(log), "-c", str(conf)]
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise NginxError(f"nginx -t failed:\n{check.stderr}{_read(log)}")
        proc = subprocess.Popen(base, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_listening(proc, port, log, timeout=10)
            if tls is None:
                yield f"http://127.0.0.1:{port}/", None
            else:
                _wait_listening(proc, tls[2], log, timeout=10)
                yield f"https://127.0.0.1:{port}/", f"http://127.0.0.1:{tls[2]}/"
        finally:
            proc.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
