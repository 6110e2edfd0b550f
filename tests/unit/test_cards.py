"""Card numbers in every shape people paste never come back out.

A property test builds Luhn-valid card numbers in random shapes (spaces of
every kind, dots, hyphens, slashes, line breaks, full-width digits, next to
words and other numbers, with the expiry or security code after them) inside
en/ru/zh text, and checks every output of the composer and of ``check_code``
for a run of 8 or more of the card's digits.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.vendorshape import by_id
from wizard import cards
from wizard import compose as c
from wizard.diagnose import check_code
from wizard.vendor import load_vendor

SEPARATORS = [
    " ", "  ", "\u00a0", "\u2009", "\u202f", "\u2007", "\u3000", ".", "-", " - ", "/",
    "\n", "\r\n", "\t", "", "\u2013", "_", ",", "\u200b",
]
WORDS = {
    "en": ["my card", "was charged twice", "ref", "thanks", "order", "paid with"],
    "ru": ["моя карта", "списали дважды", "номер", "спасибо", "заказ", "оплатил картой"],
    "zh": ["我的卡号", "被扣了两次", "订单", "谢谢", "付款卡", "卡"],
}
NEIGHBOURS = ["", " 123", " 12/27", " 07/29 cvv 987", "1", " exp 1227", " №5", "x", "号"]
BEFORE = ["", "ref 99 ", "№ 12 ", "2026 ", "a", "карта:", "卡号", "#"]
FIELDS = ("tried", "order_number", "code", "reason", "logs", "name", "details")


def luhn_digits(head: list[int]) -> str:
    """``head`` plus the check digit that makes it Luhn-valid."""
    for last in range(10):
        number = "".join(map(str, head)) + str(last)
        if cards.luhn_ok(number):
            return number
    raise AssertionError("unreachable")


@st.composite
def card_in_shape(draw) -> tuple[str, str]:
    """``(digits, how it is written)``."""
    length = draw(st.integers(13, 19))
    head = draw(st.lists(st.integers(0, 9), min_size=length - 1, max_size=length - 1))
    digits = luhn_digits(head)
    fullwidth = draw(st.sampled_from(["none", "all", "some"]))
    out, i = [], 0
    while i < len(digits):
        size = draw(st.integers(1, 6))
        chunk = digits[i : i + size]
        if fullwidth == "all" or (fullwidth == "some" and draw(st.booleans())):
            chunk = "".join(chr(ord(d) + 0xFEE0) for d in chunk)
        out.append(chunk)
        i += size
        if i < len(digits):
            out.append(draw(st.sampled_from(SEPARATORS)))
    return digits, "".join(out)


@st.composite
def text_with_cards(draw) -> tuple[list[str], str]:
    lang = draw(st.sampled_from(sorted(WORDS)))
    found, parts = [], []
    for _ in range(draw(st.integers(1, 3))):
        digits, shape = draw(card_in_shape())
        found.append(digits)
        word = draw(st.sampled_from(WORDS[lang]))
        glue = draw(st.sampled_from([" ", "", "\n", ": "]))
        parts.append(f"{word}{glue}{draw(st.sampled_from(BEFORE))}{shape}"
                     f"{draw(st.sampled_from(NEIGHBOURS))}")
    return found, draw(st.sampled_from([" ", "\n", "; "])).join(parts)


def ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def leaks(card: str, output: str) -> list[str]:
    """Runs of 8+ of ``card``'s digits in ``output``, separators ignored."""
    squeezed = re.sub(r"[^\w•]", "", ascii_digits(unquote(output)))
    runs = re.findall(r"[0-9]{8,}", squeezed)
    windows = {card[i : i + 8] for i in range(len(card) - 7)}
    return [run for run in runs if any(w in run for w in windows)]


@pytest.fixture(scope="module")
def vendor() -> dict:
    return by_id(load_vendor())


@settings(max_examples=300, deadline=None)
@given(text_with_cards())
def test_no_card_digits_survive_masking(case):
    found, text = case
    for masked in (cards.mask_cards(text), cards.blank_cards(text)):
        for card in found:
            assert not leaks(card, masked), (text, masked)


def test_blanking_keeps_the_length():
    text = "карта ４１１１ 1111\u00a01111-1111 12/27"
    assert len(cards.blank_cards(text)) == len(text)


@settings(max_examples=150, deadline=None)
@given(text_with_cards(), st.sampled_from(FIELDS), st.sampled_from(["en", "ru", "zh"]))
def test_composer_never_echoes_a_card(vendor, case, field, lang):
    found, text = case
    msg = c.compose("not_received", {field: text, "order_number": "12345678"}, lang, vendor)
    outputs = [msg[k] or "" for k in ("subject", "body", "body_team", "clipboard", "mailto")]
    for card in found:
        for output in outputs:
            assert not leaks(card, output), (text, output)


@settings(max_examples=200, deadline=None)
@given(text_with_cards(), st.sampled_from(["en", "ru", "zh"]))
def test_check_code_never_echoes_a_card(vendor, case, lang):
    found, text = case
    result = check_code(text, vendor, lang)
    everything = json.dumps(result, ensure_ascii=False)
    assert len(result["display"]) == len(text)
    for card in found:
        assert not leaks(card, everything), (text, everything)


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1111 123",
        "my card 4111 1111 1111 1111 12/27 was charged",
        "ref 99 4111 1111 1111 1111",
        "4111\u00a01111\u00a01111\u00a01111",
        "4111.1111.1111.1111",
        "4111  1111  1111  1111",
        "4111\n1111\n1111\n1111",
        "card4111111111111111thanks",
        "４１１１ １１１１ １１１１ １１１１",
        "378282246310005 and 5500-0000-0000-0004",
    ],
)
def test_shapes_the_old_masker_let_through(vendor, text):
    msg = c.compose("not_received", {"tried": text}, "en", vendor)
    assert "card_masked" in {w["code"] for w in msg["warnings"]}
    for card in ("4111111111111111", "378282246310005", "5500000000000004"):
        assert not leaks(card, msg["body"] + msg["clipboard"] + (msg["mailto"] or ""))
        assert not leaks(card, json.dumps(check_code(text, vendor), ensure_ascii=False))


def test_the_vendors_own_numbers_are_not_cards():
    vendor2 = by_id(load_vendor("tests/fixtures/vendor2/vendor.yml"))
    code = next(iter(vendor2["formats"].values()))
    assert code["alphabet"] == "0123456789"  # a numeric code: every valid one passes Luhn
    from wizard import codes

    sample = codes.generate(code)
    assert cards.luhn_ok(sample)
    assert c.compose("code_invalid", {"code": sample}, "en", vendor2)["body"].count(sample) == 1
    assert check_code(sample, vendor2)["valid"] is True


def test_a_long_paste_is_refused_with_a_message(vendor):
    from wizard.diagnose import MAX_LENGTH

    for lang, word in (("en", "characters"), ("ru", "символов"), ("zh", "字符")):
        result = check_code("-" * 10_000, vendor, lang)
        assert [p["kind"] for p in result["problems"]] == ["too_long"]
        assert word in result["problems"][0]["message"]
        assert str(MAX_LENGTH) in result["problems"][0]["message"]
    for at in (0, MAX_LENGTH - 10, MAX_LENGTH + 50, 5000):
        text = "x" * at + " 4111 1111 1111 1111 " + "y" * 5000
        result = check_code(text, vendor)
        assert "too_long" in [p["kind"] for p in result["problems"]]
        assert not leaks("4111111111111111", json.dumps(result, ensure_ascii=False))
        assert len(result["display"]) == MAX_LENGTH + 1
