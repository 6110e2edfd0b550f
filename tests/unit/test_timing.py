"""Timing with fixed clocks: DST changes, holidays, weekends, boundaries."""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard import timing
from wizard.vendor import Reseller, Support, Vendor, load_vendor

BERLIN = "Europe/Berlin"
SUPPORT_DATA = {
    "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
    "reply_hours": {"urgent": 2, "general": 24, "complex": 48},
}
SUPPORT = Support.from_data(SUPPORT_DATA, "en")
TIMING = {"normal_min": 15, "normal_max": 30, "peak_max": 120, "holiday_max": 1440}
RESELLER_DATA = {"id": "r", "timing": TIMING, "order_lookup_url": "https://shop.example/lookup"}
RESELLER = Reseller.from_data(RESELLER_DATA)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=timing.zone(BERLIN))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(scope="module")
def de_holidays() -> set[date]:
    return timing.holiday_dates("DE", [2025, 2026, 2027])


@pytest.fixture(scope="module")
def vendor() -> Vendor:
    return Vendor.load()


# -- estimate ------------------------------------------------------------------


def test_estimate_waits_until_normal_maximum_on_an_ordinary_day():
    result = timing.estimate(RESELLER, utc(2026, 6, 2, 10, 0), utc(2026, 6, 2, 10, 10))
    assert result["status"] == "wait"
    assert result["reason"] == "normal"
    assert result["expected_by"] == result["latest_by"] == "2026-06-02T10:30:00Z"
    assert result["earliest"] == "2026-06-02T10:15:00Z"
    assert result["next_action"] == {"action": "wait", "until": "2026-06-02T10:30:00Z"}
    assert result["minutes_left"] == 20


def test_estimate_is_overdue_exactly_at_latest_and_points_to_order_lookup():
    result = timing.estimate(RESELLER, utc(2026, 6, 2, 10, 0), utc(2026, 6, 2, 10, 30))
    assert result["status"] == "overdue"
    assert result["minutes_left"] == 0
    assert result["next_action"]["action"] == "lookup_order"
    assert result["next_action"]["url"] == RESELLER_DATA["order_lookup_url"]
    assert result["next_action"]["then"] == {"action": "contact", "problem": "not_received"}


def test_estimate_allows_two_hours_in_the_black_friday_peak():
    result = timing.estimate(RESELLER, utc(2026, 11, 27, 12, 0), utc(2026, 11, 27, 13, 0))
    assert (result["reason"], result["status"]) == ("peak", "wait")
    assert result["latest_by"] == "2026-11-27T14:00:00Z"
    assert result["expected_by"] == "2026-11-27T12:30:00Z"


def test_estimate_uses_the_resellers_own_peak_list():
    custom = Reseller.from_data({**RESELLER_DATA, "timing": {**TIMING, "peak": ["06-01..06-03"]}})
    assert timing.estimate(custom, utc(2026, 6, 2, 10), utc(2026, 6, 2, 10))["reason"] == "peak"
    assert timing.estimate(custom, utc(2026, 11, 27, 10), utc(2026, 11, 27, 10))["reason"] == (
        "normal"
    )


def test_estimate_allows_a_day_on_a_public_holiday(de_holidays):
    purchased = utc(2026, 10, 3, 8, 0)  # German Unity Day
    result = timing.estimate(RESELLER, purchased, purchased + timedelta(hours=5), de_holidays)
    assert (result["reason"], result["status"]) == ("holiday", "wait")
    assert result["latest_by"] == "2026-10-04T08:00:00Z"


def test_holiday_wins_over_peak_at_christmas_time(de_holidays):
    purchased = utc(2026, 12, 26, 9, 0)  # peak period and Second Day of Christmas
    assert timing.estimate(RESELLER, purchased, purchased, de_holidays)["reason"] == "holiday"


def test_estimate_judges_the_holiday_by_the_day_in_the_given_zone():
    # 23:30 UTC on Oct 2 is already Oct 3 in Berlin.
    purchased = utc(2026, 10, 2, 23, 30)
    days = {date(2026, 10, 3)}
    assert timing.estimate(RESELLER, purchased, purchased, days)["reason"] == "normal"
    assert timing.estimate(RESELLER, purchased, purchased, days, tz=BERLIN)["reason"] == "holiday"


def test_estimate_flags_a_purchase_time_in_the_future():
    result = timing.estimate(RESELLER, utc(2026, 6, 2, 12, 0), utc(2026, 6, 2, 11, 0))
    assert result["status"] == "future"
    assert result["next_action"] == {"action": "check_date"}


def test_estimate_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        timing.estimate(RESELLER, datetime(2026, 6, 2, 10), utc(2026, 6, 2, 10))


