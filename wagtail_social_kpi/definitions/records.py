"""The records every figure is made of: each registered activity's rows, normalised to the same
columns and combined in SQL.

The KPI app never imports a feature's models: it asks ``wagtail_social.features.activities()``
for each activity's ``rows()`` (a ``values()`` queryset, see ``wagtail_social.features.Activity``)
and gives every one the same columns, as annotations in a fixed order:

=========  =====================================================================================
kind       the activity's kind (``comment``, ``reaction``, ``page_view``…)
role       what it counts as: ``reader``, ``engaged`` or ``contributor``
person     the user id, NULL for visitors who were not logged in
page       the page id
day        the first day the record counts on
until      the last day it counts on: ``day`` itself for a dated record; the end of its window
           for a windowed one (a secret ballot, which carries no date of its own)
detail     the breakdown label ("" when the activity has none)
weight     how many events the row stands for (1 unless the activity is weighted)
=========  =====================================================================================

A record counts in a range when ``day <= range.end`` and ``until >= range.start``: for a dated
record, when its day is in the range; for a windowed one, when its window overlaps the range.
The filters are applied to each activity's own query (where its indexes are), then the queries
are joined with ``UNION ALL`` and wrapped in one aggregate query (``GROUP BY``): one query per
figure family whatever the number of records or activities. The outer SQL is plain, portable
SQL (``CASE``, ``COUNT(DISTINCT)``, ``SUM``, ``SUBSTR``); everything that differs between
databases (dates, time zones) is compiled by Django inside each activity's query.

Periods and weeks are a small derived table of ``(start, end)`` rows joined on overlap, so a
windowed record counts in every period its window overlaps and a dated one in the period of its
day, with the same SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from wagtail_social import features

from .local_days import day_start, local_day
from .ranges import DAY, WEEK, DateRange

ONE_DAY = datetime.timedelta(days=1)
COLUMNS = ("kind", "role", "person", "page", "day", "until", "detail", "weight")
PEOPLE_COLUMNS = ("role", "person", "day", "until", "weight")  # what figures about people read
READER = features.Activity.READER
ENGAGED = features.Activity.ENGAGED
CONTRIBUTOR = features.Activity.CONTRIBUTOR


@dataclass(frozen=True)
class Scope:
    """Which records a figure reads.

    ``start``/``end``: the dates (either may be None: no bound); ``people``: a queryset of users
    whose records count (None: everybody, anonymous visitors included), joined to the combined
    records; ``person``: one user's id, for one person's records (looked up through each
    activity's index on its person column); ``pages``: a queryset of pages whose records count
    (None: every page).

    Why ``people`` is a join and not a filter of each activity: given ``user_id IN (SELECT …)``,
    SQLite walks the people and reads every record each one ever had through the person index —
    a whole history for a four-week figure — instead of the range of days through the day
    index; a join on the combined records leaves it no such plan."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    people: QuerySet | None = None
    pages: QuerySet | None = None
    person: int | None = None

    @classmethod
    def of(cls, date_range: DateRange | None = None, **kwargs) -> Scope:
        if date_range is None:
            return cls(**kwargs)
        return cls(date_range.start, date_range.end, **kwargs)


def normalised(activity: features.Activity, scope: Scope, selected: Sequence[str] = COLUMNS) -> QuerySet:
    """``activity``'s rows with the ``selected`` columns of :data:`COLUMNS` (prefixed ``k_``), filtered to
    ``scope``."""
    rows = activity.rows()
    # A timestamped record's day, worked out natively where the database would call Python.
    day = local_day(activity.timestamp, scope.start, scope.end) if activity.timestamp else F("day")
    columns = {
        "k_kind": Value(activity.kind, output_field=CharField()),
        "k_role": Value(activity.counts_as, output_field=CharField()),
        "k_person": F("person"),
        "k_page": F("page"),
        "k_day": day,
        "k_until": F("until") if activity.windowed else day,
        "k_detail": F("detail") if activity.detailed else Value("", output_field=CharField()),
        "k_weight": F("weight") if activity.weighted else Value(1, output_field=IntegerField()),
    }
    rows = rows.annotate(**columns)
    if activity.timestamp:
        # The same records as the day filters below, on a column an index serves.
        if scope.end is not None:
            rows = rows.filter(**{f"{activity.timestamp}__lt": day_start(scope.end + ONE_DAY)})
        if scope.start is not None:
            rows = rows.filter(**{f"{activity.timestamp}__gte": day_start(scope.start)})
    else:
        if scope.end is not None:
            rows = rows.filter(k_day__lte=scope.end)
        if scope.start is not None:
            rows = rows.filter(k_until__gte=scope.start)
    if scope.person is not None:
        rows = rows.filter(k_person=scope.person)
    if scope.pages is not None:
        rows = rows.filter(k_page__in=scope.pages.values("pk"))
    return rows.values(*(f"k_{name}" for name in COLUMNS if name in selected)).order_by()


def has_people(activity: features.Activity) -> bool:
    """Whether ``activity``'s records can name a person: not anonymous page views, whose
    ``person`` is a constant NULL. A figure about people leaves the others out of its SQL.

    Kept per activity: building an activity's queryset is not free (a subquery's annotation
    took 30 ms on a loaded machine) and a dashboard asks about every activity dozens of times."""
    known = _HAS_PEOPLE.get(id(activity))
    if known is not None and known[0] is activity:
        return known[1]
    person = activity.rows().query.annotations.get("person")
    answer = not (isinstance(person, Value) and person.value is None)
    _HAS_PEOPLE[id(activity)] = (activity, answer)  # the activity itself: its id is not reused
    return answer


_HAS_PEOPLE: dict[int, tuple[features.Activity, bool]] = {}


def activated(ends: Iterable[datetime.date], people: QuerySet) -> dict[datetime.date, set[int]]:
    """For each day of ``ends``: the people of ``people`` with any record on or before it.

    One query: for each person, an ``EXISTS`` per activity, which stops at the person's first
    matching record through the activity's index on its person column, where a ``MIN(day)``
    per person would read every record ever kept."""
    ends = list(dict.fromkeys(ends))
    flags = {}
    for index, end in enumerate(ends):
        exists = [
            Exists(normalised(activity, Scope(end=end)).filter(k_person=OuterRef("pk")))
            for activity in registered_activities()
            if has_people(activity)
        ]
        condition = Q(*exists, _connector=Q.OR) if exists else Q(pk__in=[])
        flags[f"k_activated_{index}"] = ExpressionWrapper(condition, output_field=BooleanField())
    found: dict[datetime.date, set[int]] = {end: set() for end in ends}
    for pk, *values in people.order_by().annotate(**flags).values_list("pk", *flags):
        for end, value in zip(ends, values, strict=True):
            if value:
                found[end].add(pk)
    return found


def registered_activities() -> list[features.Activity]:
    return [activity for _feature, activity in features.activities()]


def union_sql(
    scope: Scope, activities: Iterable[features.Activity] | None = None, columns: Sequence[str] = COLUMNS
) -> tuple[str, list]:
    """The SQL (and its parameters) of every activity's records in ``scope``, one ``UNION ALL``.

    ``columns``: which of :data:`COLUMNS` to select (in that order). A figure that needs fewer
    reads less: a figure about people needs no page, and the page views' index on (day, person)
    then answers it without reading the table. With no activity at all, an empty select of the
    same columns (so the outer query still runs)."""
    activities = registered_activities() if activities is None else list(activities)
    if scope.people is not None or scope.person is not None:
        activities = [activity for activity in activities if has_people(activity)]
    columns = [name for name in COLUMNS if name in columns or (name == "person" and scope.people is not None)]
    querysets = [normalised(activity, scope, columns) for activity in activities]
    if not querysets:
        empty = ", ".join(f"NULL AS k_{name}" for name in columns)
        return f"SELECT {empty} WHERE 1 = 0", []
    # No ORDER BY: Django 6.1 would carry the first part's default ordering onto the union.
    combined = querysets[0].union(*querysets[1:], all=True).order_by() if len(querysets) > 1 else querysets[0]
    sql, params = combined.query.get_compiler(connection=connection).as_sql()
    if scope.people is None:
        return sql, list(params)
    people = scope.people.order_by().values(k_people_pk=F("pk")).distinct()
    people_sql, people_params = people.query.get_compiler(connection=connection).as_sql()
    return (
        f"SELECT r.* FROM ({sql}) r JOIN ({people_sql}) k_people ON k_people.k_people_pk = r.k_person",
        [*params, *people_params],
    )


def _values_table(rows: Sequence[tuple], names: Sequence[str]) -> tuple[str, list]:
    """A derived table of date columns ``names`` with ``rows``, as one ``VALUES`` list (no limit
    on its length, unlike SQLite's 500 terms of a compound ``SELECT``). PostgreSQL needs the
    parameters typed as dates; SQLite stores dates as ISO text and compares them as text, which
    a cast would spoil."""
    cast = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    row = "(" + ", ".join([cast] * len(names)) + ")"
    columns = ", ".join(f"column{index} AS {name}" for index, name in enumerate(names, start=1))
    values = ", ".join([row] * len(rows))
    return f"SELECT {columns} FROM (VALUES {values}) AS v", [value for row in rows for value in row]


def periods_sql(periods: Sequence[DateRange]) -> tuple[str, list]:
    """A derived table ``(p_start, p_end)`` with one row per period, to join records on overlap."""
    return _values_table([(period.start, period.end) for period in periods], ("p_start", "p_end"))


def period_start_sql(column: str, grain: str) -> str:
    """SQL for the first day of the day, ISO week or calendar month of the date ``column``, in
    the database's own (native, fast) date functions: SQLite keeps dates as ISO text."""
    if grain == DAY:
        return column
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('{grain}', CAST({column} AS timestamp)) AS date)"
    # SQLite: 'weekday 0' moves to the coming Sunday (a Sunday stays), six days back is Monday.
    return f"date({column}, 'weekday 0', '-6 days')" if grain == WEEK else f"date({column}, 'start of month')"


