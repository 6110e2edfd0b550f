"""``python -m wizard report``: reference lines in exported mail, and nothing else."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests import reportmail
from tests.paths import ROOT
from wizardtools import mailread, report, report_html
from wizardtools.cli import main


@pytest.fixture(scope="module")
def mailbox_paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return [str(p) for p in reportmail.write_mailbox(tmp_path_factory.mktemp("mail"))]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def outputs(mailbox_paths: list[str]) -> dict[str, str]:
    """The report of the generated mailbox as text, JSON and HTML (with starts)."""
    import contextlib
    import io

    out = {}
    for fmt in ("text", "json", "html"):
        buffer = io.StringIO()
        flags = [] if fmt == "text" else [f"--{fmt}"]
        with contextlib.redirect_stdout(buffer):
            assert main(["report", *mailbox_paths, *flags,
                         "--starts", "not-received=40", "refund:en=10", "refund:ru=10"]) == 0
        out[fmt] = buffer.getvalue()
    return out


# --- what is counted -----------------------------------------------------------------


def test_the_mailbox_is_counted_by_flow_language_and_reseller(outputs) -> None:
    data = json.loads(outputs["json"])
    want = reportmail.EXPECTED
    assert data["messages"] == {"total": want["total"], "with_reference": want["with_reference"],
                                "without_reference": want["without_reference"],
                                "unreadable": sum(want["unreadable"].values())}
    assert data["unreadable"] == want["unreadable"]
    for dimension in ("flow", "lang", "reseller"):
        got = {g["key"]: g["count"] for g in data["groups"][dimension]}
        assert got == want[dimension], dimension
    shares = {g["key"]: g["share"] for g in data["groups"]["flow"]}
    assert shares["not-received"] == 0.4 and abs(sum(shares.values()) - 1) < 1e-9


def test_every_move_of_a_known_path_is_counted_on_its_flow(outputs) -> None:
    data = json.loads(outputs["json"])
    for (flow, a, b), count in reportmail.EXPECTED["edges"].items():
        edges = {(e["from"], e["to"]): e["count"] for e in data["flows"][flow]["edges"]}
        assert edges[(a, b)] == count, (flow, a, b)
    for flow, count in reportmail.EXPECTED["unknown_path"].items():
        assert data["flows"][flow]["unknown_path"] == count
    paths = {g["key"]: g["count"] for g in data["groups"]["path"]}
    assert paths["not-received: spam>wait>lookup>payment>contact"] == 4
    assert paths["activation: ?"] == 1


def test_escalations_divided_by_starts_per_flow_and_language(outputs) -> None:
    data = json.loads(outputs["json"])
    assert data["deflection"]["available"] is True
    assert data["flows"]["not-received"]["starts"] == 40
    assert data["flows"]["not-received"]["rate"] == 0.1
    assert data["flows"]["refund"]["starts"] == 20 and data["flows"]["refund"]["rate"] == 0.1
    assert data["flows"]["refund"]["by_lang"]["en"] == {"messages": 2, "starts": 10, "rate": 0.2}
    assert data["flows"]["code-invalid"]["rate"] is None
    assert "10.0%" in outputs["text"] and "escalations ÷ starts" in outputs["html"]


def test_without_starts_the_report_says_why_it_shows_shares_only(mailbox_paths, capsys) -> None:
    code, out, _ = run(capsys, *mailbox_paths)
    assert code == 0 and report.NO_STARTS in out
    code, out, _ = run(capsys, *mailbox_paths, "--json")
    data = json.loads(out)
    assert data["deflection"] == {"available": False, "note": report.NO_STARTS}
    assert all(f["rate"] is None for f in data["flows"].values())


# --- what is never shown ---------------------------------------------------------------


def test_nothing_but_the_reference_fields_reaches_any_output(outputs) -> None:
    assert len(reportmail.CANARIES) > 40
    for fmt, text in outputs.items():
        leaked = [c for c in reportmail.CANARIES if c in text]
        assert not leaked, (fmt, leaked[:5])
        assert "zq-canary" not in text and "mail.example" not in text, fmt
        assert "Help " not in text and "Subject" not in text, fmt


def test_the_canaries_really_are_in_the_mail(mailbox_paths) -> None:
    """The test above could pass on an empty read; the text read does hold them."""
    texts = "\n".join(mailread.read(mailbox_paths))
    for kind in ("name", "order", "tried", "malformed", "step", "seller", "csv"):
        assert f"zq-canary-{kind}-" in texts, kind
    raw = b"".join(Path(p).read_bytes() for p in mailbox_paths if Path(p).is_file())
    assert b"zq-canary-subject-" in raw and b"zq-canary-sender-" in raw


def test_a_forged_line_keeps_only_the_ids_the_site_knows() -> None:
    vocab = report.Vocabulary.load()
    text = ("Ref: KG1 flow=refund outcome=escalate problem=refund path=reason>secret-42 "
            "lang=en v=0.1.0 reseller=my-order-123 via=start:topic")
    ref = report.classify(text, vocab)
    assert isinstance(ref, report.Reference)
    assert (ref.flow, ref.path, ref.reseller, ref.via) == ("refund", None, None, ())
    assert report.classify(text.replace("flow=refund", "flow=secret-42"), vocab) == "unknown_flow"
    assert report.classify(text.replace("lang=en", "lang=xx"), vocab) == "unknown_lang"


# --- formats ------------------------------------------------------------------------


def test_html_is_one_self_contained_page_with_charts_and_a_strict_policy(outputs) -> None:
    page = outputs["html"]
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert " style=" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src &#x27;none&#x27;" in csp and report_html.style_hash().replace(
        "'", "&#x27;") in csp
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert style == report_html.STYLE
    charts = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(charts) >= 6
    for svg in charts:
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label")
    assert page.count("<table>") >= len(charts)


def test_text_output_lists_each_dimension(outputs) -> None:
    for title in report.TITLES.values():
        assert title in outputs["text"]
    assert re.search(r"not-received\s+4\s+40\.0%\s+40\s+10\.0%", outputs["text"])


def test_output_file_and_json_agree(mailbox_paths, tmp_path, capsys) -> None:
    target = tmp_path / "reports" / "latest.json"
    code, out, _ = run(capsys, *mailbox_paths, "--json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text("utf-8"))["format"] == report.FORMAT


# --- reading mail -------------------------------------------------------------------


def test_csv_body_column_is_found_or_named(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id;Notes;Text\n1;Ref: KG1 a;hello\n2;b;Ref: KG1 c\n3;d;Ref: KG1 e\n", "utf-8")
    assert list(mailread.read([path])) == ["hello", "Ref: KG1 c", "Ref: KG1 e"]
    assert list(mailread.read([path], column="notes")) == ["Ref: KG1 a", "b", "d"]
    assert list(mailread.read([path], column="1")) == ["1", "2", "3"]


def test_csv_without_lines_falls_back_to_a_body_named_column(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,Subject,Message body\n1,secret subject,hi\n", "utf-8")
    assert list(mailread.read([path])) == ["hi"]


def test_unreadable_input_is_named_with_its_path_and_exit_2(tmp_path, capsys) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.mbox"))
    assert code == 2 and "missing.mbox: no such file or folder" in err
    path = tmp_path / "x.csv"
    path.write_text("a,b\nsecret-value,2\n", "utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2 and "--column" in err and "secret-value" not in err + out
    code, _, err = run(capsys, str(path), "--column", "zzz")
    assert code == 2 and "no column 'zzz'" in err


def test_bad_starts_are_named_with_file_and_line(tmp_path, mailbox_paths, capsys) -> None:
    starts = tmp_path / "starts.txt"
    starts.write_text("# counted from nginx\nrefund=3\nnot-received lots\n", "utf-8")
    code, _, err = run(capsys, *mailbox_paths, "--starts", str(starts))
    assert code == 2 and f"{starts}:3: expected FLOW=COUNT" in err
    code, _, err = run(capsys, *mailbox_paths, "--starts", "refnud=3")
    assert code == 2 and "unknown flow 'refnud'" in err


def test_the_documented_nginx_command_counts_flow_pages_per_language(tmp_path) -> None:
    from wizardtools.commands.report import NGINX_STARTS

    log = tmp_path / "access.log"
    lines = [
        '1.2.3.4 - - [01/Dec/2026:10:00:00 +0000] "GET /wizard/not-received/ HTTP/1.1" 200 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:01 +0000] "GET /wizard/not-received/ HTTP/2.0" 304 0 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:02 +0000] "GET /ru/wizard/not-received/?x=1 HTTP/1.1" 200 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:03 +0000] "GET /zh/wizard/ HTTP/1.1" 200 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:04 +0000] "GET /wizard/index.html HTTP/1.1" 200 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:05 +0000] "GET /wizard/refund/ HTTP/1.1" 404 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:06 +0000] "GET /assets/wizard/data.json HTTP/1.1" 200 9 "-" "x"',
        '1.2.3.4 - - [01/Dec/2026:10:00:07 +0000] "HEAD /wizard/refund/ HTTP/1.1" 200 9 "-" "x"',
    ]
    log.write_text("\n".join(lines) + "\n", "utf-8")
    command = NGINX_STARTS.replace("/var/log/nginx/access.log*", str(log))
    subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True)
    got = sorted((tmp_path / "starts.txt").read_text("utf-8").split())
    assert got == ["not-received:en=2", "not-received:ru=1", "start:en=1", "start:zh=1"]
    parsed = report.parse_starts([str(tmp_path / "starts.txt")], ["start", "not-received"])
    assert parsed["flows"] == {"not-received": 3, "start": 2}


def test_the_readme_documents_the_command_and_the_nginx_line() -> None:
    from wizardtools.commands.report import NGINX_STARTS

    readme = (ROOT / "README.md").read_text("utf-8")
    assert "python -m wizard report" in readme and NGINX_STARTS in readme
