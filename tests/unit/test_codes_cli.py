"""``check-code`` / ``make-code`` commands and the ``check_code`` worker message."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from tests.paths import ROOT
from tests.vendorshape import by_id
from wizard import api, codes
from wizard.vendor import load_vendor
from wizardtools.cli import main

FORMATS = by_id(load_vendor())["formats"]


def test_make_code_prints_the_requested_number_of_valid_codes(capsys) -> None:
    assert main(["make-code", "--format", "fernvault", "--count", "5", "--seed", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and len(set(lines)) == 5
    assert all(codes.is_valid(line, FORMATS["fernvault"]) for line in lines)


def test_make_code_is_repeatable_with_a_seed(capsys) -> None:
    main(["make-code", "--count", "3", "--seed", "42"])
    first = capsys.readouterr().out
    main(["make-code", "--count", "3", "--seed", "42"])
    assert capsys.readouterr().out == first


def test_make_code_refuses_an_unknown_format() -> None:
    with pytest.raises(SystemExit, match="unknown format"):
        main(["make-code", "--format", "nope"])


def test_check_code_json_prints_one_object_with_the_fix(capsys) -> None:
    code = codes.generate(FORMATS["fernpad"], random.Random(8))
    mangled = " " + code.replace("-", "\u2013")
    assert main(["check-code", mangled, "--json", "--lang", "zh"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is False and result["format"] == "fernpad"
    assert result["fixed"] == code
    assert {p["kind"] for p in result["problems"]} == {"leading_space", "dash"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p["message"]) for p in result["problems"])


def test_check_code_report_is_readable_and_masks_cards(capsys) -> None:
    assert main(["check-code", "4111 1111 1111 1111"]) == 0
    out = capsys.readouterr().out
    assert "card_number" in out and "4111 1111" not in out and "1111" in out


def test_check_code_reports_another_products_code(capsys) -> None:
    code = codes.generate(FORMATS["fernvault"], random.Random(4))
    main(["check-code", code, "--expect", "fernpad", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert [p["kind"] for p in result["problems"]] == ["other_product"]
    assert result["product"] == "fernvault" and result["fixed"] is None


def test_python_dash_m_wizard_check_code_help_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "check-code", "--help"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert "--json" in done.stdout and "--lang" in done.stdout


def test_worker_message_check_code_answers_with_the_diagnosis() -> None:
    saved = dict(api.STATE)
    try:
        api.handle({"id": 1, "type": "configure", "payload": {"vendor": load_vendor()}})
        code = codes.generate(FORMATS["fernpad"], random.Random(2))
        reply = api.handle({"id": 2, "type": "check_code", "payload": {
            "text": code.lower(), "lang": "ru", "expected_format": "fernpad"}})
        assert reply["ok"] and reply["result"]["fixed"] == code
        bad = api.handle({"id": 3, "type": "check_code", "payload": {
            "text": code, "expected_format": "nope"}})
        assert bad["ok"] is False and bad["error"]["code"] == "bad_request"
        assert "nope" in bad["error"]["message"]
    finally:
        api.STATE.clear()
        api.STATE.update(saved)
