"""The idea box's two ways to its page of ids (``ideabox.sort_keys``): in the order of its
ordered indexes for a large listing, by an expression no index serves for a small one; both list
the same rows in the same order. And the planner's statistics that let a database read those
indexes: refreshed by the daily maintenance (``purge_page_views``, ``db_statistics``)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.contributions_helpers import make_contribution, switch_on
from tests.test_contributions_ideabox import get_box, listed
from tests.testapp.models import IdeaBoxPage
from tests.utils import add_page, make_user, set_policy
from wagtail_social import db_statistics
from wagtail_social.contributions import ideabox
from wagtail_social.contributions.models import (
    ACCEPTED,
    ANSWERED,
    IDEA,
    INITIAL_STATE,
    QUESTION,
    SUGGESTION,
    Contribution,
)

pytestmark = pytest.mark.django_db

TABLE = Contribution._meta.db_table
LISTINGS = [
    {},
    {"sort": "supported"},
    {"sort": "unanswered", "state": "unanswered"},
    {"sort": "unanswered"},
    {"sort": "unanswered", "withdrawn": "on"},
    {"kind": QUESTION},
    {"state": ACCEPTED, "sort": "supported"},
    {"withdrawn": "on"},
]


@pytest.fixture
def box(section):
    page = add_page(section, "Boîte à idées", model=IdeaBoxPage, body=[("idea_box", {"section": None})])
    switch_on(page)
    return page


def fill(box, employee) -> None:
    """Contributions on two pages with ties in date and in supports, some answered, one withdrawn."""
    pages = [add_page(box, "Cantine"), add_page(box, "Parking")]
    now = timezone.now()
    for n in range(14):
        kind = (QUESTION, SUGGESTION)[n % 2] if n % 3 == 0 else IDEA
        answered = {QUESTION: ANSWERED, IDEA: ACCEPTED}.get(kind) if n % 4 == 1 else None
        make_contribution(
            pages[n % 2],
            employee,
            kind,
            title=f"Contribution {n}",
            state=answered or INITIAL_STATE[kind],
            created_at=now - timedelta(days=n // 3),  # three by three on the same instant
            support_count=(n % 3) if kind == IDEA else 0,
            withdrawn_at=now if n == 5 else None,
        )


def every_page(client, box, params) -> list[str]:
    titles, page = [], 1
    while True:
        html = get_box(client, box, **params, page=page)
        titles += listed(html)
        if 'rel="next"' not in html:
            return titles
        page += 1


def test_both_ways_list_the_same_rows_in_the_same_order(client_for, employee, box, settings, monkeypatch):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_PER_PAGE = 3
    fill(box, employee)
    client = client_for(employee)
    small = {str(params): every_page(client, box, params) for params in LISTINGS}
    monkeypatch.setattr(ideabox, "ORDERED_FROM", 0)  # every listing is "large" now
    large = {str(params): every_page(client, box, params) for params in LISTINGS}
    assert large == small
    assert len(small[str({})]) == 13 and len(small[str({"withdrawn": "on"})]) == 14


def test_a_small_listing_is_sorted_by_an_expression_a_large_one_by_its_fields(
    client_for, employee, box, monkeypatch
):
    fill(box, employee)
    client = client_for(employee)

    def ids_query() -> str:
        with CaptureQueriesContext(connection) as captured:
            get_box(client, box, sort="supported")
        return next(q["sql"] for q in captured if f'FROM "{TABLE}"' in q["sql"] and "LIMIT" in q["sql"])

    assert "COALESCE" in ids_query()
    monkeypatch.setattr(ideabox, "ORDERED_FROM", 13)  # the live ones
    assert "COALESCE" not in ids_query().split("ORDER BY")[1]


def analysed(table: str) -> bool:
    """Whether the planner has statistics of ``table`` (rows of ``sqlite_stat1``, ``pg_stats``)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return False
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0] > 0


def test_the_daily_purge_refreshes_the_planners_statistics(box, employee):
    fill(box, employee)
    make_user("reader")
    out = io.StringIO()
    call_command("purge_page_views", "--no-statistics", stdout=out)
    assert not analysed(TABLE)
    call_command("purge_page_views", "--dry-run", stdout=out)
    assert not analysed(TABLE)
    call_command("purge_page_views", stdout=out)
    assert analysed(TABLE)
    assert "statistics refreshed" in out.getvalue()
    assert TABLE in db_statistics.tables()
    assert "auth_user" not in db_statistics.tables()  # the site's own tables are its business


def test_no_kind_condition_when_every_kind_is_on_everywhere(rf, employee, box):
    page = add_page(box, "Cantine")
    request = rf.get("/")
    request.user = employee
    condition = ideabox.listable(request, box)
    assert "kind" not in str(condition) and "page_id__in" in str(condition)
    assert "kind__in" in str(ideabox.listable(request, box, QUESTION))
    assert "kind__in" in str(ideabox.listable(request, box, by_state=True))
    # Why no row is missed: the database takes no contribution of another kind.
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(page=page, author=employee, kind="poll", state=INITIAL_STATE[IDEA])
    set_policy(page, suggestions_enabled=False)
    request = rf.get("/")
    request.user = employee
    assert "kind__in" in str(ideabox.listable(request, box))


def test_the_detail_urls_are_what_reverse_gives():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from wagtail_social.contributions.presentation import detail_url_maker

    before = get_script_prefix()
    try:
        for prefix in ("/", "/intranet/"):
            set_script_prefix(prefix)
            detail_url = detail_url_maker()
            for pk in (1, 9, 987654321987, 12):
                assert detail_url(pk) == reverse("wagtail_social_contributions:detail", args=[pk])
    finally:
        set_script_prefix(before)
