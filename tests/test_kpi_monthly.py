"""Monthly figures that survive the purge of reading records (``wagtail_social_kpi.monthly``), on
the hand-built dataset (``tests/kpi_dataset.py``, k = 3).

October 2026 by hand (5 ISO weeks, 3 needed to be a regular reader): population 12; activation 5
(p1, p2, p5, p6, and p3 who read on 1/9); readers 4 (p1, p2, p5, p6); regular readers 0; active
contributors 1 (p1: suppressed); engaged 2 (p1's comment, p5's reaction: suppressed).
Sales (p1–p5): readers p1, p2, p5 = 3; Tech: readers p6 = 1 (suppressed); HR: 2 people, under k
(so Sales's population, the first of the two smallest, is hidden too).
September 2026: p3 alone read (readers 1: suppressed)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS
from wagtail_social.models import PageView
from wagtail_social_kpi.definitions import DateRange
from wagtail_social_kpi.models import MonthlyFigures
from wagtail_social_kpi.monthly import monthly_history
from wagtail_social_kpi.privacy import Suppressed

pytestmark = pytest.mark.django_db
OCTOBER = DateRange.month(2026, 10)


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def close() -> str:
    out = io.StringIO()
    call_command("social_kpi_close_months", stdout=out)
    return out.getvalue()


def purge(cutoff: datetime.date) -> None:
    days = (timezone.localdate() - cutoff).days
    call_command("purge_page_views", "--days", str(days), stdout=io.StringIO())


def assert_october(history):
    (october,) = history
    assert october.month == OCTOBER
    assert october.population == 12
    assert october.activation == 5
    assert october.readers == 4
    assert october.regular_readers == 0
    assert october.active_contributors == Suppressed(3)
    assert october.engaged == Suppressed(3)


def test_closing_stores_the_counts_of_a_closed_month(data):
    assert "Months stored: 2." in close()  # September and October; November is not over
    assert_october(monthly_history(OCTOBER))
    assert [m.month for m in monthly_history()] == [DateRange.month(2026, 9), OCTOBER]
    (september,) = monthly_history(DateRange.month(2026, 9))
    assert september.readers == Suppressed(3)
    sales = monthly_history(OCTOBER, department="Sales")[0]
    tech = monthly_history(OCTOBER, department="Tech")[0]
    assert sales.readers == 3
    assert tech.readers == Suppressed(3)
    # HR's population (2) is under k, so one more department's is hidden (complementary): the
    # company's 12 minus the others would give it.
    assert (sales.population, tech.population) == (Suppressed(3, complementary=True), 5)
    hr = monthly_history(OCTOBER, department="HR")[0]
    assert hr.population == Suppressed(3)
    assert hr.readers == Suppressed(3)
    assert not MonthlyFigures.objects.filter(month=datetime.date(2026, 11, 1)).exists()


def test_small_cells_are_stored_as_null_and_flagged(data):
    close()
    row = MonthlyFigures.objects.get(month=OCTOBER.start, scope=MonthlyFigures.ALL)
    assert (row.active_contributors, row.engaged) == (None, None)
    assert row.suppressed == {"active_contributors": "fewer_than_k", "engaged": "fewer_than_k"}
    assert row.k == 3
    hr = MonthlyFigures.objects.get(month=OCTOBER.start, department="HR")
    assert hr.population is None and hr.readers is None
    # No stored count describes 1 to k - 1 people.
    for stored in MonthlyFigures.objects.all():
        for name in MonthlyFigures.COUNTS:
            value = getattr(stored, name)
            assert value is None or value == 0 or value >= 3, (stored, name, value)


def test_closing_is_idempotent(data):
    close()
    rows = list(MonthlyFigures.objects.values_list("pk", "closed_at"))
    assert "Months stored: 0." in close()
    assert list(MonthlyFigures.objects.values_list("pk", "closed_at")) == rows


def test_the_purge_first_stores_the_months_it_cuts_into(data):
    assert not MonthlyFigures.objects.exists()  # the command never ran
    purge(datetime.date(2026, 10, 10))
    assert not PageView.objects.filter(day__lt=datetime.date(2026, 10, 10)).exists()
    assert_october(monthly_history(OCTOBER))
    assert monthly_history(DateRange.month(2026, 9))[0].readers == Suppressed(3)
    # A later purge that takes the rest of October keeps the figures stored before.
    purge(datetime.date(2026, 11, 1))
    assert not PageView.objects.filter(day__lt=datetime.date(2026, 11, 1)).exists()
    assert_october(monthly_history(OCTOBER))
    assert "Months stored: 0." in close()


def test_a_dry_run_stores_nothing(data):
    call_command("purge_page_views", "--days", "1", "--dry-run", stdout=io.StringIO())
    assert not MonthlyFigures.objects.exists()
