"""The monthly figures behind the demo's "Participation year on year" report.

1. The generated months are closed, as ``manage.py social_kpi_close_months`` would close them
   (``wagtail_social_kpi.monthly``): each full calendar month of generated activity gets its
   stored, k-anonymous counts.
2. **A stand-in for purged history.** A real intranet reaches its second year with the first
   year's months stored and their reading records purged. The demo has only six months of
   records, so the twelve months before its first full month are written directly as
   ``MonthlyFigures`` rows: NOT computed from any record, but made up from the latest closed
   month (the generated activity is fullest in the recent months), a little lower (78 % of its
   counts for the oldest month, rising to 92 %: a growing intranet), with the same population
   and the same withheld cells, and no count from 1 to k - 1 (k-anonymous at rest, like the
   real ones). The partial first month of generated activity is one of them, so
   that it does not show as a dip.

Idempotent: a month stored is left as it is (``ignore_conflicts``); fast: a handful of queries per
generated month, one insert for the stand-ins.
"""

from __future__ import annotations

import datetime
import random

from wagtail_social_kpi import monthly
from wagtail_social_kpi.models import MonthlyFigures

from .people import SEED

STAND_IN_MONTHS = 12
OLDEST_FACTOR, NEWEST_FACTOR = 0.78, 0.92


def _month_start(day: datetime.date, months: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def load() -> tuple[int, int]:
    """Close the generated months, then write the stand-ins; return (months closed, rows of
    stand-in months written)."""
    first = monthly.earliest_day(reading_only=True)
    if first is None:
        return 0, 0
    first_full = first if first.day == 1 else _month_start(first, 1)
    closed = monthly.close_months(m for m in monthly.months_to_close() if m.start >= first_full)
    real = MonthlyFigures.objects.filter(month__gte=first_full).order_by("month", "scope", "department")
    by_month: dict[datetime.date, list[MonthlyFigures]] = {}
    for row in real:
        by_month.setdefault(row.month, []).append(row)
    if not by_month:
        return closed, 0
    reference = max(by_month)  # the latest closed month: the generators' fullest
    rng = random.Random(SEED * 7)
    rows = []
    for index in range(STAND_IN_MONTHS):
        month = _month_start(first_full, index - STAND_IN_MONTHS)
        factor = OLDEST_FACTOR + (NEWEST_FACTOR - OLDEST_FACTOR) * index / (STAND_IN_MONTHS - 1)
        factor *= rng.uniform(0.97, 1.03)
        rows += [stand_in(row, month, factor) for row in by_month[reference]]
    written = MonthlyFigures.objects.bulk_create(rows, ignore_conflicts=True)
    return closed, len(written)


def stand_in(reference: MonthlyFigures, month: datetime.date, factor: float) -> MonthlyFigures:
    """``reference``'s row for ``month``, its counts scaled by ``factor`` (the population kept),
    withheld cells withheld still; a count k or more stays at least k."""
    counts = {}
    for name in MonthlyFigures.COUNTS:
        value = getattr(reference, name)
        if value and name != "population":  # stored counts are 0 or at least k
            value = max(reference.k, round(value * factor))
        counts[name] = value
    return MonthlyFigures(
        month=month,
        scope=reference.scope,
        department=reference.department,
        k=reference.k,
        suppressed=dict(reference.suppressed),
        **counts,
    )
