"""The trimmed standard library the site ships (sitebuild/stdlib.py)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest

from sitebuild import stdlib
from tests.parity import harness


def test_trimmed_zip_is_stored_deterministic_and_named_by_its_content() -> None:
    entries = stdlib.read_entries()
    first = stdlib.zip_bytes(entries)
    assert first == stdlib.zip_bytes(entries)
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    assert stdlib.zip_name(first) != stdlib.zip_name(stdlib.zip_bytes(entries[1:]))


def test_trimmed_zip_holds_the_listed_entries_and_far_fewer_than_the_full_one() -> None:
    name, data = stdlib.trimmed()
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert set(stdlib.read_entries()) <= names
    assert "pyodide/__init__.py" in names and "_pyodide/__init__.py" in names
    assert len(names) < len(stdlib.full_names()) / 2


def test_a_module_missing_from_the_shipped_zip_is_named_with_the_refresh_command() -> None:
    # Real Pyodide notices a missing module in the parity run (tests/unit/test_parity.py
    # imports one on purpose); here, how that report is put into words.
    listed = next(e[:-3] for e in stdlib.read_entries()
                  if "/" not in e and e.endswith(".py") and not e.startswith("_"))
    report = {"replies": [], "not_found": [listed, "no_such_module"], "import_errors": []}
    with pytest.raises(harness.StdlibMissing) as failure:
        harness.check_report(report)
    message = str(failure.value)
    assert f"lacks {listed}," in message and "no_such_module" not in message
    assert f"run `{stdlib.REFRESH}`" in message


def test_the_probe_module_must_have_been_noticed() -> None:
    probe = harness.absent_module()
    with pytest.raises(AssertionError, match=f"imported {probe}"):
        harness.check_report({"replies": [], "not_found": [], "import_errors": []}, probe)
    assert harness.check_report({"replies": [7], "not_found": [probe], "import_errors": []}, probe) == [7]


def test_slimmed_modules_are_the_same_code_in_pyodides_python(tmp_path) -> None:
    # The build's Python (older) slims; Pyodide's (newer) compares each shipped
    # module with the full zip's: same syntax tree but for docstrings, same lines.
    shipped = stdlib.write_zip(tmp_path)
    done = subprocess.run(
        ["node", str(harness.HERE / "same_code.mjs"), str(shipped)],
        capture_output=True, text=True, timeout=180, cwd=harness.ROOT,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout)
    assert report["problems"] == []
    assert report["compared"] == len([e for e in zipfile.ZipFile(shipped).namelist() if e.endswith(".py")])
    assert report["slimmed"] > report["compared"] * 0.9  # slimming is on


def test_slimming_halves_the_shipped_modules_and_can_be_turned_off() -> None:
    entries = stdlib.read_entries()
    plain = stdlib.zip_bytes(entries, slim=False)
    slim = stdlib.zip_bytes(entries)
    assert len(slim) < len(plain) * 0.75
    full = zipfile.ZipFile(stdlib.FULL_ZIP)
    assert zipfile.ZipFile(io.BytesIO(plain)).read("json/decoder.py") == full.read("json/decoder.py")
    assert b'"""' not in zipfile.ZipFile(io.BytesIO(slim)).read("json/decoder.py")
