"""Working days: the calendar answer targets are counted in.

A working day is a weekday (Monday to Friday) that is not a public holiday, in the site's time
zone (``TIME_ZONE``: the offices' calendar, not the reader's). Time is counted on the wall
clock: a working day holds 24 hours of working time, a weekend or a holiday none. So:

* ``add_working_days(t, n)`` is ``t``'s time of day ``n`` working days later when ``t`` is on a
  working day (Friday 16:00 + 2 days, Monday a holiday: Wednesday 16:00); a question asked on a
  Saturday starts its clock on Monday at 00:00;
* ``working_time(a, b)`` is how much working time lies between two moments (negative when ``b``
  is before ``a``); ``working_time(t, add_working_days(t, n))`` is ``n`` days.

Office hours are deliberately not modelled: "within two working days" is how employees read a
target, and a reminder at night is read in the morning.

Public holidays come from ``WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS`` (checked by
``wagtail_social_contributions.E020``): a list of ISO dates, or the dotted path of a function
``year -> iterable of dates``. :func:`french_public_holidays` is shipped for France.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone

from .conf import settings

DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of the Gregorian calendar (the "anonymous" algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lunar = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lunar) // 451
    month, day = divmod(h + lunar - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def french_public_holidays(year: int) -> list[datetime.date]:
    """France's eleven public holidays (metropolitan; Alsace-Moselle adds Good Friday and
    26 December: list them in your own function). Easter Monday, Ascension Thursday and Whit
    Monday move with Easter."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [easter + datetime.timedelta(days=days) for days in (1, 39, 50)]
    return sorted([datetime.date(year, month, day) for month, day in fixed] + moving)


class Calendar:
    """Which days are working days, with each year's holidays read once (a due date or a listing
    looks at the same few years again and again)."""

    def __init__(self, holidays: Callable[[int], Iterable[datetime.date]] | None = None):
        self._holidays_of = holidays if holidays is not None else settings.HOLIDAYS
        self._years: dict[int, frozenset[datetime.date]] = {}

    def holidays(self, year: int) -> frozenset[datetime.date]:
        if year not in self._years:
            self._years[year] = frozenset(self._holidays_of(year))
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays(day.year)


def _wall_clock(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` on the site's wall clock, naive (days are counted there)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(tzinfo=None)


def _aware(wall: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(wall, timezone.get_default_timezone())


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


def add_working_time(
    start: datetime.datetime, amount: datetime.timedelta, calendar: Calendar | None = None
) -> datetime.datetime:
    """The moment ``amount`` of working time after ``start`` (before it, if negative)."""
    calendar = calendar or Calendar()
    position, remaining = _wall_clock(start), amount
    if remaining >= datetime.timedelta(0):
        while True:
            day = position.date()
            if calendar.is_working_day(day):
                left_today = _midnight(day + DAY) - position
                if remaining <= left_today:
                    return _aware(position + remaining)
                remaining -= left_today
            position = _midnight(day + DAY)
    remaining = -remaining
    while True:
        # ``position`` at midnight belongs to the day before it, counting backwards.
        day = (position - datetime.timedelta(microseconds=1)).date()
        if calendar.is_working_day(day):
            done_today = position - _midnight(day)
            if remaining <= done_today:
                return _aware(position - remaining)
            remaining -= done_today
        position = _midnight(day)


def add_working_days(
    start: datetime.datetime, days: float, calendar: Calendar | None = None
) -> datetime.datetime:
    """``days`` working days after ``start`` (see the module docstring)."""
    return add_working_time(start, days * DAY, calendar)


def working_time(
    start: datetime.datetime, end: datetime.datetime, calendar: Calendar | None = None
) -> datetime.timedelta:
    """The working time between two moments; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_time(end, start, calendar)
    calendar = calendar or Calendar()
    first, last = _wall_clock(start), _wall_clock(end)
    total = datetime.timedelta(0)
    day = first.date()
    while day <= last.date():
        if calendar.is_working_day(day):
            total += min(last, _midnight(day + DAY)) - max(first, _midnight(day))
        day += DAY
    return total


def working_days_between(
    start: datetime.datetime, end: datetime.datetime, calendar: Calendar | None = None
) -> float:
    """``working_time`` in days (1.5: a day and a half of working time)."""
    return working_time(start, end, calendar) / DAY
