"""deploy/nginx.conf serving the built site: types, caching, compression, headers, 404s."""

from __future__ import annotations

import gzip
import http.client
import re
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from sitebuild import csp, stdlib
from sitebuild.assets import pyodide_url
from wizard.vendor import LANGUAGES

IMMUTABLE = "public, max-age=31536000, immutable"


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def text(self) -> str:
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8")


def get(base: str, path: str, gzip_ok: bool = False, method: str = "GET", accept: str = "") -> Response:
    """One request, no redirects followed, no decompression."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        headers = {"Accept-Encoding": accept or ("gzip" if gzip_ok else "identity")}
        conn.request(method, "/" + path.lstrip("/"), headers=headers)
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def wheel_path(site_dir: Path) -> str:
    wheel = next((site_dir / "assets" / "wheels").rglob("*.whl"))
    return wheel.relative_to(site_dir).as_posix()


def material_bundle(site_dir: Path) -> str:
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    return bundle.relative_to(site_dir).as_posix()


def test_pyodide_files_have_the_types_the_browser_insists_on(nginx_url: str) -> None:
    base = pyodide_url()
    expected = {
        "pyodide.asm.wasm": "application/wasm",
        "pyodide.mjs": "text/javascript",
        "pyodide.asm.mjs": "text/javascript",
        stdlib.trimmed()[0]: "application/zip",
        "pyodide-lock.json": "application/json",
    }
    for name, mime in expected.items():
        resp = get(nginx_url, base + name, method="HEAD")
        assert resp.status == 200, name
        assert resp.header("Content-Type").split(";")[0] == mime, name


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("index.html", "text/html"),
        ("assets/wizard/worker.mjs", "text/javascript"),
        ("assets/wizard/ui.mjs", "text/javascript"),
        ("assets/wizard/data.json", "application/json"),
        ("assets/wizard/wizard.css", "text/css"),
        ("search/en/search/search_index.json", "application/json"),
    ],
)
def test_site_files_have_their_types(nginx_url: str, path: str, mime: str) -> None:
    resp = get(nginx_url, path, method="HEAD")
    assert resp.status == 200
    assert resp.header("Content-Type").split(";")[0] == mime


def test_the_wheel_is_served_as_a_zip(nginx_url: str, site_dir: Path) -> None:
    resp = get(nginx_url, wheel_path(site_dir), method="HEAD")
    assert (resp.status, resp.header("Content-Type")) == (200, "application/zip")


def test_versioned_and_hashed_assets_are_immutable(nginx_url: str, site_dir: Path) -> None:
    for path in (pyodide_url() + "pyodide.asm.wasm", wheel_path(site_dir), material_bundle(site_dir)):
        assert get(nginx_url, path, method="HEAD").header("Cache-Control") == IMMUTABLE, path


@pytest.mark.parametrize(
    "path", ["", "ru/wizard/", "zh/articles/code-invalid/", "assets/wizard/data.json", "assets/wizard/worker.mjs"]
)
def test_pages_and_unversioned_files_are_revalidated(nginx_url: str, path: str) -> None:
    resp = get(nginx_url, path, method="HEAD")
    assert resp.status == 200
    assert resp.header("Cache-Control") == "no-cache"
    assert resp.header("ETag") and resp.header("Last-Modified")


def test_a_revalidation_costs_no_body(nginx_url: str) -> None:
    parts = urlsplit(nginx_url)
    first = get(nginx_url, "wizard/")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", "/wizard/", headers={"If-None-Match": first.header("ETag")})
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (304, b"")
    conn.close()


@pytest.mark.parametrize(
    "path",
    ["wizard/", "assets/javascripts/bundle", "pagefind/pagefind.js", "pyodide.asm.wasm"],
)
def test_gzip_is_sent_from_the_precompressed_copy(nginx_url: str, site_dir: Path, path: str) -> None:
    if path == "assets/javascripts/bundle":
        path = material_bundle(site_dir)
    if path == "pyodide.asm.wasm":
        path = pyodide_url() + path
    plain = get(nginx_url, path)
    packed = get(nginx_url, path, gzip_ok=True)
    assert plain.header("Content-Encoding") == ""
    assert packed.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in packed.header("Vary")
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) * 0.5
    on_disk = site_dir / (path + "index.html" if path.endswith("/") else path)
    assert packed.body == Path(str(on_disk) + ".gz").read_bytes()


@pytest.mark.parametrize("path", ["wizard/", "pyodide.asm.wasm", "stdlib"])
def test_brotli_is_sent_from_the_precompressed_copy_when_the_browser_accepts_it(
    nginx_url: str, site_dir: Path, path: str
) -> None:
    if path == "stdlib":
        path = pyodide_url() + stdlib.trimmed()[0]
    elif path == "pyodide.asm.wasm":
        path = pyodide_url() + path
    plain = get(nginx_url, path)
    packed = get(nginx_url, path, accept="gzip, deflate, br")
    assert packed.header("Content-Encoding") == "br"
    assert "Accept-Encoding" in packed.header("Vary")
    assert brotli.decompress(packed.body) == plain.body
    on_disk = site_dir / (path + "index.html" if path.endswith("/") else path)
    assert packed.body == Path(str(on_disk) + ".br").read_bytes()
    assert len(packed.body) < len(Path(str(on_disk) + ".gz").read_bytes())


def test_the_build_compresses_what_shrinks_and_skips_deflated_zips(site_dir: Path) -> None:
    pyodide = site_dir / pyodide_url()
    assert (pyodide / "pyodide.asm.wasm.gz").stat().st_size < 0.5 * (
        pyodide / "pyodide.asm.wasm"
    ).stat().st_size
    # The wheel and the stdlib zip are stored so that brotli compresses
    # across their files (sitebuild/wheel.py, sitebuild/stdlib.py).
    wheel = next((site_dir / "assets" / "wheels").rglob("*.whl"))
    assert Path(f"{wheel}.br").stat().st_size < 0.3 * wheel.stat().st_size
    shipped = pyodide / stdlib.trimmed()[0]
    assert Path(f"{shipped}.br").stat().st_size < 0.3 * shipped.stat().st_size
    assert not (pyodide / "python_stdlib.zip").exists()
    pages = list(site_dir.rglob("*.html"))
    assert pages and all(Path(f"{p}.gz").is_file() for p in pages if p.stat().st_size > 1024)


@pytest.mark.parametrize("path", ["", "ru/wizard/", "assets/wizard/worker.mjs", "no/such/page"])
def test_every_response_carries_the_security_headers(nginx_url: str, path: str) -> None:
    resp = get(nginx_url, path)
    policy = resp.header("Content-Security-Policy")
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "'wasm-unsafe-eval'" in policy and "worker-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert resp.header("X-Content-Type-Options") == "nosniff"
    assert resp.header("Referrer-Policy") == "no-referrer"
    assert resp.header("Permissions-Policy")
    assert resp.header("Server") == "nginx"  # no version number


def test_the_served_policy_is_the_one_hashed_from_the_built_pages(
    nginx_url: str, site_dir: Path
) -> None:
    served = get(nginx_url, "", method="HEAD").header("Content-Security-Policy")
    assert served == csp.site_policy(site_dir)
    assert served == (site_dir / "_deploy" / "csp.txt").read_text("utf-8").strip()
    assert f"Content-Security-Policy: {served}" in (site_dir / "_headers").read_text("utf-8")


def test_every_inline_script_in_every_page_is_allowed(site_dir: Path) -> None:
    policy = (site_dir / "_deploy" / "csp.txt").read_text("utf-8")
    allowed = set(re.findall(r"'sha256-[^']+'", policy))
    for page in site_dir.rglob("*.html"):
        for body in csp.inline_scripts(page.read_text("utf-8")):
            assert csp.sha256_source(body) in allowed, page


def test_build_by_products_are_not_served(nginx_url: str) -> None:
    for path in ("_deploy/headers.conf", "_deploy/csp.txt", "_headers"):
        assert get(nginx_url, path).status == 404, path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_miss_gets_the_404_page_in_its_language(nginx_url: str, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    resp = get(nginx_url, f"{prefix}articles/no-such-article/")
    assert resp.status == 404
    assert f'<html lang="{lang}"' in resp.text()


def test_the_default_language_404_is_english_at_the_root(site_dir: Path) -> None:
    assert '<html lang="en"' in (site_dir / "404.html").read_text("utf-8")
    for lang in ("ru", "zh"):
        assert f'<html lang="{lang}"' in (site_dir / lang / "404.html").read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_language_switcher_offers_each_languages_home(nginx_url: str, lang: str) -> None:
    # Served at any missed address, the page can't know "this page in Russian";
    # the build had left the last page it rendered in the switcher.
    prefix = "" if lang == "en" else f"{lang}/"
    page = get(nginx_url, f"{prefix}articles/no-such-article/").text()
    links = dict(re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link"', page))
    assert {hreflang: href for href, hreflang in links.items()} == {
        code: "/" if code == "en" else f"/{code}/" for code in LANGUAGES
    }


def test_a_directory_without_slash_redirects_relative(nginx_url: str) -> None:
    resp = get(nginx_url, "wizard")
    assert resp.status == 301
    assert resp.header("Location") == "/wizard/"


# -- HTTPS as deployed: TLS on loopback with a certificate made for the test ----------


@pytest.fixture(scope="module")
def tls(site_dir: Path):
    """``(https_url, http_url, certificate)`` of nginx running both server blocks."""
    from tests.nginx import run_nginx_tls

    with run_nginx_tls(site_dir) as served:
        yield served


def tls_context(cert: Path, version: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(cert))
    if version is not None:
        context.minimum_version = context.maximum_version = version
    context.set_alpn_protocols(["h2", "http/1.1"])
    return context


def get_tls(tls, path: str, method: str = "GET") -> Response:
    url, _, cert = tls
    parts = urlsplit(url)
    context = ssl.create_default_context(cafile=str(cert))
    conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=10, context=context)
    try:
        conn.request(method, "/" + path.lstrip("/"), headers={"Accept-Encoding": "identity"})
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["", "ru/wizard/?lang=x", "assets/wizard/data.json"])
def test_port_80_only_redirects_to_the_same_url_over_https(tls, path: str) -> None:
    resp = get(tls[1], path)
    assert resp.status == 301
    assert resp.header("Location") == f"https://127.0.0.1/{path}"
    assert resp.header("Content-Security-Policy") == ""  # no page is served over HTTP


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_12_and_13_with_http2(tls, version: ssl.TLSVersion) -> None:
    parts = urlsplit(tls[0])
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as raw:
        with tls_context(tls[2], version).wrap_socket(raw, server_hostname="127.0.0.1") as conn:
            assert conn.version() == {ssl.TLSVersion.TLSv1_2: "TLSv1.2",
                                      ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version]
            assert conn.selected_alpn_protocol() == "h2"


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion:DeprecationWarning")
def test_old_tls_is_refused(tls) -> None:
    parts = urlsplit(tls[0])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(str(tls[2]))
    context.set_ciphers("ALL:@SECLEVEL=0")
    context.minimum_version = ssl.TLSVersion.TLSv1
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as raw:
        with pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="127.0.0.1").close()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("", 200),
        ("zh/wizard/", 200),
        ("no/such/page", 404),
        ("ru/no/such/page", 404),
        ("_deploy/csp.txt", 404),
        (".env", 404),
        (".git/config", 404),
        ("assets/.hidden", 404),
        ("pyodide.asm.wasm", 200),
        ("bundle", 200),
    ],
)
def test_https_responses_carry_hsts_and_every_security_header(
    tls, site_dir: Path, path: str, status: int
) -> None:
    if path == "pyodide.asm.wasm":
        path = pyodide_url() + path
    elif path == "bundle":
        path = material_bundle(site_dir)
    resp = get_tls(tls, path, method="HEAD" if status == 200 else "GET")
    assert resp.status == status
    assert resp.header("Strict-Transport-Security") == "max-age=31536000"
    assert resp.header("Content-Security-Policy") == csp.site_policy(site_dir)
    for name, value in csp.OTHER_HEADERS:
        assert resp.header(name) == value, (path, name)
    if "pyodide" in path or "bundle" in path:
        assert resp.header("Cache-Control") == IMMUTABLE


def test_dotfiles_are_never_served(tls, site_dir: Path, tmp_path: Path) -> None:
    secret = site_dir / ".env"
    secret.write_text("SECRET=kg-dotfile", "utf-8")
    try:
        resp = get_tls(tls, ".env")
        assert resp.status == 404 and b"kg-dotfile" not in resp.body
    finally:
        secret.unlink()
