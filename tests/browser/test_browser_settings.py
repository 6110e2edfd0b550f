"""Every browser context the suite makes states its locale and time zone, so
no result depends on the machine's LANG or TZ (a fresh machine's Chromium
starts in en-US with a 12-hour clock)."""

from __future__ import annotations

import pytest

from tests.conftest import LOCALE, TIMEZONE

pytestmark = pytest.mark.browser
SETTINGS = "() => Intl.DateTimeFormat().resolvedOptions()"


def test_the_page_fixture_runs_in_the_suites_locale_and_zone(page) -> None:
    options = page.evaluate(SETTINGS)
    assert (options["locale"], options["timeZone"]) == (LOCALE, TIMEZONE)


def test_a_context_made_by_a_test_gets_them_too_unless_it_names_its_own(browser) -> None:
    plain = browser.new_context()
    own = browser.new_context(locale="ru-RU", timezone_id="Asia/Tokyo")
    try:
        options = plain.new_page().evaluate(SETTINGS)
        assert (options["locale"], options["timeZone"]) == (LOCALE, TIMEZONE)
        options = own.new_page().evaluate(SETTINGS)
        assert (options["locale"], options["timeZone"]) == ("ru-RU", "Asia/Tokyo")
    finally:
        plain.close()
        own.close()
