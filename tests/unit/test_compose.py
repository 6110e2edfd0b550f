"""The support message composer: routing, masking, limits, languages."""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.vendorshape import by_id
from wizard import compose as c
from wizard.cards import luhn_ok
from wizard.vendor import LANGUAGES, load_vendor
from wizardtools import flows

CARD = "4111 1111 1111 1111"
# The flows escalate to these ids; the composer must know exactly them.
PROBLEMS = flows.PROBLEMS


@pytest.fixture(scope="module")
def vendor() -> dict:
    return by_id(load_vendor())


@pytest.fixture(scope="module")
def mail_reseller(vendor) -> dict:
    """The demo vendor with one reseller that takes e-mail."""
    v = copy.deepcopy(vendor)
    v["resellers"]["paddle"]["support_email"] = "sellers@paddle.example"
    return v


def full_answers(problem: str, vendor: dict) -> dict[str, str]:
    """A plausible value for every field of ``problem``."""
    samples = {
        "text": "value-{id}",
        "email": "anna@mail.example",
        "date": "2026-06-02",
        "textarea": "first line of {id}\nsecond line",
    }
    answers = {}
    for field in c.problem_form(problem, "en", vendor)["fields"]:
        if field["type"] == "select":
            answers[field["id"]] = field["options"][-1]["value"]
        else:
            answers[field["id"]] = samples[field["type"]].format(id=field["id"])
    return answers


def test_problem_ids_are_the_ones_the_flows_use():
    assert tuple(c.problem_ids()) == PROBLEMS


# -- strings in every language ------------------------------------------------------


def _strings(node, path=""):
    if isinstance(node, dict) and set(node) & set(LANGUAGES):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")


@pytest.mark.parametrize("source", ["problems", "messages"])
def test_every_string_exists_in_en_ru_and_zh(source):
    data = c.problems_data() if source == "problems" else c.messages()
    found = list(_strings(data))
    assert len(found) > 10
    for path, texts in found:
        assert set(texts) == set(LANGUAGES), path
        assert all(isinstance(t, str) and t.strip() for t in texts.values()), path
        assert len(set(texts.values())) == 3 or path.endswith("label_separator"), path


def test_russian_and_chinese_strings_are_written_in_their_scripts():
    for path, texts in _strings({**c.problems_data(), **c.messages()}):
        if path.endswith("label_separator"):
            continue
        assert re.search("[а-яё]", texts["ru"], re.I), path
        assert re.search("[\u4e00-\u9fff]", texts["zh"]), path


def test_every_field_and_reminder_a_problem_names_is_defined():
    data = c.problems_data()
    for pid, spec in data["problems"].items():
        assert spec["category"] in c.CATEGORIES, pid
        assert not set(spec["required"]) & set(spec["optional"]), pid
        for fid in spec["required"] + spec["optional"]:
            assert data["fields"][fid]["type"] in c.FIELD_TYPES, (pid, fid)
        for reminder in spec["reminders"]:
            assert reminder in data["reminders"], (pid, reminder)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_complete_message_has_every_part_in_the_readers_language(problem, lang, vendor):
    answers = {**full_answers(problem, vendor), "name": "Anna", "tried": "Reinstalled it"}
    msg = c.compose(problem, answers, lang, vendor)
    text, fields = c.messages(), c.problems_data()["fields"]
    body = msg["body"]
    assert body.startswith(text["greeting"][lang].format(to_name=msg["to_name"]))
    assert c.problems_data()["problems"][problem]["intro"][lang] in body
    assert text["tried_heading"][lang] + "\nReinstalled it" in body
    assert text["closing"][lang] + "\nAnna" in body
    notice, note = text["card_notice"][lang], text["reference_note"][lang]
    assert f"{notice}\n\n{note}\nRef: KG1 " in body
    assert body.endswith(msg["reference"]) and msg["reference"].startswith("Ref: KG1 ")
    for fid in answers:
        if fid not in ("name", "tried"):
            assert fields[fid]["label"][lang] in body, fid
    assert msg["missing"] == []
    assert not [w for w in msg["warnings"] if w["code"] == "missing_required"]


