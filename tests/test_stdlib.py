"""The trimmed standard library the site ships (sitebuild/stdlib.py)."""

from __future__ import annotations

import io
import zipfile

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


def test_a_module_missing_from_the_shipped_zip_is_named_with_the_refresh_command(tmp_path) -> None:
    entries = [e for e in stdlib.read_entries() if e != "base64.py"]
    assert len(entries) < len(stdlib.read_entries()), "base64.py is no longer listed: pick another"
    lacking = tmp_path / "lacking.zip"
    lacking.write_bytes(stdlib.zip_bytes(entries))
    report = harness.run_in_pyodide_report(
        harness.build_wheel(), harness.configure_payload(), harness.load_cases()[:2], stdlib=lacking
    )
    assert stdlib.missing_modules(report["not_found"]) == ["base64"]
    assert "sitebuild.stdlib --refresh" in stdlib.REFRESH
