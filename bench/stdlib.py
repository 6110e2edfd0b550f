"""Phase 2 experiment: ship less of the standard library to the browser.

Pyodide's ``python_stdlib.zip`` (2.5 MB) is a zip of individually deflated
files, so HTTP compression cannot shrink it (2.48 MB even as brotli-11):
after the ``.wasm`` it is the largest download. ``loadPyodide`` takes a
``stdLibURL``. This module

1. runs every wizard message type and imports every ``wizard`` module in
   Pyodide under Node and lists the standard-library files Python loaded;
2. writes a trimmed zip holding only those (plus their packages'
   ``__init__``), and a *stored* (uncompressed) repack of the full zip that
   HTTP compression can work on;
3. checks in Node that the trimmed library answers every message exactly
   like the full one (1,000 ``check_code`` calls included);
4. measures, in Chromium, a copy of the built site whose worker passes
   ``stdLibURL`` (the copy's ``worker.mjs`` is patched, nothing in the
   tree is): load time against bare Pyodide, bytes, and live ``check_code``
   answers.

>>> sorted(needed_entries(["/lib/python314.zip/json/decoder.py", "/lib/python314.zip/re/_parser.py"]))
['json/__init__.py', 'json/decoder.py', 're/__init__.py', 're/_parser.py']
"""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from bench import bytes as wire
from bench import latency, wizard_load
from bench.common import OUT, ROOT, BenchError, mb, progress, pyodide_dir
from wizard.vendor import by_id, load_vendor

FULL_ZIP = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
ZIP_PREFIX = "/lib/python314.zip/"
TRIMMED_NAME = "python_stdlib.min.zip"
# Imported only on error paths or lazily by Pyodide itself; kept to be safe.
ALWAYS = ("traceback.py", "linecache.py", "tokenize.py", "token.py", "textwrap.py")


def messages() -> list[dict[str, Any]]:
    """One message of every type the worker answers, built from vendor.yml."""
    vendor = by_id(load_vendor())
    reseller = next(iter(vendor["resellers"]))
    from wizard.compose import list_problems

    problem = list_problems("en")[0]["id"]
    return [
        {"type": "ping", "payload": {}},
        {"type": "estimate", "payload": {"reseller": reseller, "purchased": "2026-03-02T10:00:00Z",
                                          "now": "2026-03-03T09:00:00Z", "tz": "Europe/Berlin"}},
        {"type": "support_hours", "payload": {"now": "2026-03-04T12:00:00Z"}},
        {"type": "clock_skew", "payload": {"device_time": "2026-03-04T12:10:00Z",
                                            "trusted_time": "2026-03-04T12:00:00Z"}},
        {"type": "file_age", "payload": {"issued": "2026-01-01", "now": "2026-03-04T12:00:00Z"}},
        {"type": "problem_form", "payload": {"lang": "ru"}},
        {"type": "problem_form", "payload": {"problem": problem, "lang": "zh"}},
        {"type": "compose", "payload": {"problem": problem, "answers": {}, "lang": "en"}},
        {"type": "nope", "payload": {}},
    ]


def needed_entries(module_files: list[str]) -> set[str]:
    """Zip entries for loaded module files, with every parent package's ``__init__``."""
    entries = set()
    for path in module_files:
        if not path.startswith(ZIP_PREFIX):
            continue
        rel = path[len(ZIP_PREFIX):]
        entries.add(rel)
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            entries.add("/".join(parts[:depth]) + "/__init__.py")
    return entries