def test_select_answers_are_shown_by_name(vendor):
    answers = {"reseller": "2checkout", "product": "fernvault"}
    body = c.compose("lost_code", answers, "en", vendor)["body"]
    assert "Payment platform: 2Checkout (Verifone)" in body
    assert "Product: Fernvault Pro" in body


def test_multiline_answers_are_indented_under_their_label(vendor):
    body = c.compose("invoice", {"company": "Acme GmbH\nMain St 1"}, "en", vendor)["body"]
    assert "Company name and address:\n  Acme GmbH\n  Main St 1" in body


def test_chinese_lines_use_a_full_width_colon(vendor):
    body = c.compose("code_invalid", {"version": "5.2"}, "zh", vendor)["body"]
    assert "软件版本：5.2" in body


def test_unknown_language_and_problem_are_refused(vendor):
    with pytest.raises(ValueError, match="language"):
        c.compose("refund", {}, "de", vendor)
    with pytest.raises(KeyError, match="unknown problem"):
        c.compose("printer_on_fire", {}, "en", vendor)


# -- routing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "route"),
    [
        ("not_received", "vendor"),
        ("lost_code", "vendor"),
        ("order_declined", "reseller"),
        ("invoice", "reseller"),
        ("refund", "vendor"),
        ("code_invalid", "vendor"),
        ("activation_failed", "vendor"),
        ("offline_activation", "vendor"),
        ("download", "vendor"),
        ("move_license", "vendor"),
        ("refund_duplicate", "vendor"),  # FastSpring: only with the vendor's approval
    ],
)
def test_routing_follows_the_vendor_config(problem, route, vendor):
    msg = c.compose(problem, {"reseller": "fastspring"}, "en", vendor)
    assert msg["route"] == route
    if route == "reseller":
        assert (msg["to"], msg["to_name"]) == (
            vendor["resellers"]["fastspring"]["support_url"],
            "FastSpring",
        )
        assert msg["to_kind"] == "url" and msg["mailto"] is None
        assert "web_form" in {w["code"] for w in msg["warnings"]}
    else:
        assert msg["to"] == vendor["vendor"]["support"]["email"]
        assert msg["mailto"].startswith("mailto:" + msg["to"])


def test_a_duplicate_payment_goes_where_the_reseller_row_says(vendor):
    """Paddle refunds duplicates itself; FastSpring needs the vendor's approval."""
    paddle = c.compose("refund_duplicate", {"reseller": "paddle"}, "en", vendor)
    assert (paddle["route"], paddle["to"]) == ("reseller", vendor["resellers"]["paddle"]["support_url"])
    fastspring = c.compose("refund_duplicate", {"reseller": "fastspring"}, "en", vendor)
    assert (fastspring["route"], fastspring["to"]) == ("vendor", vendor["vendor"]["support"]["email"])


def test_a_duplicate_payment_needs_no_logs_but_a_defect_refund_does(vendor):
    duplicate = c.problem_form("refund_duplicate", "en", vendor)
    required = [f["id"] for f in duplicate["fields"] if f["required"]]
    assert "logs" not in [f["id"] for f in duplicate["fields"]]
    assert required == ["order_number", "other_order", "order_email", "reseller"]
    refund = c.problem_form("refund", "en", vendor)
    assert "logs" in [f["id"] for f in refund["fields"] if f["required"]]


def test_changing_routing_in_the_config_moves_a_problem(vendor):
    v = copy.deepcopy(vendor)
    v["routing"]["problems"]["invoice"]["handler"] = "vendor"
    assert c.compose("invoice", {"reseller": "paddle"}, "en", v)["route"] == "vendor"
    assert c.compose("order_declined", {"reseller": "paddle"}, "en", v)["route"] == "reseller"
    v["routing"]["problems"]["invoice"]["include"] = ["company"]
    assert c.compose("invoice", {"reseller": "paddle"}, "en", v)["missing"] == ["company"]


