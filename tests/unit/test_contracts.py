"""The pieces written apart agree: flows, composer, checks and the worker API."""

from __future__ import annotations

from wizard import api, compose
from wizard.checks import CHECKS
from wizardtools import flows
from wizardtools.flowlint import load_flows


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
    for check in CHECKS.values():
        assert check.message in api.HANDLERS, check.id


def test_every_problem_is_reached_by_some_flow() -> None:
    used = {
        step.problem
        for flow in load_flows().values()
        for step in flows.outcomes(flow)
        if step.outcome == "escalate"
    }
    assert used == set(compose.problem_ids())
