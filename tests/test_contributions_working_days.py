"""Working days (``contributions.working_days``): weekends and public holidays do not count, in
both directions; France's holidays move with Easter; the holidays setting and its check."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from wagtail_social.contributions import checks
from wagtail_social.contributions.working_days import (
    Calendar,
    add_working_days,
    easter_sunday,
    french_public_holidays,
    working_days_between,
    working_time,
)

PARIS = ZoneInfo("Europe/Paris")
DAY = datetime.timedelta(days=1)


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, datetime.date(2024, 3, 31)),
        (2025, datetime.date(2025, 4, 20)),
        (2027, datetime.date(2027, 3, 28)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_frances_public_holidays_of_2027():
    assert french_public_holidays(2027) == [
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 29),  # Easter Monday
        datetime.date(2027, 5, 1),
        datetime.date(2027, 5, 6),  # Ascension Thursday
        datetime.date(2027, 5, 8),
        datetime.date(2027, 5, 17),  # Whit Monday
        datetime.date(2027, 7, 14),
        datetime.date(2027, 8, 15),
        datetime.date(2027, 11, 1),
        datetime.date(2027, 11, 11),
        datetime.date(2027, 12, 25),
    ]


def test_friday_afternoon_before_easter_monday_plus_two_working_days_is_wednesday():
    asked = paris(2027, 3, 26, 16, 0)  # Friday; Monday 29 is Easter Monday
    assert add_working_days(asked, 2) == paris(2027, 3, 31, 16, 0)
    # Without holidays (the default setting), Tuesday.
    assert add_working_days(asked, 2, Calendar(lambda year: [])) == paris(2027, 3, 30, 16, 0)


def test_back_in_the_other_direction():
    due = paris(2027, 3, 31, 16, 0)
    assert add_working_days(due, -2) == paris(2027, 3, 26, 16, 0)
    assert working_time(paris(2027, 3, 26, 16, 0), due) == 2 * DAY
    assert working_time(due, paris(2027, 3, 26, 16, 0)) == -2 * DAY


def test_half_a_target_is_half_the_working_time():
    asked = paris(2027, 3, 26, 16, 0)
    assert add_working_days(asked, 1) == paris(2027, 3, 30, 16, 0)
    # Half a day: 8 hours left on Friday, then 4 on Tuesday (the weekend and Monday skipped).
    assert add_working_days(asked, 0.5) == paris(2027, 3, 30, 4, 0)


def test_a_question_asked_on_a_saturday_starts_its_clock_on_monday():
    asked = paris(2027, 4, 3, 11, 30)  # Saturday
    assert add_working_days(asked, 2) == paris(2027, 4, 7, 0, 0)  # Monday and Tuesday, whole
    assert working_time(asked, paris(2027, 4, 5, 0, 0)) == datetime.timedelta(0)


def test_working_time_skips_weekends_and_holidays_over_a_daylight_saving_change():
    # Summer time starts on Sunday 28 March 2027: a non-working day, so nothing shifts.
    start, end = paris(2027, 3, 25, 9, 0), paris(2027, 4, 1, 9, 0)
    # Thu 9:00 → Fri 24:00 (39 h), Tue and Wed (48 h), Thu 0:00 → 9:00 (9 h).
    assert working_time(start, end) == datetime.timedelta(hours=96)
    assert working_days_between(start, end) == 4.0


def test_across_new_year():
    asked = paris(2027, 12, 31, 10, 0)  # Friday; 1 January 2028 is a Saturday
    assert add_working_days(asked, 1) == paris(2028, 1, 3, 10, 0)


@override_settings(WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS=["2027-03-30", datetime.date(2027, 3, 31)])
def test_holidays_as_a_list_of_dates():
    asked = paris(2027, 3, 26, 16, 0)
    # Monday is a working day here; Tuesday and Wednesday are not.
    assert add_working_days(asked, 2) == paris(2027, 4, 1, 16, 0)


@pytest.mark.parametrize(
    "value",
    [
        "wagtail_social.contributions.working_days.no_such_function",
        "wagtail_social.contributions.working_days.DAY",  # not a function
        ["2027-02-30"],
        ["tomorrow"],
        42,
    ],
)
def test_a_holidays_setting_of_the_wrong_shape_is_reported(value):
    with override_settings(WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS=value):
        errors = checks.check_contributions_setup()
    assert [error.id for error in errors] == ["wagtail_social_contributions.E020"]


def test_the_french_holidays_setting_passes_the_checks():
    with override_settings(
        WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS="wagtail_social.contributions.working_days.french_public_holidays"
    ):
        assert checks.check_contributions_setup() == []
