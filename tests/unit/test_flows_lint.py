"""The flow lint: one broken fixture per mistake, each reported with file, line and reason.

A fixture line ending in ``# ERROR: <words>`` is where the lint must report
that mistake, with ``<words>`` in the reason (see tests/fixtures/flows/README.md).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.paths import FIXTURES
from wizardtools.flowlint import SCHEMA_PATH, lint_flows, load_flows
from wizardtools.lintkit import FlowLintError, LintError

FLOW_FIXTURES = FIXTURES / "flows"
MAX_TEXT = json.loads(SCHEMA_PATH.read_text("utf-8"))["$defs"]["string"]["maxLength"]
BROKEN = sorted(p for p in FLOW_FIXTURES.glob("*.yaml") if p.name != "ok.yaml")
MARKER = re.compile(r"#\s*ERROR:\s*(.+?)\s*$")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    (root / "articles").mkdir()
    (root / "articles" / "guide.md").write_text("# Guide\n\n## Check the spam folder\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def fixture_errors(docs: Path) -> list[LintError]:
    return lint_flows(FLOW_FIXTURES, docs)


def expected(path: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            found.append((number, match.group(1)))
    return found


def errors_in(errors: list[LintError], path: Path) -> list[LintError]:
    return [e for e in errors if Path(e.file).resolve() == path.resolve()]


def test_every_broken_fixture_marks_at_least_one_expected_error() -> None:
    assert len(BROKEN) >= 15
    for path in BROKEN:
        assert expected(path), f"{path.name} has no '# ERROR:' marker"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_is_reported_at_its_file_line_and_reason(
    path: Path, fixture_errors: list[LintError]
) -> None:
    got = errors_in(fixture_errors, path)
    assert [(e.line, e.reason) for e in got] and len(got) == len(expected(path)), got
    for (line, words), error in zip(expected(path), got, strict=True):
        assert error.line == line, error
        assert words in error.reason, error
        assert str(error) == f"{error.file}:{line}: {error.reason}"


def test_clean_fixture_has_no_errors(fixture_errors: list[LintError]) -> None:
    assert errors_in(fixture_errors, FLOW_FIXTURES / "ok.yaml") == []


def test_load_flows_raises_with_every_error_collected(docs: Path) -> None:
    with pytest.raises(FlowLintError) as caught:
        load_flows(FLOW_FIXTURES, docs)
    assert len(caught.value.errors) == sum(len(expected(p)) for p in BROKEN)
    assert str(caught.value.errors[0]) in str(caught.value)


def test_errors_come_sorted_by_file_then_line(fixture_errors: list[LintError]) -> None:
    keys = [(e.file, e.line) for e in fixture_errors]
    assert keys == sorted(keys)


def write_flow(directory: Path, flow_id: str, title_en: str) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / f"{flow_id}.yaml"
    path.write_text(
        f"id: {flow_id}\n"
        "title: {en: T, ru: Т, zh: 题}\n"
        "start: done\n"
        "steps:\n"
        "  done:\n"
        "    kind: outcome\n"
        "    outcome: resolved\n"
        "    title:\n"
        f"      en: {title_en}\n"
        "      ru: Готово\n"
        "      zh: 完成\n",
        "utf-8",
    )
    return path


def test_text_longer_than_the_limit_is_reported(tmp_path: Path) -> None:
    write_flow(tmp_path / "flows", "long", "x" * (MAX_TEXT + 1))
    (error,) = lint_flows(tmp_path / "flows", tmp_path)
    assert (error.line, error.reason) == (
        9, f"step 'done' title in en is {MAX_TEXT + 1} characters long; the limit is {MAX_TEXT}")


def test_text_at_the_limit_is_accepted(tmp_path: Path) -> None:
    write_flow(tmp_path / "flows", "long", "x" * MAX_TEXT)
    assert lint_flows(tmp_path / "flows", tmp_path) == []


def test_anchor_given_by_an_attribute_in_each_translation_resolves(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.md").write_text("## Spam folder { #spam }\n", "utf-8")
    (tmp_path / "a" / "p.ru.md").write_text("## Папка «Спам» {#spam}\n", "utf-8")
    flows = tmp_path / "flows"
    path = write_flow(flows, "anchored", "Done")
    path.write_text(path.read_text("utf-8") + "    articles: [a/p.md#spam]\n", "utf-8")
    assert lint_flows(flows, tmp_path) == []
    (tmp_path / "a" / "p.zh.md").write_text("## 垃圾邮件\n", "utf-8")
    (error,) = lint_flows(flows, tmp_path)
    assert "unknown anchor #spam" in error.reason and "p.zh.md" in error.reason


def test_the_same_flow_id_in_two_files_is_reported(tmp_path: Path) -> None:
    shutil.copy(FLOW_FIXTURES / "ok.yaml", tmp_path / "ok.yaml")
    (tmp_path / "ok-copy.yaml").write_text((FLOW_FIXTURES / "ok.yaml").read_text("utf-8"), "utf-8")
    reasons = [e.reason for e in lint_flows(tmp_path, None)]
    assert "flow id 'ok' is also used by" in " ".join(reasons)


def test_a_directory_without_flows_is_an_error(tmp_path: Path) -> None:
    (error,) = lint_flows(tmp_path, None)
    assert error.line == 0 and "no flow files" in error.reason


def test_article_links_are_not_checked_without_a_docs_dir(tmp_path: Path) -> None:
    shutil.copy(FLOW_FIXTURES / "unknown-article.yaml", tmp_path)
    assert load_flows(tmp_path, docs_dir=tmp_path, check_articles=False)
    with pytest.raises(FlowLintError):
        load_flows(tmp_path, docs_dir=tmp_path)
