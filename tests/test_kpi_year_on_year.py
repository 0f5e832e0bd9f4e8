"""Year on year from the stored months (``wagtail_social_kpi.year_on_year`` and its report) on
the hand-built dataset (``tests/kpi_dataset.py``, k = 3).

October 2026 by hand (``tests/test_kpi_monthly.py``): population 12, activation 5, readers 4,
regular readers 0, active contributors 1 and engaged 2 (both withheld); Sales readers 3 with its
population hidden (complementary: HR has 2 people); September 2026: p3 alone read (withheld).
The first record is p3's reading of 1 September 2026: months before it are "not recorded"."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS
from tests.polls_admin import body
from tests.utils import make_user
from wagtail_social_kpi import year_on_year as yoy
from wagtail_social_kpi.definitions import DateRange
from wagtail_social_kpi.exports import EXPORT_LOG_ACTION
from wagtail_social_kpi.models import MonthlyFigures
from wagtail_social_kpi.privacy import Suppressed

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtail_social_kpi_reports:year_on_year")
TODAY = datetime.date(2026, 11, 30)
OCTOBER = datetime.date(2026, 10, 1)
PAYLOAD = "=1+1"


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def close():
    call_command("social_kpi_close_months", stdout=io.StringIO())


def admin_user(name, *codenames):
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return make_user(name, group)


@pytest.fixture
def exporter(data):
    return admin_user("exporter", "view_participation", "export_participation")


def store(month: datetime.date, department: str | None = None, **counts):
    """A stored month as ``monthly`` writes it: a count given as None is withheld (flagged)."""
    values = dict.fromkeys(MonthlyFigures.COUNTS, 0) | counts
    suppressed = {name: "fewer_than_k" for name, value in values.items() if value is None}
    MonthlyFigures.objects.create(
        month=month,
        scope=MonthlyFigures.ALL if department is None else MonthlyFigures.DEPARTMENT,
        department=department or "",
        k=3,
        suppressed=suppressed,
        **values,
    )


def rows_by(table, key="readers"):
    return {row["month"]: row for row in table.rows() if row["key"] == key}


def test_stored_months_with_their_withheld_cells_and_missing_months(data):
    close()  # stores September and October 2026
    store(datetime.date(2025, 10, 1), population=10, readers=3, active_contributors=None)
    figures = yoy.year_on_year(today=TODAY)
    assert [month.month.start for month, _before in figures.months][::11] == [
        datetime.date(2025, 11, 1),
        OCTOBER,
    ]
    table = yoy.year_on_year_table(figures)
    october = rows_by(table)[OCTOBER]
    assert (october["count"], october["percent"], october["source"]) == (4, 33.3, "stored")
    # A year earlier, stored too: 3 of 10 (30 %): +1, +3.3 points.
    assert (october["earlier_count"], october["earlier_percent"]) == (3, 30.0)
    assert (october["change"], october["change_points"], october["earlier_source"]) == (1, 3.3, "stored")
    contributors = rows_by(table, "active_contributors")[OCTOBER]
    assert contributors["count"] == contributors["percent"] == contributors["change"] == Suppressed(3)
    assert str(contributors["count"]) == "fewer than 3" and contributors["earlier_count"] == Suppressed(3)
    # September 2026: stored, p3 alone read (withheld); a year earlier nothing stored.
    september = rows_by(table)[datetime.date(2026, 9, 1)]
    assert september["count"] == Suppressed(3) and september["earlier_count"] is yoy.NOT_RECORDED
    assert str(september["earlier_count"]) == "not recorded" and september["change"] is None
    assert september["earlier_source"] == "not recorded"
    # Before the first record (1 September 2026), a month is "not recorded", never zero.
    march = rows_by(table)[datetime.date(2026, 3, 1)]
    assert march["count"] is yoy.NOT_RECORDED and march["percent"] is yoy.NOT_RECORDED
    assert march["source"] == "not recorded"


def test_closed_months_not_stored_yet_are_computed_and_marked(data):
    figures = yoy.year_on_year(today=TODAY)
    computed = {month.month.start: month for month, _before in figures.months if month.source == yoy.COMPUTED}
    assert set(computed) == {datetime.date(2026, 9, 1), OCTOBER}
    assert not MonthlyFigures.objects.exists()  # a view stores nothing
    close()
    stored = {month.month.start: month for month, _before in yoy.year_on_year(today=TODAY).months}
    assert stored[OCTOBER].source == yoy.STORED
    assert stored[OCTOBER].counts == computed[OCTOBER].counts  # what closing stores
    row = rows_by(yoy.year_on_year_table(yoy.year_on_year(today=TODAY)))[OCTOBER]
    assert row["source"] == "stored"


def test_by_department(data):
    close()
    sales = rows_by(yoy.year_on_year_table(yoy.year_on_year("Sales", today=TODAY)))[OCTOBER]
    # Sales: 3 readers; its population is hidden (complementary), so is the share.
    assert sales["department"] == "Sales" and sales["count"] == 3
    assert sales["percent"] == Suppressed(3, complementary=True) and str(sales["percent"]) == "hidden"
    hr = yoy.year_on_year_table(yoy.year_on_year("HR", today=TODAY))
    assert rows_by(hr, "population")[OCTOBER]["count"] == Suppressed(3)
    assert yoy.department_names() == ["HR", "Sales", "Tech"]
    unknown = rows_by(yoy.year_on_year_table(yoy.year_on_year("Legal", today=TODAY)))[OCTOBER]
    assert unknown["count"] is yoy.NOT_RECORDED


# --- the report -----------------------------------------------------------------------------


def test_the_report_shows_stored_months(data, exporter, client_for):
    close()
    client = client_for(exporter)
    html = client.get(REPORT).content.decode()
    assert "Participation year on year" in html and "October 2026" in html
    assert "fewer than 3" in html and "not recorded" in html and "stored" in html
    html = client.get(REPORT, {"department": "Sales"}).content.decode()
    assert "hidden" in html and '<option value="Sales" selected>' in html
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REPORT in menu


def test_formula_department_names_are_neutralised(data, exporter, client_for):
    store(OCTOBER - datetime.timedelta(days=365), department=PAYLOAD, population=6, readers=4)
    client = client_for(exporter)
    for export_format in ("csv", "xlsx"):
        response = client.get(REPORT, {"department": PAYLOAD, "export": export_format})
        assert response.status_code == 200
        content = body(response)
        if export_format == "csv":
            assert content.startswith(codecs.BOM_UTF8)
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        else:
            sheet = load_workbook(io.BytesIO(content)).active
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        who = {row[2] for row in rows[1:]}
        assert who == {"'" + PAYLOAD}, who
    exported = json.loads(body(client.get(REPORT, {"department": PAYLOAD, "export": "json"})))
    assert {row["department"] for row in exported["rows"]} == {PAYLOAD}
    entry = ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).last()
    assert entry.data["grouping"] == "year_on_year" and entry.data["department"] == PAYLOAD
    assert entry.user_id == exporter.pk


def test_exports_need_the_permission(data, client_for):
    client = client_for(admin_user("comms", "view_participation"))
    assert client.get(REPORT).status_code == 200
    assert client.get(REPORT, {"export": "csv"}).status_code == 403
    assert "Download" not in client.get(REPORT).content.decode()


def test_no_department_and_everyone(data, exporter, client_for):
    close()
    client = client_for(exporter)
    exported = json.loads(body(client.get(REPORT, {"export": "json"})))
    assert {row["department"] for row in exported["rows"]} == {"Everyone"}
    assert exported["grouping"] == "year_on_year"
    month = DateRange.month(2026, 10)
    assert [r for r in exported["rows"] if r["month"] == month.start.isoformat() and r["key"] == "readers"]