def test_estimate_fills_missing_timing_keys_from_the_seed_defaults():
    result = timing.estimate(Reseller.from_data({"id": "x"}), utc(2026, 6, 2, 10), utc(2026, 6, 2, 10))
    assert result["latest_by"] == "2026-06-02T10:30:00Z"


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    st.integers(min_value=0, max_value=3000),
)
def test_estimate_status_agrees_with_latest_by(purchased, minutes):
    purchased = purchased.replace(tzinfo=UTC)
    now = purchased + timedelta(minutes=minutes)
    result = timing.estimate(RESELLER, purchased, now)
    latest = timing.parse_instant(result["latest_by"])
    assert result["status"] == ("wait" if now < latest else "overdue")


def test_peak_periods_may_wrap_over_new_year():
    assert timing.is_peak(date(2027, 1, 2), ["12-28..01-03"])
    assert not timing.is_peak(date(2027, 1, 4), ["12-28..01-03"])


# -- support hours ---------------------------------------------------------------


def open_at(now, holidays=(), support=SUPPORT) -> bool:
    return timing.support_status(support, BERLIN, now, holidays)["open_now"]


def test_support_opens_exactly_at_opening_time(de_holidays):
    assert open_at(berlin(2026, 6, 2, 9, 0), de_holidays)
    assert not open_at(berlin(2026, 6, 2, 8, 59, 59), de_holidays)


def test_support_is_closed_exactly_at_closing_time(de_holidays):
    assert open_at(berlin(2026, 6, 2, 17, 59, 59), de_holidays)
    status = timing.support_status(SUPPORT, BERLIN, berlin(2026, 6, 2, 18, 0), de_holidays)
    assert status["open_now"] is False
    assert status["opens_at"] == "2026-06-03T07:00:00Z"  # 09:00 CEST
    assert status["closes_at"] is None


def test_support_is_closed_on_the_weekend_until_monday(de_holidays):
    status = timing.support_status(SUPPORT, BERLIN, berlin(2026, 6, 6, 11, 0), de_holidays)
    assert status["open_now"] is False
    assert status["opens_at"] == "2026-06-08T07:00:00Z"


def test_support_is_closed_on_german_unity_day(de_holidays):
    # October 3 2025 is a Friday: Thursday 17:00 leaves one hour, the next is Monday's.
    thursday = berlin(2025, 10, 2, 17, 0)
    assert not open_at(berlin(2025, 10, 3, 12, 0), de_holidays)
    status = timing.support_status(SUPPORT, BERLIN, thursday, de_holidays)
    assert status["reply_due"]["urgent"] == "2025-10-06T08:00:00Z"  # Mon 10:00 CEST


def test_holiday_on_a_weekday_closes_support_all_day(de_holidays):
    christmas = berlin(2026, 12, 25, 10, 0)  # a Friday
    assert christmas.weekday() == 4
    assert not open_at(christmas, de_holidays)
    status = timing.support_status(SUPPORT, BERLIN, christmas, de_holidays)
    assert status["opens_at"] == "2026-12-28T08:00:00Z"  # Monday 09:00 CET


def test_the_same_weekday_is_open_without_the_holiday_list():
    assert open_at(berlin(2026, 12, 25, 10, 0))


def test_opening_time_follows_the_spring_dst_change(de_holidays):
    before = timing.support_status(SUPPORT, BERLIN, berlin(2026, 3, 27, 19, 0), de_holidays)
    assert before["opens_at"] == "2026-03-30T07:00:00Z"  # Monday 09:00 CEST, not 08:00Z


def test_urgent_reply_due_spans_the_spring_dst_change(de_holidays):
    # Friday 17:00 CET (16:00Z): one working hour left, one more on Monday in CEST.
    status = timing.support_status(SUPPORT, BERLIN, berlin(2026, 3, 27, 17, 0), de_holidays)
    assert status["open_now"] is True
    assert status["closes_at"] == "2026-03-27T17:00:00Z"
    assert status["reply_due"]["urgent"] == "2026-03-30T08:00:00Z"


def test_general_reply_due_spans_the_autumn_dst_change(de_holidays):
    # Friday 2026-10-23 12:00 CEST: 6 h Fri, then 9 h Mon and 9 h Tue in CET.
    due = timing.add_working_hours(berlin(2026, 10, 23, 12, 0), 24, SUPPORT, BERLIN, de_holidays)
    assert due == berlin(2026, 10, 27, 18, 0).astimezone(UTC)
    assert timing.iso(due) == "2026-10-27T17:00:00Z"


def test_complex_reply_due_skips_easter_holidays(de_holidays):
    status = timing.support_status(SUPPORT, BERLIN, berlin(2026, 3, 27, 17, 0), de_holidays)
    # Good Friday (Apr 3) and Easter Monday (Apr 6) do not count.
    assert status["reply_due"]["complex"] == "2026-04-08T09:00:00Z"


