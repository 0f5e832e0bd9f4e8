"""On SQLite the figures work out a timestamped record's local day natively
(``wagtail_social_kpi/definitions/local_days.py``) rather than through Django's ``TruncDate``,
which calls Python for every row: it must give the very same day, around every change of
offset of the site's time zone."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.models.functions import TruncDate
from django.utils import timezone

from tests.utils import make_user
from wagtail_social.models import Reaction
from wagtail_social_kpi.definitions.local_days import local_day, offset_changes

YEAR_START, YEAR_END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def test_the_offset_changes_of_a_year_in_paris_are_the_two_summer_time_switches():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    first, changes = offset_changes(
        datetime.datetime(2026, 1, 1, tzinfo=paris), datetime.datetime(2027, 1, 1, tzinfo=paris), paris
    )
    assert first == datetime.timedelta(hours=1)
    assert changes == [
        (datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC), datetime.timedelta(hours=2)),
        (datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC), datetime.timedelta(hours=1)),
    ]


def test_a_range_without_a_change_has_one_offset():
    kathmandu = zoneinfo.ZoneInfo("Asia/Kathmandu")
    first, changes = offset_changes(
        datetime.datetime(2026, 1, 1, tzinfo=kathmandu), datetime.datetime(2026, 3, 1, tzinfo=kathmandu), kathmandu
    )
    assert (first, changes) == (datetime.timedelta(hours=5, minutes=45), [])


def instants_around(changes) -> list[datetime.datetime]:
    instants = []
    for change, _offset in changes:
        instants += [change + datetime.timedelta(seconds=delta) for delta in (-3601, -1, 0, 1, 3599, 86399)]
    instants += [
        datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)
        for month in (1, 6, 12)
        for day in (1, 30)
        for hour in range(24)
        for minute in (0, 14, 59)
    ]
    return instants


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "UTC"])
def test_the_native_local_day_is_truncdates_day(article, zone):
    tz = zoneinfo.ZoneInfo(zone)
    with timezone.override(tz):
        _first, changes = offset_changes(
            datetime.datetime(2026, 1, 1, tzinfo=tz), datetime.datetime(2027, 1, 1, tzinfo=tz), tz
        )
        instants = instants_around(changes)
        users = [make_user(f"reader{index}") for index in range(3)]
        for index, instant in enumerate(instants):
            reaction = Reaction.objects.create(page=article, user=users[index % 3], kind=f"k{index}")
            Reaction.objects.filter(pk=reaction.pk).update(created_at=instant)
        rows = list(
            Reaction.objects.annotate(
                day=TruncDate("created_at"), native=local_day("created_at", YEAR_START, YEAR_END)
            ).values_list("native", "day")
        )
    assert len(rows) == len(instants)
    if zone in ("Europe/Paris", "America/St_Johns"):
        assert len(changes) == 2
    # On PostgreSQL the activity's own day is kept (the database converts time zones itself).
    different = [(native, day) for native, day in rows if native != day]
    assert different == []
    assert len({day for _native, day in rows}) >= 6  # days of three months, and their neighbours


def test_sqlite_gets_its_own_date_function_and_no_python_call(article):
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        native = local_day("created_at", YEAR_START, YEAR_END)
        sql = str(Reaction.objects.annotate(day=TruncDate("created_at"), native=native).values("native").query)
    if connection.vendor == "sqlite":
        assert "date(" in sql and "django_datetime_cast_date" not in sql
        assert sql.count(" THEN ") == 2  # the two changes of offset of the year
    else:
        assert "AT TIME ZONE" in sql