def test_the_customers_chosen_reseller_gets_the_message(mail_reseller):
    msg = c.compose("invoice", {"reseller": "paddle"}, "en", mail_reseller)
    assert (msg["to"], msg["to_kind"]) == ("sellers@paddle.example", "email")
    assert msg["mailto"].startswith("mailto:sellers@paddle.example?subject=")


@pytest.mark.parametrize("problem", ["invoice", "refund_duplicate"])
def test_without_a_known_reseller_the_vendor_gets_it_with_a_warning(problem, vendor):
    for answers in ({}, {"reseller": "nobody"}):
        msg = c.compose(problem, answers, "ru", vendor)
        assert msg["route"] == "vendor"
        assert msg["to"] == vendor["vendor"]["support"]["email"]
        codes = {w["code"] for w in msg["warnings"]}
        assert "reseller_unknown" in codes
        assert vendor["vendor"]["name"] in next(
            w["text"] for w in msg["warnings"] if w["code"] == "reseller_unknown"
        )


def test_refund_carries_the_special_cases_policy_notice(vendor):
    msg = c.compose("refund", {}, "zh", vendor)
    assert "refund_special_cases" in {w["code"] for w in msg["warnings"]}
    lenient = copy.deepcopy(vendor)
    lenient["vendor"]["refund"]["policy"] = "thirty_days"
    assert "refund_special_cases" not in {
        w["code"] for w in c.compose("refund", {}, "zh", lenient)["warnings"]
    }


# -- missing and invalid fields --------------------------------------------------------


def test_missing_lists_the_empty_required_fields_in_order(vendor):
    answers = {"order_number": "12345678", "amount": "   ", "reseller": "paddle"}
    msg = c.compose("not_received", answers, "en", vendor)
    assert msg["missing"] == ["order_email", "purchase_date", "amount"]
    flagged = [w["field"] for w in msg["warnings"] if w["code"] == "missing_required"]
    assert flagged == msg["missing"]


def test_optional_fields_are_never_missing(vendor):
    spec = c.problems_data()["problems"]["activation_failed"]
    answers = {fid: "x" for fid in spec["required"]}
    answers["product"] = "fernpad"
    assert c.compose("activation_failed", answers, "en", vendor)["missing"] == []


def test_bad_email_date_and_choice_are_warned_about(vendor):
    answers = {"order_email": "anna@", "purchase_date": "02.06.2026", "reseller": "ebay"}
    codes = {
        (w["code"], w["field"])
        for w in c.compose("not_received", answers, "en", vendor)["warnings"]
    }
    assert {
        ("email_invalid", "order_email"),
        ("date_invalid", "purchase_date"),
        ("option_unknown", "reseller"),
    } <= codes


def test_screenshot_reminder_comes_with_code_problems(vendor):
    reminder = c.problems_data()["reminders"]["screenshot"]["ru"]
    assert c.compose("code_invalid", {}, "ru", vendor)["reminders"] == [reminder]
    assert reminder in c.problem_form("code_invalid", "ru", vendor)["reminders"]
    assert c.compose("invoice", {}, "ru", vendor)["reminders"] == []


# -- card masking -------------------------------------------------------------------


@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_card_number_is_masked_in_every_field(problem, vendor):
    for field in c.problem_form(problem, "en", vendor)["fields"]:
        answers = {field["id"]: f"see {CARD} ok"}
        msg = c.compose(problem, answers, "ru", vendor)
        everything = "\n".join(
            str(msg[k]) for k in ("subject", "body", "body_team", "clipboard", "mailto")
        )
        digits = re.sub(r"\D", "", unquote(everything))
        assert "4111111111111111" not in digits, field["id"]
        assert ("card_masked", field["id"]) in {(w["code"], w["field"]) for w in msg["warnings"]}