def test_reply_due_that_fills_the_day_ends_at_closing_not_next_morning():
    due = timing.add_working_hours(berlin(2026, 6, 2, 16, 0), 2, SUPPORT, BERLIN)
    assert due == berlin(2026, 6, 2, 18, 0)


def test_reply_due_for_a_message_sent_at_night_starts_at_opening():
    due = timing.add_working_hours(berlin(2026, 6, 2, 23, 0), 2, SUPPORT, BERLIN)
    assert due == berlin(2026, 6, 3, 11, 0)


def test_support_status_uses_the_vendors_reply_targets():
    support = Support.from_data(
        {**SUPPORT_DATA, "reply_hours": {"urgent": 1, "general": 9, "complex": 18}}, "en")
    status = timing.support_status(support, BERLIN, berlin(2026, 6, 2, 9, 0))
    assert status["reply_due"] == {
        "urgent": "2026-06-02T08:00:00Z",
        "general": "2026-06-02T16:00:00Z",
        "complex": "2026-06-03T16:00:00Z",
    }


def test_support_hours_reject_a_close_before_open():
    bad = Support.from_data({"hours": {"days": ["mon"], "open": "18:00", "close": "09:00"}}, "en")
    with pytest.raises(ValueError, match="close"):
        open_at(berlin(2026, 6, 1, 10, 0), support=bad)


def test_local_text_formats_in_any_zone():
    assert timing.local_text("2026-03-30T08:00:00Z", BERLIN) == "2026-03-30 10:00 CEST (Mon)"
    assert timing.local_text("2026-03-30T08:00:00Z", "Asia/Shanghai") == (
        "2026-03-30 16:00 CST (Mon)"
    )


# -- zones and browser data ----------------------------------------------------------


def test_registered_tzif_zone_works_like_zoneinfo():
    blob = timing.tzif_bytes(BERLIN)
    tz = timing.register_zone("Test/Berlin", base64.b64encode(blob).decode())
    assert timing.zone("Test/Berlin") is tz
    assert datetime(2026, 7, 1, 12, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 1, 1, 12, tzinfo=tz).utcoffset() == timedelta(hours=1)


def test_build_browser_data_covers_every_country_and_the_vendor_zone(vendor):
    data = timing.build_browser_data(vendor, [2026])
    assert set(data) == {"holidays", "tzif"}
    assert set(data["holidays"]) == {"DE", "US", "GB"}
    assert "2026-10-03" in data["holidays"]["DE"]
    assert "2026-07-04" in data["holidays"]["US"]
    assert list(data["tzif"]) == [BERLIN]
    assert base64.b64decode(data["tzif"][BERLIN]).startswith(b"TZif")


def test_holidays_for_prefers_precomputed_data_when_it_covers_the_years():
    data = {"holidays": {"DE": ["2026-06-01"]}}
    assert timing.holidays_for("DE", [2026], data) == {date(2026, 6, 1)}
    assert date(2027, 10, 3) in timing.holidays_for("DE", [2027], data)


def test_reseller_country_falls_back_to_the_vendor_country(vendor):
    assert vendor.reseller("paddle").country == "GB"
    local = Vendor.from_data({**load_vendor(), "resellers": [{"id": "x"}]})
    assert local.reseller("x").country == "DE"
    with pytest.raises(KeyError, match="unknown reseller"):
        vendor.reseller("nope")


# -- clock skew and file age -----------------------------------------------------------


def test_clock_within_tolerance_is_in_sync():
    result = timing.clock_skew(utc(2026, 6, 2, 10, 4, 59), utc(2026, 6, 2, 10, 0))
    assert result == {"skew_seconds": 299, "ok": True, "direction": "in_sync", "zone_error": False}


def test_clock_behind_is_reported_with_a_negative_skew():
    result = timing.clock_skew(utc(2026, 6, 2, 9, 50), utc(2026, 6, 2, 10, 0), tolerance_seconds=60)
    assert result["skew_seconds"] == -600
    assert (result["ok"], result["direction"], result["zone_error"]) == (False, "behind", False)


def test_clock_off_by_whole_hours_hints_at_a_wrong_time_zone():
    result = timing.clock_skew(utc(2026, 6, 2, 7, 0, 20), utc(2026, 6, 2, 10, 0))
    assert (result["direction"], result["zone_error"]) == ("behind", True)


def test_clock_skew_compares_instants_not_wall_times():
    same = timing.clock_skew(berlin(2026, 3, 29, 3, 0), utc(2026, 3, 29, 1, 0))
    assert same["skew_seconds"] == 0