def write_trimmed(entries: set[str], dest: Path, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip of ``entries`` (plus :data:`ALWAYS`) from the full stdlib."""
    level = 9 if method == zipfile.ZIP_DEFLATED else None
    with zipfile.ZipFile(FULL_ZIP) as full, zipfile.ZipFile(dest, "w", method) as out:
        names = set(full.namelist())
        for name in sorted((entries | set(ALWAYS)) & names):
            out.writestr(full.getinfo(name), full.read(name), method, level)
    return dest


def write_stored(dest: Path) -> Path:
    """The full stdlib repacked without compression (HTTP compression does it)."""
    with zipfile.ZipFile(FULL_ZIP) as full, zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as out:
        for info in full.infolist():
            out.writestr(info, full.read(info.filename), zipfile.ZIP_STORED)
    return dest


def patch_worker(site_dir: Path, stdlib_name: str) -> Path:
    """Make the copy's worker pass ``stdLibURL`` (next to the Pyodide core)."""
    worker = site_dir / "assets" / "wizard" / "worker.mjs"
    text = worker.read_text("utf-8")
    patched, count = re.subn(
        r"loadPyodide\(\{\s*indexURL",
        f'loadPyodide({{ stdLibURL: new URL("{stdlib_name}", indexURL).href, indexURL',
        text,
    )
    if count != 1:
        raise BenchError("worker.mjs: could not find loadPyodide({ indexURL ... }) to patch")
    worker.write_text(patched, "utf-8")
    # The build's precompressed copies would still serve the old text.
    for suffix in (".gz", ".br"):
        stale = worker.with_name(worker.name + suffix)
        if stale.is_file():
            stale.unlink()
            if suffix == ".gz":
                stale.write_bytes(gzip.compress(patched.encode(), compresslevel=9, mtime=0))
    return worker


def run(site_dir: Path, runs: int = 3, calls: int = 1000) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    job = latency.node_job(site_dir, inputs=latency.code_inputs(calls), messages=messages())
    progress("  stdlib: modules Python loads for every message type...")
    full = latency.run_node({**job, "import_all": True})
    if any(not e.startswith("nope:") for e in full["errors"]):
        raise BenchError(f"messages failed with the full stdlib: {full['errors']}")
    entries = needed_entries(full["modules"])
    trimmed = write_trimmed(entries, OUT / TRIMMED_NAME)
    stored = write_stored(OUT / "python_stdlib.stored.zip")
    trimmed_stored = write_trimmed(entries, OUT / "python_stdlib.min.stored.zip", zipfile.ZIP_STORED)
    sizes = {}
    variants = (("full", FULL_ZIP), ("stored", stored), ("trimmed", trimmed),
                ("trimmed_stored", trimmed_stored))
    for name, path in variants:
        br = wire.brotli_sizes([path])[path].stat().st_size
        sizes[name] = {"identity": path.stat().st_size, "gzip9": wire.gzip_size(path), "brotli11": br}
    progress("  stdlib: the same answers with the trimmed zip?")
    small = latency.run_node({**job, "stdLibURL": str(trimmed), "import_all": True})
    same = (small["digest"], small["errors"], small["import_errors"]) == (
        full["digest"], full["errors"], full["import_errors"]
    )
    out: dict[str, Any] = {
        "modules": len(entries),
        "entries_full": len(zipfile.ZipFile(FULL_ZIP).namelist()),
        "sizes": sizes,
        "node_same_answers": same,
        "node_load_ms": {"full": round(full["load_ms"]), "trimmed": round(small["load_ms"])},
    }
    if not same:
        out["node_errors"] = (small["errors"] + small["import_errors"])[:5]
        return out
    with tempfile.TemporaryDirectory(prefix="kg-bench-stdlib-") as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site_dir, copy)
        pyo = copy / pyodide_dir(copy)
        shutil.copyfile(trimmed, pyo / TRIMMED_NAME)

        patch_worker(copy, TRIMMED_NAME)
        progress("  stdlib: live checks in Chromium with the trimmed zip...")
        out["browser_check"] = latency.browser(copy, calls=50)
        progress("  stdlib: load and bytes, trimmed...")
        out["load_trimmed"] = wizard_load.run(copy, runs=runs)
        out["bytes_trimmed"] = wire.run(copy, pages={"wizard": "wizard/"}, brotli=True)
        fetched = [row["path"] for row in out["bytes_trimmed"]["pages"]["wizard"]["files"]]
        if not any(path.endswith(TRIMMED_NAME) for path in fetched) or any(
            path.endswith("/python_stdlib.zip") for path in fetched
        ):
            raise BenchError(f"the patched worker did not load {TRIMMED_NAME}: {fetched}")
    return out


def lines(fig: dict[str, Any]) -> list[str]:
    s = fig["sizes"]
    rows = [
        f"Trimmed standard library ({fig['modules']} of {fig['entries_full']} zip entries, "
        f"same answers in Node: {'yes' if fig['node_same_answers'] else 'NO'}):",
    ]
    for name in ("full", "stored", "trimmed", "trimmed_stored"):
        rows.append(
            f"  {name}: {mb(s[name]['identity'])} MB, gzip -9 {mb(s[name]['gzip9'])} MB, "
            f"brotli-11 {mb(s[name]['brotli11'])} MB"
        )
    if "load_trimmed" in fig:
        rows.append(f"  live check in Chromium with it: {fig['browser_check']['calls']} calls answered, "
                     f"p95 {fig['browser_check']['p95_ms']} ms")
        rows += ["  " + line for line in wizard_load.lines(fig["load_trimmed"])]
        rows += ["  " + line for line in wire.lines(fig["bytes_trimmed"])[:2]]
    return rows
