"""``python -m wizard lint`` and ``python -m wizard walk``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import FIXTURES
from tests.paths import ROOT as REPO
from wizardtools.cli import main
from wizardtools.commands.walk import UI
from wizardtools.flowlint import load_flows

FLOW_FIXTURES = FIXTURES / "flows"


def walk(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         flow: str, typed: str, lang: str = "en") -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    status = main(["walk", flow, "--lang", lang])
    return status, capsys.readouterr().out


def test_lint_reports_ok_with_counts_for_clean_flows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = load_flows(check_articles=False)
    for flow in flows.values():
        for step in flow.steps.values():
            for article in step.articles:
                (tmp_path / article).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / article).write_text("# Stub\n", "utf-8")
    assert main(["lint", "--docs", str(tmp_path)]) == 0
    steps = sum(len(f.steps) for f in flows.values())
    assert capsys.readouterr().out == f"ok: {len(flows)} flows, {steps} steps\n"


def test_lint_prints_file_line_reason_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "unknown-next.yaml").write_text(
        (FLOW_FIXTURES / "unknown-next.yaml").read_text("utf-8"), "utf-8")
    assert main(["lint", "--flows", str(tmp_path), "--docs", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{tmp_path / 'unknown-next.yaml'}:11: unknown next step 'dnoe'"
                   " (did you mean 'done'?)"]


def test_lint_runs_as_a_module_from_the_shell(tmp_path: Path) -> None:
    (tmp_path / "markup.yaml").write_text((FLOW_FIXTURES / "markup.yaml").read_text("utf-8"), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "lint", "--flows", str(tmp_path), "--docs", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert ":10: markup is not allowed" in done.stdout


def test_walk_follows_numbers_to_an_outcome(monkeypatch, capsys) -> None:
    status, out = walk(monkeypatch, capsys, "not-received", "1\n")
    flow = load_flows(check_articles=False)["not-received"]
    assert status == 0
    assert flow.steps["spam"].title["en"] in out
    assert flow.steps["solved"].title["en"] in out
    assert out.rstrip().endswith(UI["en"]["resolved"])


def test_walk_crosses_into_another_flow_and_names_the_problem(monkeypatch, capsys) -> None:
    flows = load_flows(check_articles=False)
    order = [o.id for o in flows["start"].steps["topic"].options].index("order-declined") + 1
    # start -> order-declined: error -> (info, Enter) -> reseller: could not help
    status, out = walk(monkeypatch, capsys, "start", f"{order}\n1\n\n2\n", lang="ru")
    assert status == 0
    assert flows["order-declined"].steps["no-retry"].title["ru"] in out
    assert out.rstrip().endswith(UI["ru"]["escalate"].format(problem="order_declined"))


def test_walk_b_goes_back_to_the_previous_step(monkeypatch, capsys) -> None:
    status, out = walk(monkeypatch, capsys, "not-received", "2\nb\n1\n", lang="zh")
    spam = load_flows(check_articles=False)["not-received"].steps["spam"].title["zh"]
    assert status == 0 and out.count(spam) == 2
    assert UI["zh"]["resolved"] in out


def test_walk_b_at_the_first_step_stays_there(monkeypatch, capsys) -> None:
    status, out = walk(monkeypatch, capsys, "refund", "b\nq\n")
    assert status == 0 and UI["en"]["first"] in out and out.rstrip().endswith(UI["en"]["quit"])


def test_walk_asks_again_after_an_answer_that_is_not_an_option(monkeypatch, capsys) -> None:
    status, out = walk(monkeypatch, capsys, "invoice", "9\nabc\nq\n")
    assert status == 0 and out.count(UI["en"]["invalid"]) == 2


def test_walk_stops_quietly_when_input_ends(monkeypatch, capsys) -> None:
    status, out = walk(monkeypatch, capsys, "lost-code", "")
    assert status == 0 and out.rstrip().endswith(UI["en"]["quit"])


def test_walk_rejects_an_unknown_flow(capsys) -> None:
    assert main(["walk", "nope"]) == 2
    assert "unknown flow 'nope'; flows: activation," in capsys.readouterr().err


def test_walk_ui_strings_exist_in_every_language() -> None:
    assert set(UI) == {"en", "ru", "zh"}
    assert all(set(UI[lang]) == set(UI["en"]) for lang in UI)
    assert UI["ru"]["quit"] != UI["en"]["quit"] != UI["zh"]["quit"]


def test_help_describes_both_commands(capsys) -> None:
    for command in ("lint", "walk"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--flows" in capsys.readouterr().out