def test_file_age_expires_on_the_validity_day():
    assert timing.file_age("2026-01-01", "2026-12-31")["expired"] is False
    last = timing.file_age("2026-01-01", "2027-01-01")
    assert (last["expired"], last["expires_on"], last["days_left"]) == (True, "2027-01-01", 0)


def test_file_age_asks_for_renewal_in_the_last_month():
    assert timing.file_age("2026-01-01", "2026-12-02")["renew_soon"] is True
    assert timing.file_age("2026-01-01", "2026-12-01")["renew_soon"] is False


def test_file_age_counts_aware_datetimes_in_utc():
    result = timing.file_age(berlin(2026, 1, 1, 0, 30), utc(2026, 1, 11, 0, 0), validity_days=10)
    # 00:30 in Berlin is still Dec 31 in UTC.
    assert result["expires_on"] == "2026-01-10"
    assert result["expired"] is True


# -- worker messages ------------------------------------------------------------------


@pytest.fixture
def configured(vendor):
    """wizard.api configured like the site does: vendor.yml plus browser data."""
    from wizard import api

    saved = dict(api.STATE)
    raw = load_vendor()

    def configure(data=None, **overrides):
        config = copy.deepcopy(raw)
        config["vendor"].update(overrides)
        payload = {"vendor": config, **(data if data is not None else {})}
        assert api.handle({"id": 0, "type": "configure", "payload": payload})["ok"]

        def ask(kind, **payload):
            reply = api.handle({"id": 1, "type": kind, "payload": payload})
            assert reply["ok"], reply
            return json.loads(json.dumps(reply["result"]))  # JSON-safe

        return ask

    yield configure
    api.STATE.clear()
    api.STATE.update(saved)


def test_estimate_message_uses_the_resellers_country_holidays(configured):
    ask = configured(timing.build_browser_data(load_vendor(), [2026]))
    july_4 = ask("estimate", reseller="2checkout", purchased="2026-07-04T15:00:00Z",
                 now="2026-07-04T16:00:00Z")
    assert (july_4["reason"], july_4["status"]) == ("holiday", "wait")
    uk = ask("estimate", reseller="paddle", purchased="2026-07-04T15:00:00Z",
             now="2026-07-04T16:00:00Z")
    assert (uk["reason"], uk["status"]) == ("normal", "overdue")
    assert uk["next_action"]["url"] == "https://paddle.net/"


def test_support_hours_message_reads_holidays_from_browser_data(configured):
    made_up = {"holidays": {"DE": ["2026-06-02", "2027-01-01"], "US": [], "GB": []}}
    closed = configured(made_up)("support_hours", now="2026-06-02T10:00:00Z")
    assert closed["open_now"] is False
    assert closed["opens_at"] == "2026-06-03T07:00:00Z"
    normal = configured(timing.build_browser_data(load_vendor(), [2026, 2027]))
    assert normal("support_hours", now="2026-06-02T10:00:00Z")["open_now"] is True


def test_support_hours_message_registers_the_shipped_tzif_zone(configured):
    blob = base64.b64encode(timing.tzif_bytes("America/New_York")).decode()
    data = {"holidays": {"DE": ["2026-01-01", "2027-01-01"]}, "tzif": {"Shipped/Zone": blob}}
    ask = configured(data, timezone="Shipped/Zone")
    status = ask("support_hours", now="2026-06-02T12:00:00Z")  # 08:00 in New York
    assert status["open_now"] is False
    assert status["opens_at"] == "2026-06-02T13:00:00Z"


def test_clock_skew_and_file_age_messages(configured):
    ask = configured(timing.build_browser_data(load_vendor(), [2026]))
    skew = ask("clock_skew", device_time="2026-06-02T09:59:00Z",
               trusted_time="2026-06-02T10:00:00Z", tolerance_seconds=30)
    assert skew == {"skew_seconds": -60, "ok": False, "direction": "behind", "zone_error": False,
                    "status": "skewed"}
    age = ask("file_age", issued="2026-01-10", now="2026-12-20")
    assert (age["expires_on"], age["days_left"], age["renew_soon"]) == ("2027-01-10", 21, True)
    assert age["status"] == "valid"
    short = ask("file_age", issued="2026-01-10", now="2026-12-20", validity_days=30)
    assert (short["expired"], short["status"]) == (True, "expired")


def test_timing_messages_report_bad_input_as_data(configured):
    from wizard import api

    configured({})
    reply = api.handle({"id": 3, "type": "estimate",
                        "payload": {"reseller": "nope", "purchased": "2026-06-02T10:00Z"}})
    assert reply["ok"] is False and reply["error"]["code"] == "bad_request"
    assert reply["error"]["message"].startswith("unknown reseller 'nope'")
    reply = api.handle({"id": 4, "type": "clock_skew", "payload": {"device_time": "10:00"}})
    assert reply["ok"] is False
