"""Browser assets written into the built site, once per build.

- ``assets/pyodide/<npm version>/``  the Pyodide core, copied from ``node_modules``
  (never a CDN), with the trimmed standard library ``python_stdlib.<hash>.zip``
  (:mod:`sitebuild.stdlib`) instead of the full ``python_stdlib.zip``
- ``assets/wheels/<source hash>/``  the ``wizard`` wheel built from this checkout
- ``assets/wizard/``   ``worker.mjs``, ``client.mjs``, ``ui.mjs``, the CSS and
  ``data.json`` (vendor config plus data precomputed for the browser)

The version and hash in the first two paths make every URL there name one
fixed content, so servers can cache them as ``immutable`` (see ``deploy/``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from sitebuild import stdlib
from sitebuild.wheel import ROOT
from wizard.reference import graph_of
from wizard.timing import build_browser_data
from wizard.vendor import Vendor, plain
from wizardtools.paths import PYODIDE_DIR

# The core files loadPyodide() fetches; nothing else of the npm package is needed.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide-lock.json",
)
WEB_DIR = ROOT / "wizard" / "web"


def pyodide_version() -> str:
    """The npm version of the Pyodide copied into the site (``314.0.7``)."""
    try:
        return str(json.loads((PYODIDE_DIR / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise AssetError(f"{PYODIDE_DIR} is missing: run `make build` (it runs `npm ci`)") from exc


def pyodide_url() -> str:
    """Site-relative directory of the Pyodide core, versioned."""
    return f"assets/pyodide/{pyodide_version()}/"


def wheel_url(wheel: Path) -> str:
    """Site-relative URL of the wheel, under the hash of its sources.

    The cached wheel already lives in a folder named by that hash
    (``.cache/wheels/<hash>/``), so the URL is derived from the very file
    that will be copied, never from a second look at the sources.

    >>> wheel_url(Path(".cache/wheels/0123abcd/keyguide_wizard-0.1.0-py3-none-any.whl"))
    'assets/wheels/0123abcd/keyguide_wizard-0.1.0-py3-none-any.whl'
    """
    return f"assets/wheels/{wheel.parent.name}/{wheel.name}"


class AssetError(RuntimeError):
    """A file the browser needs is missing (e.g. ``npm ci`` was not run)."""


def copy_pyodide(site_dir: Path) -> list[Path]:
    dest = site_dir / pyodide_url()
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in PYODIDE_FILES:
        src = PYODIDE_DIR / name
        if not src.is_file():
            raise AssetError(f"{src} is missing: run `make build` (it runs `npm ci`)")
        shutil.copyfile(src, dest / name)
        copied.append(dest / name)
    copied.append(stdlib.write_zip(dest))
    name, data = wizard_lockfile()
    (dest / name).write_bytes(data)
    copied.append(dest / name)
    return copied


def wizard_lockfile() -> tuple[str, bytes]:
    """``(file name, bytes)`` of the lockfile the wizard loads: the stock one's
    ``info`` (Pyodide checks its ABI) and no packages, since the wizard loads
    none by name (its wheel is unpacked directly). 119 kB → under 200 bytes.

    >>> name, data = wizard_lockfile()
    >>> name.startswith("pyodide-lock.") and json.loads(data)["packages"]
    {}
    """
    stock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text("utf-8"))
    data = json.dumps({"info": stock["info"], "packages": {}}, separators=(",", ":")).encode()
    return f"pyodide-lock.{hashlib.sha256(data).hexdigest()[:16]}.json", data


def copy_wheel(site_dir: Path, wheel: Path) -> Path:
    target = site_dir / wheel_url(wheel)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, target)
    return target


def copy_web(site_dir: Path) -> list[Path]:
    dest = site_dir / "assets" / "wizard"
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sorted(WEB_DIR.iterdir()):
        if src.is_file():
            shutil.copyfile(src, dest / src.name)
            out.append(dest / src.name)
    return out


def write_data(site_dir: Path, data: dict[str, Any]) -> Path:
    dest = site_dir / "assets" / "wizard" / "data.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return dest


# The vendor.yml fields the wizard's Python reads in the browser, and nothing
# else: data.json is public, so a field a vendor adds for their own use (a
# note, an internal contact) never ships unless it is listed here.
# README.md ("Which vendor.yml fields become public") lists them for vendors.
_ANY = True
_CHANNEL = {k: _ANY for k in ("kind", "address", "url", "app", "id", "number", "hours",
                              "note", "languages", "qr")}
PUBLIC_VENDOR_FIELDS: dict[str, Any] = {
    "vendor": {
        "name": _ANY, "team_language": _ANY, "country": _ANY, "timezone": _ANY,
        "support": {
            "email": _ANY,
            "hours": {"days": _ANY, "open": _ANY, "close": _ANY},
            "reply_hours": {"urgent": _ANY, "general": _ANY, "complex": _ANY},
            "channels": [_CHANNEL],
        },
        "offline_activation": {"validity_days": _ANY},
        "refund": {"policy": _ANY},
    },
    "languages": _ANY,
    "products": [{"id": _ANY, "name": _ANY, "format": _ANY}],
    "formats": [{k: _ANY for k in ("id", "name", "names", "product", "prefix", "alphabet",
                                   "groups", "separator", "case_sensitive", "check")}],
    "resellers": [{
        "id": _ANY, "name": _ANY, "country": _ANY, "order_id_patterns": _ANY,
        "support_email": _ANY, "support_url": _ANY, "order_lookup_url": _ANY,
        "timing": {k: _ANY for k in ("normal_min", "normal_max", "peak_max", "holiday_max",
                                     "peak")},
    }],
    # Who handles which problem, per reseller: what the articles print anyway.
    "routing": _ANY,
    # Orders placed through a reseller that no longer sells: their numbers are
    # still recognised.
    "past_resellers": [{"id": _ANY, "name": _ANY, "order_id_patterns": _ANY}],
}


def public_fields(value: Any, spec: Any = PUBLIC_VENDOR_FIELDS) -> Any:
    """``value`` reduced to the fields ``spec`` lists (a dict of keys, a
    one-item list for every item of a list, ``True`` for the whole value).

    >>> public_fields({"vendor": {"name": "A", "note": "internal"}, "x": 1})
    {'vendor': {'name': 'A'}}
    >>> public_fields([{"id": "a", "secret": 1}], [{"id": True}])
    [{'id': 'a'}]
    """
    if spec is _ANY:
        return value
    if isinstance(spec, list):
        return [public_fields(v, spec[0]) for v in value] if isinstance(value, list) else None
    if isinstance(spec, dict) and isinstance(value, dict):
        return {k: public_fields(v, spec[k]) for k, v in value.items() if k in spec}
    return None


def browser_data(vendor: Vendor, flows: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the worker sends with its ``configure`` message.

    With ``flows`` it carries their bare graph (``wizard.reference.graph_of``),
    against which the composer checks the steps of a message's reference line.
    """
    vendor = Vendor.from_data(vendor)
    data: dict[str, Any] = {"vendor": public_fields(plain(vendor.data))}
    if flows is not None:
        data["flows"] = graph_of(flows)
    this_year = datetime.date.today().year
    # Holidays for last year to two years ahead: rebuild the site yearly.
    data.update(build_browser_data(vendor, range(this_year - 1, this_year + 3)))
    return data


