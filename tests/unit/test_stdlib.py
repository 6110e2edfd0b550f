"""The trimmed standard library the site ships (sitebuild/stdlib.py)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest

from sitebuild import bytecode, stdlib
from tests.parity import harness


def test_trimmed_zip_is_stored_deterministic_and_named_by_its_content() -> None:
    entries = stdlib.read_entries()
    first = stdlib.zip_bytes(entries)
    assert first == stdlib.zip_bytes(entries)
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    assert stdlib.zip_name(first) != stdlib.zip_name(stdlib.zip_bytes(entries[1:]))


def test_trimmed_zip_holds_the_listed_entries_and_far_fewer_than_the_full_one() -> None:
    name, data = stdlib.trimmed(compiled=False)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert set(stdlib.read_entries()) <= names
    assert "pyodide/__init__.py" in names and "_pyodide/__init__.py" in names
    assert len(names) < len(stdlib.full_names()) / 2


def test_the_site_ships_every_listed_module_as_bytecode_alone() -> None:
    assert stdlib.BYTECODE
    name, data = stdlib.trimmed()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    source = zipfile.ZipFile(io.BytesIO(stdlib.trimmed(compiled=False)[1])).namelist()
    assert names == [n + "c" if n.endswith(".py") else n for n in source]
    assert not [n for n in names if n.endswith(".py")]  # no source shipped next to it
    assert name == stdlib.zip_name(data) != stdlib.trimmed(compiled=False)[0]


def test_compiling_again_in_another_pyodide_gives_the_same_bytes() -> None:
    # Another Node process, so another hash seed (Pyodide's Python randomizes
    # str hashes): the shipped zip must not depend on it, nor on the cache.
    shipped = stdlib.trimmed()[1]
    assert bytecode.compile_zip(stdlib.trimmed(compiled=False)[1]) == shipped


def test_without_node_the_build_says_what_to_install(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(bytecode.BytecodeError, match="node is not on PATH.*install Node"):
        bytecode.compile_zip(stdlib.trimmed(compiled=False)[1])


def test_without_pyodide_the_build_says_to_run_npm_ci(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(bytecode, "PYODIDE_DIR", tmp_path / "pyodide")
    with pytest.raises(bytecode.BytecodeError, match="pyodide is missing: run `make build`"):
        bytecode.compile_zip(b"")


def test_a_failed_compile_step_fails_the_build_with_its_reason() -> None:
    with pytest.raises(bytecode.BytecodeError, match=r"compile_pyc.mjs failed \(exit 65\):\n.*source.zip: not a zip file"):
        bytecode.compile_zip(b"not a zip")


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


def test_shipped_bytecode_is_the_code_of_the_original_modules_in_pyodides_python(tmp_path) -> None:
    # The build's Python (older) slims and Pyodide's (newer) compiles; then
    # Pyodide's Python checks each shipped .pyc: its header names the slimmed
    # source, its code is what zipimport compiles from that source at run time
    # (but for column positions) and what the full zip's module compiles to
    # (but for docstrings), with the same lines (tests/parity/same_code.mjs).
    shipped = stdlib.write_zip(tmp_path)
    source = tmp_path / "source.zip"
    source.write_bytes(stdlib.trimmed(compiled=False)[1])
    done = subprocess.run(
        ["node", str(harness.HERE / "same_code.mjs"), str(shipped), str(source)],
        capture_output=True, text=True, timeout=180, cwd=harness.ROOT,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout)
    assert report["problems"] == []
    modules = [e for e in zipfile.ZipFile(source).namelist() if e.endswith(".py")]
    assert report["compared"] == report["bytecode"] == len(modules)
    assert report["slimmed"] > report["compared"] * 0.9  # slimming is on


def test_slimming_halves_the_shipped_modules_and_can_be_turned_off() -> None:
    entries = stdlib.read_entries()
    plain = stdlib.zip_bytes(entries, slim=False)
    slim = stdlib.zip_bytes(entries)
    assert len(slim) < len(plain) * 0.75
    full = zipfile.ZipFile(stdlib.FULL_ZIP)
    assert zipfile.ZipFile(io.BytesIO(plain)).read("json/decoder.py") == full.read("json/decoder.py")
    assert b'"""' not in zipfile.ZipFile(io.BytesIO(slim)).read("json/decoder.py")
