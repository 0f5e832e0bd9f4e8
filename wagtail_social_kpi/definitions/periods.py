"""Figures by day, ISO week or calendar month within a range.

For each period (clipped to the range, see ``ranges.DateRange.periods``): readers, engaged people
and active contributors among ``people`` (the population by default), as counts and shares of the
population, and the views by those people. One query whatever the number of periods or records
(``records.in_periods_sql``): a dated record counts in the period of its day, a windowed record
(a secret ballot) in every period its window overlaps, like in every range.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ..population import population as default_population
from .ranges import WEEK, DateRange
from .records import CONTRIBUTOR, PEOPLE_COLUMNS, READER, Scope, as_date, fetch, in_periods_sql


@dataclass(frozen=True)
class PeriodFigures:
    """The people figures of one period; counts of people (ints, or ``privacy.Suppressed``)."""

    period: DateRange
    population: object
    readers: object
    engaged: object
    active_contributors: object
    views: object  # page views by these people (not anonymous ones, who are in no population)

    def share(self, name: str):
        count = getattr(self, name)
        if isinstance(count, int) and isinstance(self.population, int):
            return count / self.population if self.population else None
        return count


def by_period(date_range: DateRange, grain: str, people: QuerySet | None = None) -> list[PeriodFigures]:
    """The figures of each day, week or month (``grain``) of ``date_range``, in order; periods
    with no record have zeros."""
    people = default_population() if people is None else people
    periods = date_range.periods(grain)
    records, params = in_periods_sql(
        Scope.of(date_range, people=people), date_range, grain, columns=PEOPLE_COLUMNS
    )
    sql = f"""
        SELECT r.k_period,
            COUNT(DISTINCT CASE WHEN r.k_role = %s THEN r.k_person END),
            COUNT(DISTINCT CASE WHEN r.k_role <> %s THEN r.k_person END),
            COUNT(DISTINCT CASE WHEN r.k_role = %s THEN r.k_person END),
            SUM(CASE WHEN r.k_role = %s THEN r.k_weight ELSE 0 END)
        FROM ({records}) r
        WHERE r.k_person IS NOT NULL
        GROUP BY r.k_period
    """
    rows = fetch(sql, [READER, READER, CONTRIBUTOR, READER, *params])
    found = {as_date(start): values for start, *values in rows}
    size = people.count()
    figures = []
    for period in periods:
        readers, engaged, contributors, views = found.get(period.start, (0, 0, 0, 0))
        figures.append(
            PeriodFigures(period, size, int(readers), int(engaged), int(contributors), int(views or 0))
        )
    return figures


def by_week_from(date_range: DateRange, rows: list[tuple], size: int) -> list[PeriodFigures]:
    """:func:`by_period` by week, cut from ``people.weekly_rows`` of the same range and people
    (``size`` of them): no query. A row is one person's week, so counting rows counts people."""
    found: dict = {}
    for _person, week, reads, engaged, contributes, _contributions, views in rows:
        if week is None:
            continue
        figures = found.setdefault(as_date(week), [0, 0, 0, 0])
        figures[0] += 1 if reads else 0
        figures[1] += 1 if engaged else 0
        figures[2] += 1 if contributes else 0
        figures[3] += int(views or 0)
    return [
        PeriodFigures(period, size, *found.get(period.start, (0, 0, 0, 0)))
        for period in date_range.periods(WEEK)
    ]
