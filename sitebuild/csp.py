"""Security headers for the built site; the CSP's script hashes come from its HTML.

Material's templates put a few small inline ``<script>`` blocks in every page
(``__md_scope``, palette, tabs...). A Content-Security-Policy without
``'unsafe-inline'`` must name each of them by hash, so the hashes are taken
from the *built* pages, after every language is written.
``<script type="application/json">`` data blocks never run and need no hash.

Only the scripts the theme is known to emit get a hash: their shapes are read
from the installed theme's templates (``partials/javascripts/*.html``, the
analytics integrations...) and from ``overrides/``, with each ``{{ ... }}`` as a wildcard for a plain string
(the ``__md_scope`` URL differs with page depth). Any other inline script,
and any inline event handler (``onclick=``...), fails the build naming the
page: an article or a translation can never widen the policy.

The same header set is written twice, so every host serves the same policy:

- ``_headers``                 Netlify / Cloudflare Pages format
- ``_deploy/headers.conf``     ``add_header`` lines that ``deploy/nginx.conf`` includes

>>> page = '<script>go()</script><script type="application/json">{}</script>'
>>> script_hashes([page])
["'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"]
>>> "'unsafe-inline'" in policy(script_hashes([page]))
False
>>> policy([]).split("; ")[1]
"script-src 'self' 'wasm-unsafe-eval'"
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
# Script types a browser executes; any other type is a data block.
_EXECUTED = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}

# Everything the site needs, nothing more. Pyodide compiles WebAssembly
# ('wasm-unsafe-eval', not 'unsafe-eval'); the wizard and Material's search
# run in same-origin workers; every fetch goes to the site itself.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("frame-ancestors", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

OTHER_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    # For browsers that predate frame-ancestors.
    ("X-Frame-Options", "DENY"),
    # HTTPS only, for a year (browsers ignore it on plain HTTP).
    ("Strict-Transport-Security", "max-age=31536000"),
)

IMMUTABLE = "public, max-age=31536000, immutable"
# Paths whose URL changes whenever their content does (Netlify-style globs).
IMMUTABLE_PATHS: tuple[str, ...] = (
    "/assets/pyodide/*",  # assets/pyodide/<npm version>/
    "/assets/wheels/*",  # assets/wheels/<source hash>/
    "/assets/javascripts/bundle.*.min.js",
    "/assets/javascripts/workers/search.*.min.js",
    "/assets/stylesheets/*.min.css",
)


def inline_scripts(html: str) -> list[str]:
    """Bodies of the inline scripts ``html`` would execute.

    >>> inline_scripts('<script src="a.js"></script><script type="module">m()</script>')
    ['m()']
    """
    return _executed(_SCRIPT.finditer(html))


def _executed(matches: Iterable[re.Match[str]]) -> list[str]:
    """The bodies of the :data:`_SCRIPT` matches that run inline."""
    found = []
    for match in matches:
        attrs = match.group("attrs")
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _EXECUTED:
            found.append(match.group("body"))
    return found


class CspError(ValueError):
    """A built page has an inline script or event handler the policy must not allow."""


class _Inline(HTMLParser):
    """Executed inline script bodies and inline event handlers of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._body: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value for name, value in attrs}
        self.handlers += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]
        if tag == "script":
            kind = (names.get("type") or "").strip().lower()
            runs = "src" not in names and kind in _EXECUTED
            self._body = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._body is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._body is not None:
            self.scripts.append("".join(self._body))
            self._body = None


def _template_pattern(body: str) -> re.Pattern[str]:
    """A template's script body as a pattern: each Jinja expression or tag
    stands for a plain string (no quotes, no markup).

    >>> _template_pattern('a=new URL("{{ base_url }}",location)').fullmatch('a=new URL("../..",location)')
    <re.Match object; span=(0, 27), match='a=new URL("../..",location)'>
    """
    parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body.strip(), flags=re.S)
    return re.compile(r"[^\"'<>\\]*?".join(re.escape(p) for p in parts), re.S)


@cache
def known_scripts() -> tuple[re.Pattern[str], ...]:
    """The inline scripts the theme may emit: Material's own, then ``overrides/``."""
    import material

    theme = Path(material.__file__).resolve().parent / "templates"
    files = sorted(p for p in theme.rglob("*.html") if "assets" not in p.parts)
    files += sorted(OVERRIDES.rglob("*.html")) if OVERRIDES.is_dir() else []
    found = []
    for file in files:
        text = re.sub(r"\{#.*?#\}", "", file.read_text("utf-8"), flags=re.S)
        found += [_template_pattern(body) for body in inline_scripts(text)]
    return tuple(found)


_HANDLER_TEXT = re.compile(r"""[\s"'/]on[a-z]+\s*=""", re.I)
_SCRIPT_TAG = re.compile(r"<script\b", re.I)


def _plainly_clean(html: str) -> bool:
    """A quick look that can only say "clean" when the parser would find
    nothing: no text like `` onclick=`` anywhere, and every ``<script``
    tag closed and either external or a known theme script. Anything
    unusual (a comment holding a script, a ``>`` in a script's attributes,
    the word ``onset =`` in a code sample) is left to the full parse, so
    the check stays exact while a page of a large site costs a regex scan
    instead of an HTML parse (issue 17's profile: the CSP check was half
    of the build's own work).

    >>> _plainly_clean('<p>hi</p><script src="a.js"></script>'), _plainly_clean('<p onclick="x()">')
    (True, False)
    >>> _plainly_clean('<!-- <script>x()</script> -->')
    False
    """
    if _HANDLER_TEXT.search(html):
        return False
    scripts = list(_SCRIPT.finditer(html))
    if len(_SCRIPT_TAG.findall(html)) != len(scripts):
        return False
    patterns = known_scripts()
    return all(any(p.fullmatch(body.strip()) for p in patterns) for body in _executed(scripts))