SITE_CSS = "assets/keyguide.css"
WIZARD_CSS_MARK = "/* wizard steps (wizard/web/wizard.css, appended by the build) */"


def merge_wizard_css(site_dir: Path) -> Path:
    """Append the wizard's CSS to the site-wide stylesheet every page loads.

    A wizard page then blocks its first paint on exactly the stylesheets an
    article does (no ``wizard.css`` request of its own); articles get 1.5 kB
    more in a file they already load. Idempotent.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp()); (site / "assets").mkdir()
    >>> _ = (site / SITE_CSS).write_text("a{}")
    >>> _ = merge_wizard_css(site); text = merge_wizard_css(site).read_text()
    >>> text.startswith("a{}") and text.count(WIZARD_CSS_MARK)
    1
    """
    target = site_dir / SITE_CSS
    text = target.read_text("utf-8")
    if WIZARD_CSS_MARK not in text:
        wizard = (WEB_DIR / "wizard.css").read_text("utf-8")
        target.write_text(f"{text.rstrip()}\n\n{WIZARD_CSS_MARK}\n{wizard}", "utf-8")
    return target


def write_all(
    site_dir: Path, vendor: Vendor, wheel: Path, flows: dict[str, Any] | None = None
) -> None:
    """Write every browser asset, with ``wheel`` (from :func:`sitebuild.wheel.build_wheel`)."""
    copy_pyodide(site_dir)
    copy_wheel(site_dir, wheel)
    copy_web(site_dir)
    write_data(site_dir, browser_data(vendor, flows))


def asset_urls(wheel: Path) -> dict[str, str]:
    """The browser assets' URLs relative to the site root."""
    return {
        "pyodide": pyodide_url(),
        "stdlib": pyodide_url() + stdlib.trimmed()[0],
        "lock": pyodide_url() + wizard_lockfile()[0],
        "wheel": wheel_url(wheel),
        "data": "assets/wizard/data.json",
        "worker": "assets/wizard/worker.mjs",
    }


def preloads(urls: dict[str, str]) -> list[dict[str, str]]:
    """``<link>`` attributes that start the worker's downloads while a wizard page is parsed.

    The worker runs Pyodide; it only asks for these files once the page's
    modules have run and the worker script and ``pyodide.mjs`` have arrived
    (~0.5 s later on a phone's link). Preloaded from the page, they are in
    the HTTP cache (or in flight: Chromium's cache lets the worker's request
    read along) when the worker asks, so nothing is downloaded twice. Only
    URLs named by their content (``immutable``) are preloaded: ``data.json``
    and ``worker.mjs`` are revalidated on every use, so a preload would add a
    request, and neither is on the critical path (Python's start is).
    ``crossorigin`` matches the worker's same-origin CORS-mode requests; the
    big files go at low priority so they never hold back the page's CSS.

    >>> [(link["rel"], link["href"].rsplit("/", 1)[-1]) for link in preloads(
    ...     {"pyodide": "p/", "stdlib": "p/std.zip", "lock": "p/lock.json", "wheel": "w/x.whl"})]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('modulepreload', 'pyodide.mjs'), ('modulepreload', 'pyodide.asm.mjs'),
     ('preload', 'pyodide.asm.wasm'), ('preload', 'std.zip'), ('preload', 'x.whl'), ('preload', 'lock.json')]
    """
    base = urls["pyodide"]
    fetch = {"rel": "preload", "as": "fetch", "crossorigin": "anonymous"}
    links = [
        {"rel": "modulepreload", "href": base + "pyodide.mjs"},
        {"rel": "modulepreload", "href": base + "pyodide.asm.mjs", "fetchpriority": "low"},
        {**fetch, "href": base + "pyodide.asm.wasm", "type": "application/wasm", "fetchpriority": "low"},
    ]
    if urls.get("stdlib"):
        links.append({**fetch, "href": urls["stdlib"], "fetchpriority": "low"})
    links.append({**fetch, "href": urls["wheel"]})
    if urls.get("lock"):
        links.append({**fetch, "href": urls["lock"]})
    return links
