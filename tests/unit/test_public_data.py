"""data.json ships only the vendor.yml fields the browser needs.

A field a vendor keeps for their own use never reaches the public file, and
the wizard answers exactly the same with the public part as with all of
vendor.yml (so nothing it needs was left out).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest

from sitebuild.assets import browser_data
from tests.paths import ROOT
from wizard import api
from wizard.compose import problem_ids
from wizard.vendor import load_vendor

VENDOR = load_vendor()
SECRET = "kg-internal-only"


def with_private_fields(vendor: dict) -> dict:
    out = copy.deepcopy(vendor)
    out["vendor"]["note"] = SECRET
    out["vendor"]["support"]["escalation_phone"] = SECRET
    out["products"][0]["internal_sku"] = SECRET
    out["resellers"][0]["account_manager"] = SECRET
    out["formats"][0]["generator_secret"] = SECRET
    out["internal"] = {"slack": SECRET}
    return out


def test_fields_the_browser_does_not_use_stay_out_of_data_json() -> None:
    data = json.dumps(browser_data(with_private_fields(VENDOR)), ensure_ascii=False)
    assert SECRET not in data
    # Facts nobody needs in the browser either.
    assert "statement_names" not in data and "email_sender" not in data
    assert VENDOR["vendor"]["name"] in data  # the file is still the vendor's


def ask(vendor: dict, kind: str, **payload) -> dict:
    api.handle_json(json.dumps({"id": 1, "type": "configure", "payload": {
        "vendor": vendor, **{k: v for k, v in browser_data(VENDOR).items() if k != "vendor"}}}))
    return json.loads(api.handle_json(json.dumps({"id": 2, "type": kind, "payload": payload})))


NOW = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)
CALLS = [
    ("check_code", {"text": "FP-7M6ET-ZWF05-7J6W0-ZMDSK", "lang": "ru"}),
    ("check_code", {"text": " fp-m9s34-6q3d2-5vt4f-5v37k ", "lang": "en"}),
    ("check_code", {"text": "12345678", "lang": "zh"}),
    ("estimate", {"reseller": "paddle", "purchased": (NOW - timedelta(hours=2)).isoformat(),
                  "now": NOW.isoformat()}),
    ("support_hours", {"now": NOW.isoformat()}),
    ("file_age", {"issued": "2026-01-02", "now": NOW.isoformat()}),
    *[("problem_form", {"problem": p, "lang": "ru"}) for p in problem_ids()],
    *[("compose", {"problem": p, "lang": lang, "answers": {
        "reseller": "fastspring", "order_number": "ABC123456-1234-1234", "product": "fernpad",
        "email": "ann@mail.example", "tried": "restarted"}})
      for p in problem_ids() for lang in ("en", "zh")],
]


@pytest.mark.parametrize(("kind", "payload"), CALLS, ids=[f"{k}-{i}" for i, (k, _) in
                                                          enumerate(CALLS)])
def test_the_wizard_answers_the_same_with_the_public_part(kind: str, payload: dict) -> None:
    public = browser_data(VENDOR)["vendor"]
    full, part = ask(VENDOR, kind, **payload), ask(public, kind, **payload)
    assert full["ok"] is True, full
    assert part == full


def test_the_readme_lists_the_public_fields() -> None:
    readme = open(ROOT / "README.md", encoding="utf-8")
    text = readme.read()
    assert "Which `vendor.yml` fields become public" in text
    for field in ("order_id_patterns", "support.channels", "timezone", "routing"):
        assert field in text.split("Which `vendor.yml` fields become public", 1)[1][:3000]
