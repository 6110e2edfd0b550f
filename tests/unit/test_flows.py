"""The flow model and the real flows in flows/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import ROOT as REPO
from wizard.checks import CHECKS
from wizard.vendor import LANGUAGES
from wizardtools.flowlint import SCHEMA_PATH, lint_flows, load_flows
from wizardtools.flows import (
    KINDS,
    OUTCOMES,
    PROBLEMS,
    Flow,
    Option,
    Step,
    flow_from_data,
    flow_ref,
    flow_to_data,
    next_step,
    outcomes,
    paths,
    trail,
)
from wizardtools.paths import FLOWS_DIR

T = {"en": "x", "ru": "х", "zh": "十"}


def tiny() -> Flow:
    return Flow("tiny", "tiny.yaml", T, "ask", {
        "ask": Step("ask", "choice", 5, T, options=(
            Option("tip", T, "tip"), Option("other", T, "flow:refund"))),
        "tip": Step("tip", "info", 9, T, next="check"),
        "check": Step("check", "check", 12, T, check="clock_skew", options=(
            Option("fine", T, "done", when="ok"), Option("again", T, "ask", when="skewed"))),
        "done": Step("done", "outcome", 20, T, outcome="resolved"),
    })


@pytest.fixture(scope="module")
def flows() -> dict[str, Flow]:
    return load_flows(check_articles=False)


# --- next_step and friends ---------------------------------------------------


def test_next_step_follows_the_chosen_option() -> None:
    assert next_step(tiny(), "ask", {"ask": "tip"}) == "tip"
    assert next_step(tiny(), "check", {"check": "again"}) == "ask"


def test_next_step_of_an_info_step_ignores_answers() -> None:
    assert next_step(tiny(), "tip", {}) == "check"


def test_next_step_waits_for_an_unanswered_question() -> None:
    assert next_step(tiny(), "ask", {"check": "fine"}) is None


def test_next_step_ends_at_an_outcome() -> None:
    assert next_step(tiny(), "done", {"done": "anything"}) is None


def test_next_step_hands_over_to_another_flow() -> None:
    assert flow_ref(next_step(tiny(), "ask", {"ask": "other"})) == "refund"


def test_next_step_rejects_an_answer_that_is_not_an_option() -> None:
    with pytest.raises(ValueError, match="no option 'nope'"):
        next_step(tiny(), "ask", {"ask": "nope"})


def test_next_step_rejects_an_unknown_step() -> None:
    with pytest.raises(KeyError):
        next_step(tiny(), "nowhere", {})


def test_trail_stops_at_a_loop_instead_of_spinning() -> None:
    answers = {"ask": "tip", "check": "again"}
    assert trail(tiny(), answers) == ["ask", "tip", "check"]


def test_paths_lists_every_loop_free_route_to_an_end() -> None:
    assert paths(tiny()) == [
        (("ask", "tip"), ("tip", None), ("check", "fine"), ("done", None)),
        (("ask", "other"), ("flow:refund", None)),
    ]


def test_outcomes_are_the_outcome_steps_in_file_order() -> None:
    assert [s.id for s in outcomes(tiny())] == ["done"]


def test_flow_survives_a_trip_through_json() -> None:
    assert flow_from_data(json.loads(json.dumps(flow_to_data(tiny())))) == tiny()


# --- the schema agrees with the Python constants -----------------------------


def test_schema_enums_match_the_python_constants() -> None:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    step = schema["$defs"]["step"]["properties"]
    assert step["kind"]["enum"] == list(KINDS)
    assert step["check"]["enum"] == list(CHECKS)
    assert step["outcome"]["enum"] == list(OUTCOMES)
    assert step["problem"]["enum"] == list(PROBLEMS)
    when = schema["$defs"]["option"]["properties"]["when"]["enum"]
    assert set(when) == {s for check in CHECKS.values() for s in check.statuses}
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- the real flows ------------------------------------------------------------


def test_real_flows_lint_clean_against_the_real_docs() -> None:
    assert [str(e) for e in lint_flows()] == []


def test_real_flows_lint_clean_against_stub_pages_of_their_articles(tmp_path: Path) -> None:
    for flow in load_flows(check_articles=False).values():
        for step in flow.steps.values():
            for article in step.articles:
                page = tmp_path / article.partition("#")[0]
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text("# Stub\n", "utf-8")
    assert [str(e) for e in lint_flows(docs_dir=tmp_path)] == []


def test_the_expected_flows_exist(flows: dict[str, Flow]) -> None:
    assert set(flows) == {"start", "not-received", "code-invalid", "activation",
                          "lost-code", "order-declined", "invoice", "refund", "download",
                          "move-license"}


def test_the_start_flow_offers_every_other_flow(flows: dict[str, Flow]) -> None:
    start = flows["start"].steps[flows["start"].start]
    assert {flow_ref(o.next) for o in start.options} == set(flows) - {"start"}


def test_every_path_of_every_flow_walks_with_next_step_to_an_end(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        routes = paths(flow)
        assert routes, flow.id
        for route in routes:
            answers = {step: option for step, option in route if option}
            visited = trail(flow, answers)
            assert visited == [step for step, _ in route], (flow.id, route)
            end = route[-1][0]
            assert flow_ref(end) in flows or flow.steps[end].kind == "outcome"


def test_every_flow_but_the_chooser_can_be_resolved_and_escalated(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        if flow.id == "start":
            continue
        kinds = {s.outcome for s in outcomes(flow)}
        assert kinds == {"resolved", "escalate"}, flow.id


def test_every_escalation_names_a_composer_problem(flows: dict[str, Flow]) -> None:
    used = {s.problem for f in flows.values() for s in outcomes(f) if s.outcome == "escalate"}
    assert used == set(PROBLEMS)


def test_every_text_exists_in_every_language(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        texts = [flow.title]
        for step in flow.steps.values():
            texts += [step.title, *([step.text] if step.text else []), *step.checklist]
            texts += [o.label for o in step.options]
        for text in texts:
            assert set(text) == set(LANGUAGES) and all(v.strip() for v in text.values())


def test_translations_differ_from_english(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        for step in flow.steps.values():
            assert step.title["ru"] != step.title["en"] != step.title["zh"], (flow.id, step.id)


def test_every_check_of_the_model_is_used_by_a_real_flow(flows: dict[str, Flow]) -> None:
    used = {s.check for f in flows.values() for s in f.steps.values() if s.check}
    assert used == set(CHECKS)


def test_every_flow_file_points_editors_at_the_schema() -> None:
    for path in FLOWS_DIR.glob("*.yaml"):
        first = path.read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../wizardtools/schema/flow.schema.json", path
    assert (FLOWS_DIR / "../wizardtools/schema/flow.schema.json").resolve() == SCHEMA_PATH


def test_step_line_is_the_line_of_its_key_in_the_file(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        lines = (REPO / flow.file).read_text("utf-8").splitlines()
        for step in flow.steps.values():
            assert lines[step.line - 1].strip() == f"{step.id}:", (flow.file, step.id)


def test_steps_keep_the_order_of_the_file(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        lines = [step.line for step in flow.steps.values()]
        assert lines == sorted(lines)
