"""Vendor names in the reader's language: format names inside sentences, e-mail subjects.

A Russian or Chinese sentence carries no English the customer would not see
literally: the format's name comes from ``names`` in vendor.yml, and a
reseller's subject from ``email_subjects`` when the reseller localises it.
"""

from __future__ import annotations

import pytest

from sitebuild import variables
from tests.paths import ROOT
from tests.vendorshape import by_id
from wizard.diagnose import check_code
from wizard.vendor import load_vendor
from wizardtools.vendor_schema import check_text

VENDOR = load_vendor()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "A Fernpad license code starts with “FP”"),
        ("ru", "Лицензионный код Fernpad начинается с «FP»"),
        ("zh", "Fernpad 注册码以“FP”开头"),
    ],
)
def test_prefix_message_names_the_format_in_the_readers_language(lang, expected) -> None:
    result = check_code("FQ-M9S34-6Q3D2-5VT4F-5V37K", by_id(VENDOR), lang)
    (message,) = [p["message"] for p in result["problems"] if p["kind"] == "wrong_prefix"]
    assert message.startswith(expected)
    assert "license code" not in message or lang == "en"


def test_a_format_without_a_name_in_a_published_language_is_reported_at_its_line() -> None:
    text = (ROOT / "vendor.yml").read_text("utf-8")
    old = "    names: {ru: Лицензионный код Fernpad, zh: Fernpad 注册码}\n"
    assert old in text
    broken = text.replace(old, "    names: {ru: Лицензионный код Fernpad}\n")
    line = broken[: broken.index("names: {ru: Лицензионный код Fernpad}")].count("\n") + 1
    problems = [(p.line, p.reason) for p in check_text("vendor.yml", broken, ROOT / "docs")]
    assert problems == [(line, "format 'fernpad': no name in zh; add names: {zh: ...}"
                               " (messages in those languages put the name inside sentences)")]
    # A help center published in English only needs no other names.
    english_only = broken.replace("vendor:\n", "languages: [en]\nvendor:\n", 1)
    assert check_text("vendor.yml", english_only, ROOT / "docs") == []


def test_pages_show_the_subject_the_reader_receives() -> None:
    page = "{% for r in resellers.values() %}{{ local(r, 'email_subject') }}|{% endfor %}"
    subjects = {lang: variables.render(page, "p.md", variables.context(VENDOR, lang)).split("|")
                for lang in ("en", "ru", "zh")}
    sellers = list(by_id(VENDOR)["resellers"].values())
    for i, seller in enumerate(sellers):
        localised = seller.get("email_subjects") or {}
        for lang in ("ru", "zh"):
            assert subjects[lang][i] == localised.get(lang, seller["email_subject"])
        assert subjects["en"][i] == seller["email_subject"]
    assert any(s.get("email_subjects") for s in sellers), "the demo has one localised subject"