def test_masked_card_keeps_only_the_last_four_digits_in_the_body(vendor):
    msg = c.compose("code_invalid", {"code": "5500-0000-0000-0004"}, "en", vendor)
    assert "License code: •••• •••• •••• 0004" in msg["body"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=15, max_size=15),
    st.sampled_from([" ", "-", ""]),
    st.sampled_from(["tried", "order_number", "reason", "logs", "name"]),
)
def test_any_luhn_valid_card_never_survives(vendor, digits, sep, field):
    for check in range(10):
        number = "".join(map(str, digits)) + str(check)
        if luhn_ok(number):
            break
    grouped = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    msg = c.compose("refund", {field: f"card {grouped}."}, "zh", vendor)
    assert number not in re.sub(r"\D", "", msg["clipboard"])


# -- English copy for the team ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_an_english_copy_comes_when_the_reader_writes_another_language(lang, vendor):
    msg = c.compose("activation_failed", {"device_id": "DEV-42", "version": "5.2"}, lang, vendor)
    assert msg["body_team"].startswith("Hello Brightfern Software support team,")
    assert "Device ID: DEV-42" in msg["body_team"]
    assert msg["subject_team"] == "Activation fails"
    assert msg["clipboard"].startswith(msg["body"])
    assert msg["clipboard"].endswith(msg["body_team"])


def test_no_copy_when_the_reader_writes_the_team_language(vendor):
    msg = c.compose("activation_failed", {"device_id": "DEV-42"}, "en", vendor)
    assert msg["body_team"] is None and msg["subject_team"] is None
    assert msg["clipboard"] == msg["body"]


def test_the_copy_follows_the_configured_team_language(vendor):
    v = copy.deepcopy(vendor)
    v["vendor"]["team_language"] = "ru"
    assert c.compose("invoice", {}, "ru", v)["body_team"] is None
    assert "Здравствуйте" in c.compose("invoice", {}, "en", v)["body_team"]


# -- mailto length --------------------------------------------------------------------


def test_a_short_message_fits_the_mailto_whole(vendor):
    msg = c.compose("code_invalid", {"code": "FP-1", "product": "fernpad"}, "en", vendor)
    assert msg["mailto_truncated"] is False and msg["mailto_content"] == "full"
    assert unquote(msg["mailto"].split("&body=", 1)[1]) == msg["body"].replace("\n", "\r\n")
    assert unquote(msg["mailto"].split("?subject=", 1)[1].split("&")[0]) == msg["subject"]


def test_a_foreign_message_drops_the_copy_before_it_drops_the_body(vendor):
    # Chinese: with the reference block a Russian body this size no longer fits alone.
    msg = c.compose("code_invalid", {"code": "FP-1", "product": "fernpad"}, "zh", vendor)
    assert len(c.mailto(msg["to"], msg["subject"], msg["clipboard"])) > c.MAILTO_LIMIT
    assert msg["mailto_content"] == "body" and msg["mailto_truncated"] is True
    assert unquote(msg["mailto"].split("&body=", 1)[1]) == msg["body"].replace("\n", "\r\n")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_huge_message_gets_the_paste_from_clipboard_mailto(problem, lang, mail_reseller):
    answers = {k: v * 300 for k, v in full_answers(problem, mail_reseller).items()}
    for field in c.problem_form(problem, lang, mail_reseller)["fields"]:
        if field["type"] == "select":
            answers[field["id"]] = "paddle" if field["id"] == "reseller" else "fernpad"
    msg = c.compose(problem, answers, lang, mail_reseller)
    assert msg["mailto"] is not None
    assert len(msg["mailto"]) <= c.MAILTO_LIMIT
    assert msg["mailto_truncated"] is True and msg["mailto_content"] == "short"
    assert c.messages()["mailto_short"][lang] in unquote(msg["mailto"])
    assert len(msg["body"]) > 3000  # the full text stays whole for the clipboard


