"""The pieces written apart agree: flows, composer, checks and the worker API."""

from __future__ import annotations

from wizard import api, compose
from wizardtools import flows
from wizardtools.flowlint import load_flows

# Which worker message answers each named check of a flow step.
CHECK_HANDLERS = {
    "code_format": "check_code",
    "wait_estimate": "estimate",
    "clock_skew": "clock_skew",
    "offline_file_age": "file_age",
}


def test_flows_escalate_only_to_problems_the_composer_knows() -> None:
    assert set(flows.PROBLEMS) == set(compose.problem_ids())
    used = {
        step.problem
        for flow in load_flows().values()
        for step in flows.outcomes(flow)
        if step.outcome == "escalate"
    }
    assert used <= set(compose.problem_ids())


def test_every_named_check_has_a_worker_handler() -> None:
    assert set(CHECK_HANDLERS) == set(flows.CHECKS)
    for handler in CHECK_HANDLERS.values():
        assert handler in api.HANDLERS, handler


def test_every_problem_is_reached_by_some_flow() -> None:
    used = {
        step.problem
        for flow in load_flows().values()
        for step in flows.outcomes(flow)
        if step.outcome == "escalate"
    }
    assert used == set(compose.problem_ids())
