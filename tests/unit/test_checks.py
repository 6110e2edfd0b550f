"""The registry of live checks (wizard.checks): every check has a handler, the
handler's replies carry exactly the statuses the registry lists, and the page
only relays them."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sitebuild import render
from tests.paths import ROOT
from tests.vendorshape import by_id
from wizard import api, codes
from wizard.checks import CHECKS, Check, statuses
from wizard.vendor import load_vendor

VENDOR = by_id(load_vendor())
CHECKS_MJS = (ROOT / "wizard" / "web" / "checks.mjs").read_text("utf-8")


def _code(fmt_id: str) -> str:
    return codes.generate(VENDOR["formats"][fmt_id], random.Random(7))


# Sample payloads per check, meant to reach every status it can report.
SAMPLES: dict[str, list[dict[str, Any]]] = {
    "code_format": [
        {"text": _code(next(iter(VENDOR["formats"])))},
        {"text": "not a code"},
        {"text": ""},
    ],
    "wait_estimate": [
        {"reseller": r, "purchased": purchased, "now": "2026-03-10T09:20:00Z"}
        for r in VENDOR["resellers"]
        for purchased in ("2026-03-10T09:00:00Z", "2026-03-01T09:00:00Z", "2026-03-12T09:00:00Z")
    ],
    "clock_skew": [
        {"device_time": "2026-06-02T10:00:30Z", "trusted_time": "2026-06-02T10:00:00Z"},
        {"device_time": "2026-06-02T13:00:00Z", "trusted_time": "2026-06-02T10:00:00Z"},
        {"device_time": "2025-06-02T10:00:00Z", "trusted_time": "2026-06-02T10:00:00Z"},
        {"device_time": "2026-06-02T10:00:00Z", "trusted_time": "2026-06-02T10:04:00Z",
         "tolerance_seconds": 60},
    ],
    "offline_file_age": [
        {"issued": "2026-01-01", "now": "2026-03-01"},
        {"issued": "2024-01-01", "now": "2026-03-01"},
        {"issued": "2026-01-01", "now": "2026-03-01", "validity_days": 30},
    ],
}


@pytest.fixture
def configured() -> Iterator[None]:
    saved = dict(api.STATE)
    reply = api.handle({"id": 1, "type": "configure", "payload": {"vendor": load_vendor()}})
    assert reply["ok"], reply
    yield
    api.STATE.clear()
    api.STATE.update(saved)


def _statuses_reached(check: Check) -> list[Any]:
    reached = []
    for payload in SAMPLES[check.id]:
        reply = api.handle({"id": 2, "type": check.message, "payload": payload})
        assert reply["ok"], (check.id, payload, reply)
        reached.append(reply["result"]["status"])
    return reached


def test_every_check_has_samples_a_handler_and_a_worker_message() -> None:
    assert set(SAMPLES) == set(CHECKS)
    for check in CHECKS.values():
        assert callable(check.handler), check.id
        assert api.HANDLERS.get(check.message) is not None, check.id
        assert check.statuses and len(set(check.statuses)) == len(check.statuses), check.id
        assert not set(check.statuses) & set(check.silent), check.id
        assert check.about.strip(), check.id


@pytest.mark.usefixtures("configured")
@pytest.mark.parametrize("check_id", list(CHECKS))
def test_a_handler_reports_exactly_the_statuses_the_registry_lists(check_id: str) -> None:
    check = CHECKS[check_id]
    reached = _statuses_reached(check)
    assert set(reached) == {*check.statuses, *check.silent}, (check_id, reached)


@pytest.mark.usefixtures("configured")
def test_the_check_code_message_carries_the_verdict_for_every_text() -> None:
    for text in ("", " ", _code(next(iter(VENDOR["formats"]))).lower(), "4111 1111 1111 1111"):
        result = api.handle({"id": 3, "type": "check_code", "payload": {"text": text}})["result"]
        assert result["status"] == ("valid" if result["valid"] else "invalid"), text


def test_statuses_lists_every_status_once_and_no_silent_one() -> None:
    listed = statuses()
    assert len(listed) == len(set(listed))
    assert set(listed) == {s for c in CHECKS.values() for s in c.statuses}
    assert not set(listed) & {s for c in CHECKS.values() for s in c.silent}


def test_the_build_has_a_live_form_for_every_check_and_facts_only_for_checks() -> None:
    from wizardtools.flowlint import load_flows

    assert set(render.LIVE_CHECKS) == set(CHECKS)
    assert set(render._CHECK_FACTS) <= set(CHECKS)
    rendered = set()
    for flow in load_flows().values():
        for step in flow.steps.values():
            if step.kind == "check":
                html = render.render_step(flow, step, "en", render.Links(), VENDOR)
                assert f'data-live-check="{step.check}"' in html, (flow.id, step.id)
                rendered.add(step.check)
    assert rendered == set(CHECKS)  # the demo flows use every check


def test_the_page_wires_every_check_and_only_relays_its_status() -> None:
    wire = re.search(r"const wire = \{(.*?)\};", CHECKS_MJS, re.S)
    assert wire, "checks.mjs has no wire table"
    wired = set(re.findall(r"^\s*(\w+):", wire.group(1), re.M)) - {"support_hours"}
    assert wired == set(CHECKS)
    suggested = re.findall(r"nav\.suggest\(section, ([^)]*)\)", CHECKS_MJS)
    assert suggested and set(suggested) == {"result.status", "null"}, suggested
