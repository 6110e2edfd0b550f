"""Run the same ``wizard.api`` messages in CPython and in real Pyodide.

The browser runs the wizard from a wheel inside Pyodide; the tests run it in
CPython. This harness builds (or takes) a wheel, runs every message of
``tests/parity/cases/*.json`` through ``wizard.api.handle_json`` on both
sides, and returns both reply lists so a test can compare them.

Each case file is a JSON list of ``{"type": ..., "payload": ...}`` messages;
:func:`load_cases` numbers them (``id`` = ``"<file stem>:<index>"``).

>>> messages = load_cases()
>>> all(m["id"].split(":")[0] for m in messages) and len({m["id"] for m in messages}) == len(messages)
True
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
NODE_SCRIPT = HERE / "run_in_pyodide.mjs"


def build_wheel() -> Path:
    """The wheel the site ships (built by :mod:`sitebuild.wheel`, cached by source hash)."""
    from sitebuild.wheel import build_wheel as site_wheel

    return site_wheel()


def load_cases(cases_dir: Path = CASES_DIR) -> list[dict[str, Any]]:
    """Every message of every ``*.json`` case file, with an ``id`` naming its origin."""
    messages = []
    for file in sorted(Path(cases_dir).glob("*.json")):
        cases = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(cases, list):
            raise ValueError(f"{file}: expected a JSON list of messages")
        for index, case in enumerate(cases):
            messages.append({"id": f"{file.stem}:{index}", "type": case["type"],
                             "payload": case.get("payload", {})})
    return messages


def configure_payload() -> dict[str, Any]:
    """The ``configure`` payload exactly as the site ships it (``assets/wizard/data.json``).

    That is ``sitebuild.assets.browser_data``: vendor.yml as JSON plus the data
    precomputed for the browser (holidays, time zones, the flows' graph). Falls back to the
    vendor alone when the site-build package is not there.
    """
    from wizard.vendor import load_vendor

    vendor = json.loads(json.dumps(load_vendor(), default=str))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        from sitebuild.assets import browser_data
    except ImportError:
        return {"vendor": vendor}
    from wizardtools.flowlint import load_flows

    return json.loads(json.dumps(browser_data(vendor, load_flows()), default=str))


def run_in_cpython(configure: dict[str, Any], messages: list[dict[str, Any]]) -> list[Any]:
    """Replies of CPython's ``wizard.api.handle_json`` (after ``configure``)."""
    from wizard import api

    saved = dict(api.STATE)
    try:
        reply = json.loads(api.handle_json(json.dumps(
            {"id": "configure", "type": "configure", "payload": configure})))
        if not reply["ok"]:
            raise RuntimeError(f"configure failed: {reply['error']}")
        return [json.loads(api.handle_json(json.dumps(m))) for m in messages]
    finally:
        api.STATE.clear()
        api.STATE.update(saved)


class StdlibMissing(AssertionError):
    """Pyodide needed a standard-library module the shipped (trimmed) zip lacks."""


def shipped_stdlib(scratch: Path) -> Path:
    """The trimmed stdlib zip exactly as the site ships it (:mod:`sitebuild.stdlib`)."""
    from sitebuild.stdlib import write_zip

    return write_zip(Path(scratch))


def run_in_pyodide_report(
    wheel: Path,
    configure: dict[str, Any],
    messages: list[dict[str, Any]],
    stdlib: Path | None = None,
    timeout: float = 180,
    probe: str | None = None,
) -> dict[str, Any]:
    """Replies of the messages inside Pyodide (Node), from ``wheel``, plus what Python loaded.

    ``stdlib`` is the zip to load (default: the trimmed one the site ships).
    Returns ``{"replies": [...], "stdlib_files": [...], "not_found": [module
    names], "import_errors": [...]}`` (every ``wizard`` module is imported
    after the cases, then ``probe``, a module expected to be missing).
    """
    with tempfile.TemporaryDirectory(prefix="keyguide-parity-") as scratch:
        conf_file = Path(scratch) / "configure.json"
        cases_file = Path(scratch) / "cases.json"
        conf_file.write_text(json.dumps(configure), encoding="utf-8")
        cases_file.write_text(json.dumps(messages), encoding="utf-8")
        zip_path = stdlib or shipped_stdlib(Path(scratch))
        done = subprocess.run(
            ["node", str(NODE_SCRIPT), str(wheel), str(conf_file), str(cases_file), str(zip_path),
             probe or ""],
            capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        )
    if done.returncode != 0:
        hint = "" if stdlib else (
            "\n(Pyodide ran with the trimmed stdlib the site ships; if a module is "
            "missing, run `python -m sitebuild.stdlib --refresh`.)")
        raise RuntimeError(f"node exited {done.returncode}:\n{done.stderr[-4000:]}{hint}")
    return json.loads(done.stdout)


def absent_module(entries: list[str] | None = None) -> str:
    """A standard-library module the full zip has and the shipped zip lacks.

    The parity run imports it on purpose, to show in the same Pyodide start
    that a module missing from the shipped zip is noticed and named.

    >>> from sitebuild.stdlib import module_entries, read_entries
    >>> name = absent_module()
    >>> set(module_entries(name)).isdisjoint(read_entries())
    True
    """
    from sitebuild.stdlib import full_names, module_entries, read_entries

    shipped = set(entries if entries is not None else read_entries())
    return next(
        entry[:-3]
        for entry in sorted(full_names())
        if "/" not in entry and entry.endswith(".py") and not entry.startswith("_")
        and shipped.isdisjoint(module_entries(entry[:-3]))
    )


def check_report(report: dict[str, Any], probe: str | None = None) -> list[Any]:
    """The replies of a Pyodide run, or :class:`StdlibMissing` naming what it lacked.

    ``probe`` is the module the run imported on purpose (:func:`absent_module`):
    it must have been noticed, and is not counted as missing.

    >>> check_report({"replies": [1], "not_found": ["nosuchthing"], "import_errors": []})
    [1]
    >>> try:
    ...     check_report({"replies": [], "not_found": ["argparse"], "import_errors": []})
    ... except StdlibMissing as missing:
    ...     print(missing)  # doctest: +ELLIPSIS
    the stdlib zip the site ships lacks argparse, ... run `python -m sitebuild.stdlib --refresh` ...
    """
    from sitebuild.stdlib import REFRESH, missing_modules

    missing = missing_modules(report["not_found"])
    if probe is not None:
        if probe not in missing:
            raise AssertionError(f"the run imported {probe}, absent from the zip, unnoticed")
        missing.remove(probe)
    if missing:
        raise StdlibMissing(
            f"the stdlib zip the site ships lacks {', '.join(missing)}, which the wizard now "
            f"imports in Pyodide: run `{REFRESH}` and commit sitebuild/stdlib_modules.txt"
        )
    if report["import_errors"]:
        raise StdlibMissing(f"wizard modules fail to import in Pyodide: {report['import_errors']}")
    return list(report["replies"])


def run_in_pyodide(
    wheel: Path,
    configure: dict[str, Any],
    messages: list[dict[str, Any]],
    timeout: float = 180,
) -> list[Any]:
    """Replies of the same messages inside Pyodide (Node), from ``wheel``, with the
    trimmed stdlib the site ships (one Pyodide start).

    Raises :class:`StdlibMissing` when Python looked for a module that the full
    stdlib has and the shipped zip lacks (a new import since the last refresh).
    The run also imports :func:`absent_module` on purpose, so the same start
    shows that such a module would be noticed.
    """
    probe = absent_module()
    report = run_in_pyodide_report(wheel, configure, messages, timeout=timeout, probe=probe)
    return check_report(report, probe)


def differences(cpython: list[Any], pyodide: list[Any]) -> list[str]:
    """Human-readable differences between the two reply lists (empty when equal)."""
    out = []
    if len(cpython) != len(pyodide):
        out.append(f"{len(cpython)} replies in CPython, {len(pyodide)} in Pyodide")
    for a, b in zip(cpython, pyodide, strict=False):
        if a != b:
            out.append(f"{a.get('id')}:\n  cpython: {json.dumps(a, ensure_ascii=False)}"
                       f"\n  pyodide: {json.dumps(b, ensure_ascii=False)}")
    return out
