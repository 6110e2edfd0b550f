"""Paying from your country: payment methods per reseller come from vendor.yml
(facts to confirm), in every language, and a bad value is reported with its line."""

from __future__ import annotations

import copy

import pytest

from sitebuild import variables
from tests.paths import ROOT
from wizard.vendor import load_vendor
from wizardtools.vendor_schema import check_text

DOCS = ROOT / "docs" / "articles"
VENDOR = load_vendor()
WORDS = {"en": ("yes", "no", "ask the platform", "Facts to confirm"),
         "ru": ("да", "нет", "уточните у платформы", "Сведения нужно уточнять"),
         "zh": ("支持", "不支持", "请向支付平台确认", "以上信息有待确认")}


def rendered(lang: str, vendor: dict) -> str:
    suffix = "" if lang == "en" else f".{lang}"
    source = (DOCS / f"payment-methods{suffix}.md").read_text("utf-8")
    return variables.render(source, "payment-methods", variables.context(vendor, lang))


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_each_reseller_row_shows_its_methods_from_vendor_yml(lang: str) -> None:
    yes, no, unknown, _ = WORDS[lang]
    text = rendered(lang, VENDOR)
    word = {True: yes, False: no, "unknown": unknown}
    for seller in VENDOR["resellers"]:
        row = next((line for line in text.splitlines()
                    if line.startswith(f"| [{seller['name']}]")), None)
        if "payments" not in seller:
            assert row is None, seller["id"]
            continue
        methods = seller["payments"]["methods"]
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        expected = [word[methods[k]] for k in ("cards", "paypal", "alipay", "wechat_pay",
                                               "unionpay")]
        assert cells == expected, seller["id"]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_unconfirmed_facts_say_so_and_confirmed_ones_do_not(lang: str) -> None:
    note = WORDS[lang][3]
    assert note in rendered(lang, VENDOR)
    confirmed = copy.deepcopy(VENDOR)
    for seller in confirmed["resellers"]:
        if "payments" in seller:
            seller["payments"]["verified"] = True
    assert note not in rendered(lang, confirmed)


def test_russia_section_follows_the_data() -> None:
    changed = copy.deepcopy(VENDOR)
    paddle = next(s for s in changed["resellers"] if s["id"] == "paddle")
    paddle["payments"]["russia"] = True
    assert "**Paddle:** по нашим сведениям, сейчас не принимает" in rendered("ru", VENDOR)
    assert "**Paddle:** принимает заказы из России." in rendered("ru", changed)


def test_a_payment_fact_must_be_yes_no_or_unknown() -> None:
    text = (ROOT / "vendor.yml").read_text("utf-8")
    old = "wechat_pay: unknown, unionpay: unknown}"
    assert old in text
    broken = text.replace(old, "wechat_pay: maybe, unionpay: unknown}")
    line = broken[: broken.index("wechat_pay: maybe")].count("\n") + 1
    problems = check_text("vendor.yml", broken, ROOT / "docs")
    assert [p.line for p in problems] == [line]
    assert problems[0].reason.endswith("'maybe' is not one of: yes, no, unknown")
