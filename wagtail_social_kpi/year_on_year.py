"""Year on year: each of the last twelve closed months against the same month a year earlier,
for the whole population or one department, from the monthly figures that survive the purge of
reading records (``monthly``).

Where a month's figures come from (its **source**):

* **stored**: the month was closed (``social_kpi_close_months``, or the purge before it cut into
  the month): its counts are read from ``MonthlyFigures``, k-anonymous at rest;
* **computed**: a closed month not stored yet whose records are all still there (the months
  ``monthly.months_to_close`` would store: on or after the retention horizon and the first
  record): its counts are computed now by ``definitions`` and protected by ``privacy``, exactly as
  closing the month would store them (``monthly.month_counts``), and marked as such;
* **not recorded**: neither (before the first record, or purged without being stored): every cell
  says "not recorded", never a zero.

Counts only, as stored: population, activation, readers, regular readers, active contributors,
engaged; a share is a count over the population of the same month; the change is this month's
minus the year-earlier month's. A withheld count stays a ``privacy.Suppressed`` and so does any
share or change made from it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import dictionary, monthly, privacy
from .definitions import DateRange
from .models import MonthlyFigures
from .population import departments as current_departments
from .tables import Table, percent

YEAR_ON_YEAR = "year_on_year"
MONTHS_SHOWN = 12
STORED = "stored"
COMPUTED = "computed"
MISSING = "missing"
SOURCES = {
    STORED: _("stored"),
    COMPUTED: _("computed from the records (not stored yet)"),
    MISSING: _("not recorded"),
}


@dataclass(frozen=True)
class NotRecorded:
    """A cell of a month with nothing stored: says so, never reads as zero."""

    def __str__(self) -> str:
        return gettext("not recorded")


NOT_RECORDED = NotRecorded()


def _shifted(month: DateRange, months: int) -> DateRange:
    index = month.start.year * 12 + month.start.month - 1 + months
    return DateRange.month(index // 12, index % 12 + 1)


def last_closed_months(today: datetime.date | None = None, count: int = MONTHS_SHOWN) -> list[DateRange]:
    """The ``count`` calendar months before the current one, oldest first."""
    current = monthly.month_of(today or timezone.localdate())
    return [_shifted(current, -offset) for offset in range(count, 0, -1)]


@dataclass(frozen=True)
class MonthCounts:
    """One month's counts (ints, ``Suppressed``, or :data:`NOT_RECORDED`) and their source."""

    month: DateRange
    source: str
    counts: dict[str, object]

    def share(self, name: str):
        """``name``'s count over the population of the month; withheld if either is."""
        count, size = self.counts[name], self.counts["population"]
        for value in (count, size):
            if value is NOT_RECORDED or privacy.is_suppressed(value):
                return value
        return count / size if size else None


def _missing(month: DateRange) -> MonthCounts:
    return MonthCounts(month, MISSING, dict.fromkeys(MonthlyFigures.COUNTS, NOT_RECORDED))


@dataclass(frozen=True)
class YearOnYear:
    """The months shown, each with the same month a year earlier, for ``department`` (None: the
    whole population; "": people with no department)."""

    department: str | None
    months: list[tuple[MonthCounts, MonthCounts]]

    @property
    def date_range(self) -> DateRange:
        return DateRange(self.months[0][0].month.start, self.months[-1][0].month.end)


def year_on_year(department: str | None = None, today: datetime.date | None = None) -> YearOnYear:
    """The last twelve closed months against the same months a year earlier (see the module
    docstring): one query for the stored months; closed months not stored yet are computed."""
    today = today or timezone.localdate()
    months = last_closed_months(today)
    earlier = [_shifted(month, -12) for month in months]
    found = {
        stored.month.start: MonthCounts(stored.month, STORED, stored.counts)
        for stored in monthly.monthly_history(DateRange(earlier[0].start, months[-1].end), department)
    }
    wanted = [month for month in earlier + months if month.start not in found]
    if wanted:
        computable = {month.start for month in monthly.months_to_close(today)}
        for month in wanted:
            if month.start in computable:
                counts = _computed(month, department)
                if counts is not None:
                    found[month.start] = MonthCounts(month, COMPUTED, counts)
    pairs = [
        (found.get(month.start) or _missing(month), found.get(before.start) or _missing(before))
        for month, before in zip(months, earlier, strict=True)
    ]
    return YearOnYear(department, pairs)


def _computed(month: DateRange, department: str | None) -> dict | None:
    scope = MonthlyFigures.ALL if department is None else MonthlyFigures.DEPARTMENT
    for row_scope, row_department, counts in monthly.month_counts(month):
        if row_scope == scope and (department is None or row_department == department):
            return counts
    return None  # no such department today


def department_names() -> list[str]:
    """The departments a year-on-year view may be asked for: those stored and today's, by name
    ("" for people with no department)."""
    stored = MonthlyFigures.objects.filter(scope=MonthlyFigures.DEPARTMENT).values_list(
        "department", flat=True
    )
    names = set(stored.distinct()) | {name or "" for name in current_departments().values()}
    if names == {""}:  # nobody has a department: there are none
        return []
    return sorted(names, key=lambda name: (name == "", name.lower()))


def department_label(department: str | None) -> str:
    if department is None:
        return gettext("Everyone")
    return department or gettext("No department")


# --- the table of the report and its exports -------------------------------------------------

COLUMNS = [
    ("month", _("Month")),
    ("year_earlier", _("A year earlier")),
    ("department", _("Who")),
    ("figure", _("Figure")),
    ("key", _("Figure key")),
    ("count", _("Count")),
    ("percent", _("Share of the population (%)")),
    ("earlier_count", _("Count a year earlier")),
    ("earlier_percent", _("Share a year earlier (%)")),
    ("change", pgettext_lazy("change of a figure", "Change")),
    ("change_points", _("Change (points)")),
    ("source", _("Source")),
    ("earlier_source", _("Source a year earlier")),
]
FIGURE_NAMES = {"population": gettext_lazy("People"), "activation": gettext_lazy("Activated")}


def _difference(now, before):
    for value in (now, before):
        if value is NOT_RECORDED or value is None:
            return None
    for value in (now, before):
        if privacy.is_suppressed(value):
            return value
    return now - before


def _figure_name(key: str) -> str:
    return str(FIGURE_NAMES[key]) if key in FIGURE_NAMES else capfirst(str(dictionary.entry(key).name))


def _rows(figures: YearOnYear):
    who = department_label(figures.department)
    for month, before in figures.months:
        for key in MonthlyFigures.COUNTS:
            now_count, before_count = month.counts[key], before.counts[key]
            share = before_share = None
            if key != "population":
                share, before_share = month.share(key), before.share(key)
            yield {
                "month": month.month.start,
                "year_earlier": before.month.start,
                "department": who,
                "figure": _figure_name(key),
                "key": key,
                "count": now_count,
                "percent": percent(share),
                "earlier_count": before_count,
                "earlier_percent": percent(before_share),
                "change": _difference(now_count, before_count),
                "change_points": percent(_difference(share, before_share)),
                "source": str(SOURCES[month.source]),
                "earlier_source": str(SOURCES[before.source]),
            }


def year_on_year_table(figures: YearOnYear) -> Table:
    """One row per month and figure, oldest month first: the report's rows and its exports'."""
    return Table(YEAR_ON_YEAR, figures.date_range, list(COLUMNS), list(_rows(figures)), dict)