def page_problems(html: str) -> list[str]:
    """What in ``html`` the policy must not allow, each as a short reason.

    >>> page_problems('<p onclick="x()">hi</p><script>steal()</script>')
    ['an inline event handler onclick= on <p>', "an inline script the theme does not emit: 'steal()'"]
    >>> page_problems('<script>var target=document.getElementById(location.hash.slice(1));'
    ...               'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
    ...               '</script>')
    []
    """
    if _plainly_clean(html):
        return []
    parser = _Inline()
    parser.feed(html)
    parser.close()
    problems = [f"an inline event handler {h}" for h in parser.handlers]
    for body in parser.scripts:
        if not any(p.fullmatch(body.strip()) for p in known_scripts()):
            shown = " ".join(body.split())
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            problems.append(f"an inline script the theme does not emit: {shown!r}")
    return problems


def sha256_source(body: str) -> str:
    """The CSP source expression for one script body."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_hashes(pages: Iterable[str]) -> list[str]:
    """Sorted, distinct hash sources for every inline script in ``pages``."""
    return sorted({sha256_source(body) for html in pages for body in inline_scripts(html)})


def policy(hashes: Iterable[str]) -> str:
    """The Content-Security-Policy header value."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *hashes])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def site_policy(site_dir: Path, sources: dict[str, str] | None = None) -> str:
    """The policy for every HTML page under ``site_dir``.

    Raises :class:`CspError` naming each page (and, from ``sources``, the
    file it was built from) that has anything :func:`page_problems` reports.
    """
    pages, problems = [], []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text("utf-8")
        pages.append(html)
        page = path.relative_to(site_dir).as_posix()
        for problem in page_problems(html):
            origin = (sources or {}).get(page)
            problems.append(f"{page}" + (f" (from {origin})" if origin else "") + f": {problem}")
    if problems:
        raise CspError("\n".join(problems))
    return policy(script_hashes(pages))


def headers(csp: str) -> list[tuple[str, str]]:
    """Every security header, the CSP first."""
    return [("Content-Security-Policy", csp), *OTHER_HEADERS]


def netlify_headers(csp: str) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages)."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in headers(csp)]
    for path in IMMUTABLE_PATHS:
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def nginx_headers(csp: str) -> str:
    """``add_header`` lines; ``always`` so error pages carry them too.

    >>> print(nginx_headers("default-src 'none'").splitlines()[1])
    add_header Content-Security-Policy "default-src 'none'" always;
    """
    lines = ["# Generated by the site build (sitebuild/csp.py): do not edit."]
    for name, value in headers(csp):
        if any(c in value for c in '"\\$'):
            raise ValueError(f"{name}: value cannot be quoted for nginx: {value!r}")
        lines.append(f'add_header {name} "{value}" always;')
    return "\n".join(lines) + "\n"


def meta_tag(csp: str) -> str:
    """A ``<meta>`` fallback for hosts without custom headers (GitHub Pages).

    Browsers ignore ``frame-ancestors`` in a meta policy, so it is dropped.

    >>> meta_tag("default-src 'none'; frame-ancestors 'none'")
    '<meta http-equiv="Content-Security-Policy" content="default-src \\'none\\'">'
    """
    kept = [d for d in csp.split("; ") if not d.startswith("frame-ancestors")]
    return f'<meta http-equiv="Content-Security-Policy" content="{"; ".join(kept)}">'


def write(site_dir: Path, sources: dict[str, str] | None = None) -> str:
    """Write ``_headers`` and ``_deploy/headers.conf``; returns the policy."""
    csp = site_policy(site_dir, sources)
    (site_dir / "_headers").write_text(netlify_headers(csp), "utf-8")
    deploy = site_dir / "_deploy"
    deploy.mkdir(exist_ok=True)
    (deploy / "headers.conf").write_text(nginx_headers(csp), "utf-8")
    (deploy / "csp.txt").write_text(csp + "\n", "utf-8")
    return csp


def inject_meta(site_dir: Path, csp: str) -> int:
    """Put :func:`meta_tag` right after ``<head>`` in every page; returns the count.

    Only for hosts that cannot send headers: a meta policy does not reach the
    workers, and ``frame-ancestors`` is lost.
    """
    tag = meta_tag(csp)
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text("utf-8")
        if tag in html:
            continue
        new = re.sub(r"<head>", "<head>\n" + tag.replace("\\", "\\\\"), html, count=1)
        if new != html:
            page.write_text(new, "utf-8")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """``python -m sitebuild.csp SITE_DIR [--meta]``: print (and apply) the policy."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sitebuild.csp", description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument(
        "--meta", action="store_true", help="also put the policy in every page as <meta>"
    )
    args = parser.parse_args(argv)
    csp = write(args.site_dir)
    if args.meta:
        from sitebuild.compress import precompress

        print(f"{inject_meta(args.site_dir, csp)} pages", flush=True)
        precompress(args.site_dir)  # the pages changed: refresh their .gz copies
    print(csp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
