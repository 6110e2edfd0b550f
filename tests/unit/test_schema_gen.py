"""The flow schema's enums and WRITING.md's table of checks are the registries'
(wizardtools.schema_gen): committed files are current, and stop being current
when a registry changes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from wizard import checks
from wizardtools import flows, schema_gen
from wizardtools.flowlint import SCHEMA_PATH


def test_the_committed_schema_and_writing_md_are_current() -> None:
    out_of_date = [str(path) for path, _ in schema_gen.stale()]
    assert not out_of_date, "run: python -m wizardtools.schema_gen"


def test_a_new_check_makes_both_files_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    base = checks.CHECKS["clock_skew"]
    extra = replace(base, id="licence_server", message="server", statuses=("up", "down"),
                    about="whether the license server answers")
    monkeypatch.setitem(checks.CHECKS, extra.id, extra)
    stale = dict(schema_gen.stale())
    assert set(stale) == {SCHEMA_PATH, schema_gen.WRITING_PATH}
    schema = json.loads(stale[SCHEMA_PATH])
    assert "licence_server" in schema["$defs"]["step"]["properties"]["check"]["enum"]
    assert {"up", "down"} <= set(schema["$defs"]["option"]["properties"]["when"]["enum"])
    assert "| `licence_server` | whether the license server answers | `up`, `down` |" in (
        stale[schema_gen.WRITING_PATH])


def test_a_new_problem_makes_the_schema_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_gen, "PROBLEMS", (*flows.PROBLEMS, "warranty"))
    stale = dict(schema_gen.stale())
    assert set(stale) == {SCHEMA_PATH}
    assert json.loads(stale[SCHEMA_PATH])["$defs"]["step"]["properties"]["problem"]["enum"][-1] == (
        "warranty")


def test_the_command_writes_what_is_stale_and_check_only_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = tmp_path / "flow.schema.json"
    schema.write_text(SCHEMA_PATH.read_text("utf-8").replace('"clock_skew",', ""), "utf-8")
    writing = tmp_path / "WRITING.md"
    writing.write_text(schema_gen.WRITING_PATH.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(schema_gen, "ROOT", tmp_path)
    monkeypatch.setattr(schema_gen, "TARGETS", ((schema, schema_gen.schema_text),
                                                (writing, schema_gen.writing_text)))
    assert schema_gen.main(["--check"]) == 1
    assert "flow.schema.json: out of date" in capsys.readouterr().err
    assert schema_gen.main([]) == 0
    assert schema.read_text("utf-8") == SCHEMA_PATH.read_text("utf-8")
    assert schema_gen.main(["--check"]) == 0


def test_writing_md_without_the_markers_is_an_error() -> None:
    with pytest.raises(ValueError, match="no <!-- checks"):
        schema_gen.writing_text("# Writing\n")
