"""The local day of a timestamp, worked out by SQLite itself.

Django's ``TruncDate`` on SQLite calls a Python function for every row (SQLite knows no time
zones): at full scale the dashboard spent about a third of its time there, working out the day
of each participation record of the range only to find its week. Over a bounded range the site's
time zone has a known, short list of UTC offsets (one, or two around a change to summer time),
so the day is SQLite's own ``date(timestamp, '+N minutes')`` with the offset picked by a
``CASE`` on the instants where it changes: the same day as ``TruncDate``, in C.

Other databases convert time zones natively: there ``TruncDate`` stays.
"""

from __future__ import annotations

import datetime

from django.conf import settings as django_settings
from django.db import connection
from django.db.models import DateField, Expression, F, Func
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)
ONE_SECOND = datetime.timedelta(seconds=1)
SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S"  # how Django's SQLite backend writes a datetime (UTC, naive)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight starting ``day`` in the current time zone: the first instant ``TruncDate``
    (which uses the current time zone) gives ``day`` for. Naive without ``USE_TZ``, where
    timestamps are naive local times."""
    midnight = datetime.datetime.combine(day, datetime.time())
    if not django_settings.USE_TZ:
        return midnight
    return midnight.replace(tzinfo=timezone.get_current_timezone())


def offset_changes(
    start: datetime.datetime, end: datetime.datetime, zone: datetime.tzinfo
) -> tuple[datetime.timedelta, list[tuple[datetime.datetime, datetime.timedelta]]]:
    """The UTC offset of ``zone`` at ``start``, and each change before ``end``: (first instant
    of the new offset, new offset), in UTC. Looked for day by day, then to the second."""

    def offset(instant: datetime.datetime) -> datetime.timedelta:
        return instant.astimezone(zone).utcoffset()

    # In UTC: arithmetic on datetimes of one zone would be wall-clock arithmetic.
    start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    first = offset(start)
    changes = []
    current, known = start, first
    while current < end:
        following = min(current + ONE_DAY, end)
        if offset(following) != known:
            before, after = current, following  # offset(before) == known != offset(after)
            while after - before > ONE_SECOND:
                middle = before + (after - before) / 2
                if offset(middle) == known:
                    before = middle
                else:
                    after = middle
            known = offset(after)
            changes.append((after.replace(microsecond=0), known))
        current = following
    return first, changes


def _modifier(offset: datetime.timedelta) -> str:
    return f"{int(offset.total_seconds() // 60):+d} minutes"


class SQLiteLocalDay(Func):
    """``date(column, <offset>)`` on SQLite, for the records of ``start``..``end`` (local
    days): outside them the offset may be wrong, so it is used only on rows filtered to that
    range by their timestamp."""

    output_field = DateField()

    def __init__(self, expression, start: datetime.date, end: datetime.date):
        super().__init__(expression)
        self.first_offset, self.changes = offset_changes(
            day_start(start), day_start(end + ONE_DAY), timezone.get_current_timezone()
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if not self.changes:
            return f"date({column}, %s)", [*params, _modifier(self.first_offset)]
        whens = []
        case_params = []
        offset = self.first_offset
        for instant, new_offset in self.changes:
            whens.append(f"WHEN {column} < %s THEN %s")
            utc = instant.strftime(SQLITE_FORMAT)
            case_params += [*params, utc, _modifier(offset)]
            offset = new_offset
        sql = f"date({column}, CASE {' '.join(whens)} ELSE %s END)"
        return sql, [*params, *case_params, _modifier(offset)]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError("SQLiteLocalDay is SQLite's; elsewhere use TruncDate.")


def local_day(timestamp: str, start: datetime.date | None, end: datetime.date | None) -> Expression:
    """The expression for the local day of the ``timestamp`` column of records known to lie
    in ``start``..``end``: SQLite's own date function when it can be used (SQLite, a bounded
    range, aware timestamps), else the activity's own ``day``."""
    if connection.vendor != "sqlite" or start is None or end is None:
        return F("day")
    if not django_settings.USE_TZ:
        return Func(F(timestamp), function="date", output_field=DateField())
    return SQLiteLocalDay(F(timestamp), start, end)