def test_a_huge_order_number_is_cut_in_the_subject(vendor):
    msg = c.compose("code_invalid", {"order_number": "9" * 5000}, "zh", vendor)
    assert len(msg["subject"]) < 80
    assert len(msg["mailto"]) <= c.MAILTO_LIMIT


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(PROBLEMS),
    st.sampled_from(LANGUAGES),
    st.dictionaries(
        st.sampled_from(["order_number", "code", "tried", "name", "error_text", "reason"]),
        st.text(max_size=800),
    ),
)
def test_no_mailto_ever_exceeds_the_limit(mail_reseller, problem, lang, answers):
    answers["reseller"] = "paddle"
    msg = c.compose(problem, answers, lang, mail_reseller)
    assert msg["mailto"] is not None
    assert len(msg["mailto"]) <= c.MAILTO_LIMIT
    assert msg["mailto"].isascii() and " " not in msg["mailto"] and "\n" not in msg["mailto"]


# -- the form ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_problem_form_lists_required_fields_first_with_labels_and_options(lang, vendor):
    form = c.problem_form("not_received", lang, vendor)
    spec = c.problems_data()["problems"]["not_received"]
    ids = [f["id"] for f in form["fields"]]
    assert ids == spec["required"] + spec["optional"]
    assert [f["required"] for f in form["fields"]] == [True] * 5 + [False] * 3
    assert ids[:5] == vendor["routing"]["problems"]["not_received"]["include"]
    reseller = next(f for f in form["fields"] if f["id"] == "reseller")
    assert reseller["type"] == "select"
    assert [o["value"] for o in reseller["options"]] == list(vendor["resellers"])
    assert form["route"] == "vendor"  # seed 000: a missing code is the vendor's to chase
    assert form["notices"][0] == c.messages()["card_notice"][lang]


def test_problem_form_accepts_the_raw_vendor_yml_too():
    raw = load_vendor()
    form = c.problem_form("code_invalid", "en", raw)
    product = next(f for f in form["fields"] if f["id"] == "product")
    assert [o["label"] for o in product["options"]] == [p["name"] for p in raw["products"]]


def test_list_problems_names_every_problem_in_the_language():
    listed = c.list_problems("ru")
    assert [p["id"] for p in listed] == list(PROBLEMS)
    assert listed[0]["title"] == "Лицензионный код не пришёл"


# -- worker messages ------------------------------------------------------------------


@pytest.fixture
def ask():
    from wizard import api

    saved = dict(api.STATE)
    assert api.handle({"id": 0, "type": "configure", "payload": {"vendor": load_vendor()}})["ok"]

    def send(kind, **payload):
        return api.handle({"id": 1, "type": kind, "payload": payload})

    yield send
    api.STATE.clear()
    api.STATE.update(saved)


def test_problem_form_message_lists_problems_or_one_form(ask):
    listed = ask("problem_form", lang="zh")["result"]["problems"]
    assert [p["id"] for p in listed] == list(PROBLEMS)
    form = ask("problem_form", problem="invoice", lang="ru")["result"]
    assert form["title"] == c.problems_data()["problems"]["invoice"]["title"]["ru"]


def test_compose_message_masks_cards_and_answers_in_json(ask):
    reply = ask("compose", problem="code_invalid", lang="zh", answers={"code": CARD})
    assert reply["ok"] is True
    result = json.loads(json.dumps(reply["result"]))
    assert CARD not in result["clipboard"] and "•••• 1111" in result["body"]
    assert result["route"] == "vendor" and result["body_team"]


def test_compose_message_reports_an_unknown_problem_as_data(ask):
    reply = ask("compose", problem="nope", lang="en", answers={})
    assert reply["ok"] is False and reply["error"]["code"] == "bad_request"
    assert reply["error"]["message"].startswith("unknown problem 'nope'")
