"""Monthly figures that survive the purge of reading records.

Page views are deleted after ``WAGTAIL_SOCIAL_PAGE_VIEW_RETENTION_DAYS`` (13 months) by the core's
``purge_page_views``. So that a year-on-year comparison still works, each **closed** calendar
month's headline counts are stored in :class:`~wagtail_social_kpi.models.MonthlyFigures`, for the
whole population and for each department: population, activation, readers, regular readers,
active contributors, engaged. Counts only, computed by ``definitions`` (``headline``,
``by_department``) for the month as a range, and protected by ``privacy`` *before* they are
stored (k-anonymous at rest: a withheld cell is NULL plus a flag). Not kept: shares (worked out
from the counts), the previous period, the pyramid, views, and anything per page or section.

Two writers, both idempotent (a month stored is never recomputed: its records may be gone):

* ``manage.py social_kpi_close_months`` stores every closed month not yet stored that starts on
  or after the retention horizon (today minus the retention), whose records are all still there;
* a receiver of ``wagtail_social.signals.page_views_will_be_purged`` stores, before the purge,
  every closed month not yet stored from the month of the oldest page view left up to the
  cut-off: the months the purge is about to cut into. Nothing is lost if the command never ran.

A month that is not over yet is never stored: its figures would change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail_social.conf import settings as core_settings

from . import privacy
from .conf import settings
from .definitions import DateRange, population_figures
from .definitions.records import READER, Scope, as_date, fetch, union_sql
from .models import MonthlyFigures
from .population import departments

FEWER_THAN_K = "fewer_than_k"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class StoredMonth:
    """One stored month for a scope: each count an int or a ``privacy.Suppressed``."""

    month: DateRange
    scope: str
    department: str
    counts: dict[str, object]

    def __getattr__(self, name: str):
        if name in MonthlyFigures.COUNTS:
            return self.counts[name]
        raise AttributeError(name)


def month_of(day: datetime.date) -> DateRange:
    return DateRange.month(day.year, day.month)


def closed_months(first: datetime.date, before: datetime.date) -> list[DateRange]:
    """The calendar months from ``first``'s to the last one that ended before ``before``'s month."""
    last_closed = month_of(before).start - datetime.timedelta(days=1)
    if first > last_closed:
        return []
    return DateRange(month_of(first).start, last_closed).periods("month")


def earliest_day(reading_only: bool = False) -> datetime.date | None:
    """The day of the oldest record (of reading only, when asked) still there; None if none."""
    records, params = union_sql(Scope())
    where = "WHERE r.k_role = %s" if reading_only else ""
    rows = fetch(
        f"SELECT MIN(r.k_day) FROM ({records}) r {where}", [*params, *([READER] if reading_only else [])]
    )
    return as_date(rows[0][0]) if rows and rows[0][0] is not None else None


def _cells(figures: dict[str, object]) -> dict:
    """Model fields for protected counts: a Suppressed becomes NULL, and is flagged."""
    fields: dict = {"suppressed": {}}
    for name, value in figures.items():
        if privacy.is_suppressed(value):
            fields[name] = None
            fields["suppressed"][name] = COMPLEMENTARY if value.complementary else FEWER_THAN_K
        else:
            fields[name] = value
    return fields


def _counts(protected) -> dict[str, object]:
    return {name: getattr(protected, name).count for name in MonthlyFigures.COUNTS}


def _has_departments() -> bool:
    return bool(settings.DEPARTMENT_GROUP_PREFIX or settings.DEPARTMENT_FUNCTION)


def month_counts(month: DateRange) -> list[tuple[str, str, dict[str, object]]]:
    """``month``'s protected counts as they are stored: ``(scope, department, counts)`` for the
    whole population, then for each department ("" for people with no department) when
    departments are configured. Computed, never read from storage: the figures of a month not
    stored yet (its records are all there) are the ones :func:`close_month` would store."""
    k = settings.MIN_GROUP_SIZE
    collected = population_figures(month)  # the headline and the departments from one collection
    rows = [(MonthlyFigures.ALL, "", _counts(privacy.protect_headline(collected.headline, k)))]
    if _has_departments():
        protected = privacy.protect_departments(collected.by_department(departments()), k)
        rows += [(MonthlyFigures.DEPARTMENT, name or "", _counts(h)) for name, h in protected.items()]
    return rows


def close_month(month: DateRange) -> bool:
    """Store ``month``'s figures unless they are; True when this call stored them."""
    if MonthlyFigures.objects.filter(month=month.start, scope=MonthlyFigures.ALL).exists():
        return False
    k = settings.MIN_GROUP_SIZE
    rows = month_counts(month)
    with transaction.atomic():
        created = MonthlyFigures.objects.bulk_create(
            [
                MonthlyFigures(month=month.start, scope=scope, department=department, k=k, **_cells(counts))
                for scope, department, counts in rows
            ],
            ignore_conflicts=True,  # another process closing the same month at the same time
        )
    return bool(created)


def close_months(
    months: Iterable[DateRange], progress: Callable[[DateRange, bool], None] | None = None
) -> int:
    """Store each of ``months`` not stored yet; how many this call stored."""
    stored = 0
    for month in months:
        done = close_month(month)
        stored += done
        if progress is not None:
            progress(month, done)
    return stored


def months_to_close(today: datetime.date | None = None) -> list[DateRange]:
    """For the command: the closed months not stored yet whose records are all still there (they
    start on or after the retention horizon)."""
    today = today or timezone.localdate()
    horizon = today - datetime.timedelta(days=core_settings.PAGE_VIEW_RETENTION_DAYS)
    first = earliest_day()
    if first is None:
        return []
    stored = set(MonthlyFigures.objects.filter(scope=MonthlyFigures.ALL).values_list("month", flat=True))
    return [
        m for m in closed_months(max(first, horizon), today) if m.start >= horizon and m.start not in stored
    ]


def close_before_purge(sender=None, cutoff: datetime.date | None = None, **kwargs) -> None:
    """Receiver of ``page_views_will_be_purged``: store the closed months the purge cuts into."""
    first = earliest_day(reading_only=True)
    if cutoff is None or first is None or first >= cutoff:
        return
    last_cut = cutoff - datetime.timedelta(days=1)
    close_months(m for m in closed_months(first, timezone.localdate()) if m.start <= last_cut)


def monthly_history(months: DateRange | None = None, department: str | None = None) -> list[StoredMonth]:
    """The stored figures of the months overlapping ``months`` (all by default), in order: of the
    whole population, or of ``department`` ("" for people with no department). Already
    k-anonymous: a withheld count is a ``privacy.Suppressed``, fit to show as it is."""
    rows = MonthlyFigures.objects.all()
    if department is None:
        rows = rows.filter(scope=MonthlyFigures.ALL)
    else:
        rows = rows.filter(scope=MonthlyFigures.DEPARTMENT, department=department)
    if months is not None:
        rows = rows.filter(month__gte=month_of(months.start).start, month__lte=months.end)
    history = []
    for row in rows.order_by("month"):
        counts = {}
        for name in MonthlyFigures.COUNTS:
            flag = row.suppressed.get(name)
            counts[name] = privacy.Suppressed(row.k, flag == COMPLEMENTARY) if flag else getattr(row, name)
        history.append(StoredMonth(month_of(row.month), row.scope, row.department, counts))
    return history
