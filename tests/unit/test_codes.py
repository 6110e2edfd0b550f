"""License-code formats and the diagnosis of mangled codes (wizard.codes, wizard.diagnose)."""

from __future__ import annotations

import json
import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.paths import CASES
from tests.vendorshape import by_id
from wizard import codes
from wizard.diagnose import LOOKALIKE_GROUPS, check_code, messages
from wizard.vendor import LANGUAGES, load_vendor

VENDOR = load_vendor()
FORMATS = by_id(VENDOR)["formats"]
CORPUS = json.loads(
    (CASES / "codes_corpus.json").read_text(encoding="utf-8")
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- codes: the stdnum-style API --------------------------------------------------


@pytest.mark.parametrize("fmt_id", sorted(FORMATS))
def test_generated_codes_validate_and_are_canonical(fmt_id: str) -> None:
    fmt = FORMATS[fmt_id]
    rng = random.Random(fmt_id)
    for _ in range(200):
        code = codes.generate(fmt, rng)
        assert codes.is_valid(code, fmt)
        assert codes.format(code, fmt) == code


def test_every_single_character_change_breaks_the_check_character() -> None:
    fmt = FORMATS["fernpad"]
    alphabet = fmt["alphabet"]
    code = codes.generate(fmt, random.Random(3))
    body_positions = [i for i, c in enumerate(code) if i > 2 and c != "-"]
    for i in body_positions:
        for other in alphabet.replace(code[i], ""):
            with pytest.raises(codes.InvalidChecksum):
                codes.validate(code[:i] + other + code[i + 1 :], fmt)


@pytest.mark.parametrize(
    ("mangle", "error"),
    [
        (lambda c: c[:-1], codes.InvalidLength),
        (lambda c: c + "2", codes.InvalidLength),
        (lambda c: "XX" + c[2:], codes.InvalidComponent),
        (lambda c: c[:5] + "!" + c[6:], codes.InvalidFormat),
    ],
    ids=["too short", "too long", "wrong prefix", "bad character"],
)
def test_validate_raises_the_specific_error(mangle, error) -> None:
    code = codes.generate(FORMATS["fernpad"], random.Random(9))
    with pytest.raises(error):
        codes.validate(mangle(code), FORMATS["fernpad"])
    assert issubclass(error, codes.ValidationError)


def test_compact_and_format_accept_spacing_and_case_of_a_case_insensitive_format() -> None:
    fmt = FORMATS["fernpad"]
    code = codes.generate(fmt, random.Random(5))
    messy = " " + code.lower().replace("-", " ") + " "
    assert codes.compact(messy, fmt) == code.replace("-", "")
    assert codes.format(messy, fmt) == code
    assert codes.is_valid(messy, fmt)


def test_case_sensitive_format_rejects_the_code_in_upper_case() -> None:
    fmt = FORMATS["fernvault"]
    rng = random.Random(11)
    code = next(c for c in iter(lambda: codes.generate(fmt, rng), None) if c != c.upper()
                and all(x in fmt["alphabet"] for x in c.upper().replace("-", "")))
    assert not codes.is_valid(code.upper(), fmt)


# --- messages ----------------------------------------------------------------------


def test_every_message_key_exists_in_every_language() -> None:
    catalogue = messages()
    assert set(catalogue) == set(LANGUAGES)
    keys = {lang: set(catalogue[lang]) for lang in LANGUAGES}
    assert keys["en"] == keys["ru"] == keys["zh"]
    for lang in LANGUAGES:
        for key, text in catalogue[lang].items():
            assert text.strip(), (lang, key)


def test_translations_use_the_same_placeholders_as_english() -> None:
    catalogue = messages()
    formatter = string.Formatter()
    for key, text in catalogue["en"].items():
        names = {f for _, f, _, _ in formatter.parse(text) if f}
        for lang in ("ru", "zh"):
            other = {f for _, f, _, _ in formatter.parse(catalogue[lang][key]) if f}
            assert other == names, (lang, key)


# --- the corpus of mangled codes --------------------------------------------------


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus_case_is_diagnosed_and_fixed(case: dict) -> None:
    result = check_code(case["input"], VENDOR, "en", case.get("expected_format"))
    kinds = {p["kind"] for p in result["problems"]}
    assert kinds == set(case["kinds"]), result["problems"]
    assert result["kind"] == case["kind"]
    assert result["fixed"] == case["fixed"]
    assert result["format"] == case.get("format")
    assert result["valid"] == (case["input"] == case["fixed"])
    for problem in result["problems"]:
        assert all(0 <= i < len(case["input"]) for i in problem["positions"])


def test_corpus_covers_every_problem_kind_and_has_enough_cases() -> None:
    kinds = {k for case in CORPUS for k in case["kinds"]}
    wanted = {
        "leading_space", "trailing_space", "inner_space", "line_break", "invisible",
        "fullwidth", "homoglyph", "dash", "wrong_case", "lookalike", "missing_chars",
        "extra_chars", "missing_separator", "misplaced_separator", "checksum",
        "other_product", "order_number", "email", "card_number", "invalid_char",
        "missing_prefix", "punctuation", "empty", "not_a_code", "lowercase", "extra_text",
        "several_codes",
    }
    assert wanted <= kinds
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_rendered_in_the_requested_language(lang: str) -> None:
    for case in CORPUS:
        result = check_code(case["input"], VENDOR, lang, case.get("expected_format"))
        for problem in result["problems"]:
            text = problem["message"]
            assert text and "{" not in text
            if lang == "ru":
                assert any("а" <= c <= "я" for c in text.lower()), text
            if lang == "zh":
                assert any("\u4e00" <= c <= "\u9fff" for c in text), text


def test_cyrillic_letter_is_named_by_its_position() -> None:
    code = codes.generate(FORMATS["fernpad"], random.Random(1))
    mangled = code[:3] + "С" + code[4:]  # Cyrillic Es
    result = check_code(mangled, VENDOR, "en")
    homoglyph = next(p for p in result["problems"] if p["kind"] == "homoglyph")
    assert homoglyph["positions"] == [3]
    assert "Character 4" in homoglyph["message"] and "Cyrillic" in homoglyph["message"]


def test_card_number_is_never_echoed_whole() -> None:
    card = "4111 1111 1111 1111"
    for lang in LANGUAGES:
        result = check_code(f"my card {card}", VENDOR, lang)
        assert result["kind"] == "card_number"
        assert "1111 1111 1111" not in json.dumps(result, ensure_ascii=False)


def test_vendor_in_list_or_by_id_form_gives_the_same_answer() -> None:
    text = " fp-" + codes.generate(FORMATS["fernpad"], random.Random(2))[3:]
    assert check_code(text, VENDOR) == check_code(text, by_id(VENDOR))


def test_unknown_expected_format_is_refused() -> None:
    with pytest.raises(ValueError):
        check_code("x", VENDOR, expected_format="nope")


# --- properties ----------------------------------------------------------------------


@FAST
@given(st.text(max_size=10_000))
def test_check_code_never_raises_and_is_json_safe(text: str) -> None:
    result = check_code(text, VENDOR, "ru")
    json.dumps(result)
    assert set(result) >= {"valid", "kind", "format", "product", "fixed", "display", "problems"}
    for problem in result["problems"]:
        assert all(0 <= i < len(text) for i in problem["positions"])


_CODE_CHARS = "".join(sorted({c for f in FORMATS.values() for c in f["alphabet"]}))
_NOISE = st.text(alphabet=_CODE_CHARS + "-–— \u200bОоСс０１ＡIlO.\n", max_size=40)


@FAST
@given(st.one_of(_NOISE, st.text(max_size=60)), st.sampled_from(LANGUAGES))
def test_applying_the_fix_is_idempotent(text: str, lang: str) -> None:
    fixed = check_code(text, VENDOR, lang)["fixed"]
    if fixed is not None:
        again = check_code(fixed, VENDOR, lang)
        assert again["valid"] and again["fixed"] == fixed and again["problems"] == []


@FAST
@given(st.sampled_from(sorted(FORMATS)), st.randoms(use_true_random=False), st.data())
def test_mangled_real_codes_are_fixed_back(fmt_id: str, rng: random.Random, data) -> None:
    fmt = FORMATS[fmt_id]
    code = codes.generate(fmt, rng)
    noise = data.draw(st.sampled_from([" {}", "{}\t", "\ufeff{}", "{}\n", "«{}»"]))
    assert check_code(noise.format(code), VENDOR)["fixed"] == code


def _lookalike_swaps(code: str, fmt: dict) -> list[tuple[int, str]]:
    swaps = []
    start = len(fmt.get("prefix") or "") + 1 if fmt.get("prefix") else 0
    for i in range(start, len(code)):
        for group in LOOKALIKE_GROUPS:
            if code[i] in group:
                swaps += [(i, x) for x in group if x != code[i]]
    return swaps


@FAST
@given(st.sampled_from(sorted(FORMATS)), st.randoms(use_true_random=False))
def test_every_single_lookalike_substitution_is_diagnosed(fmt_id: str, rng) -> None:
    fmt = FORMATS[fmt_id]
    code = codes.generate(fmt, rng)
    for i, other in _lookalike_swaps(code, fmt):
        mangled = code[:i] + other + code[i + 1 :]
        if codes.format(mangled, fmt) == code:
            continue  # same code for a case-insensitive format (e.g. "s" for "S")
        result = check_code(mangled, VENDOR)
        assert not result["valid"]
        if [p["kind"] for p in result["problems"]] == ["card_number"]:
            # A run of 13-19 digits that passes Luhn's check is treated as a
            # payment card (privacy first): said so, and nothing is echoed.
            digits = [c for c in mangled if c.isdigit()]
            assert len(digits) >= 13 and result["fixed"] is None, (mangled, result)
            continue
        flagged = [p for p in result["problems"] if i in p["positions"] or not p["positions"]]
        assert flagged, (mangled, result["problems"])
        # Unambiguous when the substitution is the ONLY single look-alike repair.
        repairs = {
            codes.format(mangled[:j] + y + mangled[j + 1 :], fmt)
            for j, y in _lookalike_swaps(mangled, fmt) + _case_swaps(mangled, fmt)
            if codes.is_valid(mangled[:j] + y + mangled[j + 1 :], fmt)
        }
        if repairs == {code}:
            assert result["fixed"] == code, (mangled, result["problems"])
        elif result["fixed"] is not None:
            assert result["fixed"] == code


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [
        # Z22222-… with one Z typed as 2: seven single slips would fit the check,
        # so the code does not add up; Caps Lock would change every letter.
        ("222222-222A2A-A62XAS", ["checksum"]),
        # NBTj56-wc8Rf5-aF47VK typed with Caps Lock on: no single slip fits.
        ("NBTJ56-WC8RF5-AF47VK", ["wrong_case"]),
    ],
)
def test_a_code_in_capitals_is_blamed_on_caps_lock_only_when_no_single_slip_fits(
    typed: str, kinds: list[str]
) -> None:
    result = check_code(typed, VENDOR)
    assert [p["kind"] for p in result["problems"]] == kinds
    assert not result["valid"] and result["fixed"] is None


def _case_swaps(code: str, fmt: dict) -> list[tuple[int, str]]:
    if not fmt.get("case_sensitive"):
        return []
    return [(i, c.swapcase()) for i, c in enumerate(code) if c.isalpha()]
