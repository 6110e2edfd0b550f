"""Support channels from vendor.yml: the right ones for the reader's language."""

from __future__ import annotations

import pytest

from wizard.channels import KINDS, channels_for
from wizard.compose import compose
from wizard.vendor import LANGUAGES

HOURS = {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "17:00"}


def vendor_with(channels: list[dict]) -> dict:
    return {
        "vendor": {
            "name": "Acme",
            "team_language": "en",
            "timezone": "America/Toronto",
            "support": {"email": "help@acme.example", "hours": HOURS, "channels": channels},
        },
        "resellers": [{"id": "paddle", "name": "Paddle", "support_url": "https://paddle.net/"}],
        "products": [],
        "routing": {"technical": "vendor", "billing": "reseller"},
    }


ALL = [
    {"kind": "email", "address": "help@acme.example"},
    {"kind": "web_form", "url": "https://acme.example/ticket"},
    {"kind": "phone", "number": "+1 416 555 0142", "hours": {**HOURS, "close": "12:00"}},
    {"kind": "messenger", "app": "wechat", "id": "AcmeHelp", "qr": "assets/qr.svg",
     "languages": ["zh"]},
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_channel_limited_to_a_language_is_shown_only_in_that_language(lang: str) -> None:
    kinds = [c["kind"] for c in channels_for(vendor_with(ALL), lang)]
    assert kinds == (["email", "web_form", "phone", "messenger"] if lang == "zh"
                     else ["email", "web_form", "phone"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_gets_its_own_label_in_every_language(lang: str) -> None:
    everyone = [{k: v for k, v in c.items() if k != "languages"} for c in ALL]
    labels = [c["label"] for c in channels_for(vendor_with(everyone), lang)]
    assert {c["kind"] for c in ALL} == set(KINDS)
    assert len(labels) == len(KINDS) and len(set(labels)) == len(KINDS) and all(labels)


def test_phone_links_dial_the_digits_and_use_its_own_hours() -> None:
    phone = channels_for(vendor_with(ALL), "en")[2]
    assert phone["href"] == "tel:+14165550142"
    assert phone["hours"] == "Monday–Friday 09:00–12:00 (America/Toronto)"  # hours_text.json


def test_messenger_qr_gets_an_alt_text_naming_the_app_in_the_readers_language() -> None:
    wechat = channels_for(vendor_with(ALL), "zh")[3]
    assert wechat["href"] is None and wechat["value"] == "AcmeHelp"
    assert wechat["qr"] == "assets/qr.svg" and "微信" in wechat["qr_alt"]


def test_without_a_channel_list_the_support_email_is_the_only_channel() -> None:
    vendor = vendor_with([])
    del vendor["vendor"]["support"]["channels"]
    assert [(c["kind"], c["value"]) for c in channels_for(vendor, "ru")] == [
        ("email", "help@acme.example")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_composer_lists_the_vendors_channels_for_the_readers_language(lang: str) -> None:
    message = compose("activation_failed", {}, lang, vendor_with(ALL))
    assert message["route"] == "vendor"
    assert message["channels"] == channels_for(vendor_with(ALL), lang)
    assert ("messenger" in [c["kind"] for c in message["channels"]]) == (lang == "zh")


def test_composer_lists_no_vendor_channels_when_the_reseller_answers() -> None:
    message = compose("invoice", {"reseller": "paddle"}, "zh", vendor_with(ALL))
    assert message["route"] == "reseller"
    assert message["channels"] == []
