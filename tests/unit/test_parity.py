"""The wizard gives the same answers in CPython and in real Pyodide (Node).

Builds the wheel, runs every message of ``tests/parity/cases/*.json`` in both
runtimes and compares the replies. ``KEYGUIDE_PARITY_WHEEL=path.whl`` checks a
given wheel (such as the one the site build ships) instead of a fresh one.

Measured on the 2-core machine while other jobs ran (load 8-15): wheel build
2.6-6 s, Node + Pyodide start + every case 9-19 s; ~10 s of CPU in total.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.parity.harness import (
    build_wheel,
    configure_payload,
    differences,
    load_cases,
    run_in_cpython,
    run_in_pyodide,
)


@pytest.fixture(scope="module")
def wheel() -> Path:
    """A fresh wheel, or the one in ``$KEYGUIDE_PARITY_WHEEL`` (e.g. the site's)."""
    given = os.environ.get("KEYGUIDE_PARITY_WHEEL")
    return Path(given) if given else build_wheel()


def test_node_is_available_for_the_parity_run() -> None:
    assert shutil.which("node"), "node (20+) must be on PATH for the Pyodide parity test"


def test_pyodide_and_cpython_answer_every_case_identically(wheel) -> None:
    messages = load_cases()
    assert any(m["type"] == "check_code" for m in messages)
    configure = configure_payload()
    cpython = run_in_cpython(configure, messages)
    pyodide = run_in_pyodide(wheel, configure, messages)
    assert len(cpython) == len(messages)
    assert not differences(cpython, pyodide), "\n".join(differences(cpython, pyodide))


def test_wheel_carries_the_data_files_the_checker_reads(wheel) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "wizard/data/codes_messages.json" in names
    assert "wizard/data/routing.json" in names  # who handles what, read by the composer
    assert not any("__pycache__" in n for n in names)
