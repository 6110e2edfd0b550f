"""The typed vendor: one shape from every source, defaults applied once, words in data."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from sitebuild.assets import browser_data
from sitebuild.hours import support_hours
from tests.paths import ROOT
from tests.vendorshape import by_id
from wizard import channels
from wizard.vendor import (
    DEFAULT_PEAK,
    DEFAULT_VALIDITY_DAYS,
    Hours,
    Vendor,
    load_vendor,
)
from wizardtools.i18n_status import data_status

RAW = load_vendor()


def _summary(v: Vendor) -> dict:
    """What the wizard reads, as plain values."""
    return {
        "name": v.name, "tz": v.timezone, "country": v.country, "team": v.team_language,
        "hours": v.support.hours, "reply": dict(v.support.reply_hours),
        "validity": v.validity_days, "refund": v.refund_policy,
        "channels": [(c.kind, c.value, c.hours, c.languages) for c in v.support.channels],
        "products": {k: (p.name, p.format) for k, p in v.products.items()},
        "formats": {k: f.spec for k, f in v.formats.items()},
        "resellers": {k: (r.name, r.country, r.timing, r.order_id_patterns, r.order_lookup_url)
                      for k, r in v.resellers.items()},
        "past": {k: r.order_id_patterns for k, r in v.past_resellers.items()},
        "routing": json.dumps(dict(v.routing), default=dict, sort_keys=True),
    }


def test_vendor_yml_data_json_and_the_id_keyed_shape_read_the_same() -> None:
    public = browser_data(RAW)["vendor"]
    assert isinstance(public["resellers"], list) and "email_sender" not in json.dumps(public)
    typed = _summary(Vendor.from_data(RAW))
    assert _summary(Vendor.from_data(public)) == typed
    assert _summary(Vendor.from_data(by_id(RAW))) == typed
    assert list(typed["resellers"]) == [r["id"] for r in RAW["resellers"]]  # file order kept


def test_defaults_are_applied_once_when_the_file_leaves_them_out() -> None:
    bare = Vendor.from_data({
        "vendor": {"name": "Acme", "country": "FR", "support": {"email": "a@acme.example"}},
        "resellers": [{"id": "r", "timing": {"peak_max": 90}}],
    })
    assert bare.support.hours == Hours(("mon", "tue", "wed", "thu", "fri"), "09:00", "18:00")
    assert dict(bare.support.reply_hours) == {"urgent": 2, "general": 24, "complex": 48}
    assert bare.validity_days == DEFAULT_VALIDITY_DAYS == 365
    seller = bare.resellers["r"]
    assert (seller.timing.normal_min, seller.timing.normal_max, seller.timing.peak_max,
            seller.timing.holiday_max, seller.timing.peak) == (15, 30, 90, 1440, DEFAULT_PEAK)
    assert seller.country == "FR"  # the vendor's country when the reseller has none
    assert bare.support.reply_languages == ("en",)
    (only,) = bare.support.channels
    assert (only.kind, only.value, only.hours) == ("email", "a@acme.example", bare.support.hours)


def test_a_channel_without_hours_has_the_support_hours_and_its_own_when_given() -> None:
    v = Vendor.from_data({"vendor": {"support": {
        "hours": {"days": ["mon"], "open": "10:00", "close": "12:00"},
        "channels": [{"kind": "phone", "number": "+1 555"},
                     {"kind": "phone", "number": "+2 555", "hours": {"close": "11:00"}}]}}})
    first, second = v.support.channels
    assert first.hours == Hours(("mon",), "10:00", "12:00")
    assert second.hours == Hours(("mon",), "10:00", "11:00")


def test_the_records_are_frozen_and_so_is_what_they_hold() -> None:
    v = Vendor.from_data(RAW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        v.resellers["x"] = v.resellers["paddle"]  # type: ignore[index]
    with pytest.raises(TypeError):
        v.own["name"] = "Other"  # type: ignore[index]
    assert RAW["resellers"][0]["order_id_patterns"] == ["\\d{8,10}"]  # the input is untouched


def test_the_configure_message_installs_a_vendor_from_data_json() -> None:
    from wizard import api

    payload = {"vendor": browser_data(RAW)["vendor"]}
    reply = api.handle({"id": 1, "type": "configure", "payload": payload})
    assert reply["ok"] and reply["result"]["formats"] == sorted(f["id"] for f in RAW["formats"])
    assert isinstance(api.vendor(), Vendor)
    assert api.vendor().resellers["paddle"].country == "GB"


def test_channel_hours_and_the_articles_hours_use_one_day_table() -> None:
    hours = Hours(("mon", "tue", "wed", "thu", "fri"), "09:00", "18:00")
    days = json.loads((ROOT / "wizard/data/channels_text.json").read_text("utf-8"))["day"]
    for lang in ("en", "ru", "zh"):
        for text in (channels.hours_text(hours, "Europe/Berlin", lang),
                     str(support_hours(Vendor.from_data(RAW), lang))):
            assert days["mon"][lang] in text and days["fri"][lang] in text


PER_LANGUAGE_LITERAL = re.compile(r"""["'](?:ru|zh)["']\s*:\s*[f]?["']""")


@pytest.mark.parametrize("path", [
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "wizard").glob("*.py")),
    "sitebuild/hours.py", "sitebuild/variables.py",
])
def test_no_translation_is_written_in_python(path: str) -> None:
    source = (ROOT / path).read_text("utf-8")
    code = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith((">>>", "...")))  # doctest examples may
    assert not PER_LANGUAGE_LITERAL.search(code), f"{path}: move the words to wizard/data/*.json"


def _copy_data(tmp_path: Path, name: str, change) -> Path:
    out = tmp_path / "data"
    out.mkdir()
    data = json.loads((ROOT / "wizard/data" / name).read_text("utf-8"))
    change(data)
    (out / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return out


def test_translation_status_sees_day_names_and_channel_words(tmp_path: Path) -> None:
    def drop_monday(data: dict) -> None:
        del data["day"]["mon"]["ru"]

    _, found = data_status(_copy_data(tmp_path, "channels_text.json", drop_monday))
    assert [(f.lang, f.kind, f.where) for f in found] == [("ru", "missing", "day.mon")]


def test_translation_status_sees_the_hours_sentences(tmp_path: Path) -> None:
    def english_note(data: dict) -> None:
        data["ru"]["note"] = data["en"]["note"]

    _, found = data_status(_copy_data(tmp_path, "hours_text.json", english_note))
    assert [(f.lang, f.kind, f.where) for f in found] == [("ru", "english", "note")]


def test_translation_status_sees_english_left_in_channel_labels(tmp_path: Path) -> None:
    def english_label(data: dict) -> None:
        data["label"]["phone"]["zh"] = "Phone number"

    _, found = data_status(_copy_data(tmp_path, "channels_text.json", english_label))
    assert [(f.lang, f.kind, f.where) for f in found] == [("zh", "english", "label.phone")]


def test_a_blank_translation_counts_as_missing_only_when_the_english_has_words(
    tmp_path: Path,
) -> None:
    def blank_zh(data: dict) -> None:
        data["zh"]["reader"] = " "
        assert data["en"]["sentence_sep"] == " " and data["zh"]["sentence_sep"] == ""

    _, found = data_status(_copy_data(tmp_path, "hours_text.json", blank_zh))
    assert [(f.lang, f.kind, f.where) for f in found] == [("zh", "missing", "reader")]
