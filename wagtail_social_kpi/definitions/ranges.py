"""Date ranges of the figures: inclusive, in the site's time zone, with their previous period and
their weeks.

Every record's ``day`` is already a date in the site's time zone (the activities convert their
timestamps with ``TruncDate``, which uses the current time zone), so a range is two dates and
nothing here converts a time.

**Weeks of a range** (what "regular readers" counts in): the ISO weeks (Monday to Sunday) that
overlap the range, each clipped to the range. A range from Wednesday 4 to Sunday 22 November 2026
has three weeks: 4–8, 9–15 and 16–22 November. A reading outside the range never counts, even in
a week the range only partly covers.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

DAY = "day"
WEEK = "week"
MONTH = "month"
GRAINS = (DAY, WEEK, MONTH)

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class DateRange:
    """From ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(f"A range cannot start ({self.start}) after it ends ({self.end}).")

    @classmethod
    def last_days(cls, days: int, today: datetime.date | None = None) -> DateRange:
        """The ``days`` days ending today (in the site's time zone)."""
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @classmethod
    def month(cls, year: int, month: int) -> DateRange:
        return cls(
            datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        )

    @property
    def days(self) -> int:
        """How many days the range covers."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> DateRange:
        """The range of the same length that ends the day before this one starts."""
        return DateRange(self.start - datetime.timedelta(days=self.days), self.start - ONE_DAY)

    def weeks(self) -> list[DateRange]:
        """The ISO weeks overlapping the range, each clipped to it (see the module docstring)."""
        return self.periods(WEEK)

    def periods(self, grain: str) -> list[DateRange]:
        """The days, ISO weeks or calendar months overlapping the range, each clipped to it."""
        if grain not in GRAINS:
            raise ValueError(f"Unknown grouping {grain!r}: use one of {', '.join(GRAINS)}.")
        periods = []
        start = self.start
        while start <= self.end:
            if grain == DAY:
                end = start
            elif grain == WEEK:
                end = start + datetime.timedelta(days=6 - start.weekday())
            else:
                end = datetime.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
            end = min(end, self.end)
            periods.append(DateRange(start, end))
            start = end + ONE_DAY
        return periods

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"