def in_periods_sql(
    scope: Scope,
    date_range: DateRange,
    grain: str,
    only_role: str | None = None,
    columns: Sequence[str] = COLUMNS,
) -> tuple[str, list]:
    """Every record of ``scope`` (the columns of :func:`union_sql`) with ``k_period``, the start
    of each period of ``date_range.periods(grain)`` it counts in: one row per record and period.
    With ``only_role``, only records of that role get a period; the others come once, with a
    NULL period. ``scope`` is expected to lie within ``date_range``; ``columns`` as for
    :func:`union_sql` (the day, the end of a window and the role are always read).

    A dated record counts in the period of its day, worked out from the day itself (the first
    period, clipped to the range, starts at the range's start); a windowed record counts in
    every period its window overlaps (joined on overlap to the periods, for the few there are)."""
    activities = registered_activities()
    columns = {*columns, "role", "day", "until"}
    cast = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    parts = []
    params: list = []
    for windowed in (False, True):
        included = [activity for activity in activities if activity.windowed == windowed]
        if not included:
            continue
        records, records_params = union_sql(scope, included, columns)
        role = "r.k_role = %s" if only_role else "1 = 1"
        role_params = [only_role] if only_role else []
        if windowed:
            table, table_params = periods_sql(date_range.periods(grain))
            join = "LEFT JOIN" if only_role else "JOIN"
            parts.append(
                f"SELECT r.*, p.p_start AS k_period FROM ({records}) r {join} ({table}) p "
                f"ON {role} AND r.k_day <= p.p_end AND r.k_until >= p.p_start"
            )
            params += [*records_params, *table_params, *role_params]
        else:
            start = period_start_sql("r.k_day", grain)
            period = f"CASE WHEN {start} < {cast} THEN {cast} ELSE {start} END"
            parts.append(f"SELECT r.*, CASE WHEN {role} THEN {period} END AS k_period FROM ({records}) r")
            params += [*role_params, date_range.start, date_range.start, *records_params]
    if not parts:
        records, params = union_sql(scope, [], columns)
        return f"SELECT r.*, NULL AS k_period FROM ({records}) r", params
    return " UNION ALL ".join(parts), params


def fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value) -> datetime.date:
    """SQLite returns dates of derived tables as ISO text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
