"""The hand-written SQL ``bench/kpi.py`` measures ``definitions`` against: the same counts
(readers, engaged people, contributors, views per page…) from the same tables, with one
``GROUP BY`` over a plain ``UNION ALL`` of them. Days of timestamps are taken in UTC here (the
definitions take them in the site's time zone): the cost is the same, a few records may fall on
a neighbouring day."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone


def _tables() -> dict[str, str]:
    from django_comments.models import Comment
    from wagtail.models import Page

    from wagtail_social.models import HelpfulVote, PageView, Reaction

    quote = connection.ops.quote_name
    return {
        name: quote(model._meta.db_table)
        for name, model in (
            ("view", PageView),
            ("reaction", Reaction),
            ("helpful", HelpfulVote),
            ("comment", Comment),
            ("page", Page),
        )
    }


def _day(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST({column} AS date)"
    return f"date({column})"


def _week(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('week', {column}) AS date)"
    return f"date({column}, '-' || ((CAST(strftime('%%w', {column}) AS integer) + 6) %% 7) || ' days')"


def _bounds(date_range) -> list:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_range.start, datetime.time(), tz)
    end = datetime.datetime.combine(date_range.end + datetime.timedelta(days=1), datetime.time(), tz)
    return [connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end)]


def union(date_range) -> tuple[str, list]:
    """Every record of ``date_range``: person, page, day, kind, role (r, e, c)."""
    t = _tables()
    stamps = _bounds(date_range)
    page_of_comment = "CAST(object_pk AS integer)"
    sql = (
        f"SELECT user_id AS person, page_id AS page, day, 'view' AS kind, 'r' AS role FROM {t['view']} "
        f"WHERE day >= %s AND day <= %s "
        f"UNION ALL SELECT user_id, page_id, {_day('created_at')}, 'reaction', 'e' FROM {t['reaction']} "
        f"WHERE created_at >= %s AND created_at < %s "
        f"UNION ALL SELECT user_id, page_id, {_day('created_at')}, 'helpful', 'e' FROM {t['helpful']} "
        f"WHERE created_at >= %s AND created_at < %s "
        f"UNION ALL SELECT user_id, {page_of_comment}, {_day('submit_date')}, 'comment', 'c' FROM {t['comment']} "
        f"WHERE user_id IS NOT NULL AND submit_date >= %s AND submit_date < %s"
    )
    return sql, [date_range.start, date_range.end, *stamps, *stamps, *stamps]


PEOPLE = (
    "COUNT(DISTINCT CASE WHEN r.role = 'r' THEN r.person END), "
    "COUNT(DISTINCT CASE WHEN r.role <> 'r' THEN r.person END), "
    "COUNT(DISTINCT CASE WHEN r.role = 'c' THEN r.person END)"
)


def _run(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def by_department(date_range) -> list:
    """Readers, engaged, contributors per department (active people), this range and the previous."""
    rows = []
    for current in (date_range, date_range.previous()):
        records, params = union(current)
        rows += _run(
            f"SELECT g.name, {PEOPLE} FROM ({records}) r "
            "JOIN auth_user u ON u.id = r.person AND u.is_active "
            "JOIN auth_user_groups ug ON ug.user_id = u.id JOIN auth_group g ON g.id = ug.group_id "
            "GROUP BY g.name",
            params,
        )
    return rows


def by_week(date_range) -> list:
    records, params = union(date_range)
    return _run(
        f"SELECT {_week('r.day')}, {PEOPLE}, SUM(CASE WHEN r.role = 'r' THEN 1 ELSE 0 END) "
        f"FROM ({records}) r JOIN auth_user u ON u.id = r.person AND u.is_active GROUP BY {_week('r.day')}",
        params,
    )


def by_page(date_range) -> list:
    records, params = union(date_range)
    return _run(
        f"SELECT r.page, r.kind, COUNT(*), COUNT(DISTINCT r.person) FROM ({records}) r GROUP BY r.page, r.kind",
        params,
    )


def by_section(date_range) -> list:
    records, params = union(date_range)
    page = _tables()["page"]
    return _run(
        f"SELECT s.id, r.kind, COUNT(*), COUNT(DISTINCT r.person) FROM ({records}) r "
        f"JOIN {page} p ON p.id = r.page "
        f"JOIN {page} s ON s.depth > 1 AND s.numchild > 0 AND SUBSTR(p.path, 1, LENGTH(s.path)) = s.path "
        "GROUP BY s.id, r.kind",
        params,
    )


def raw_queries(ranges: dict) -> list:
    """The raw counterparts of ``bench/kpi.py``'s cases, in the same order."""
    four, half_year = ranges["four"], ranges["half_year"]
    return [
        lambda: by_department(four),
        lambda: by_week(four),
        lambda: by_week(half_year),
        lambda: by_page(four),
        lambda: by_section(four),
    ]
