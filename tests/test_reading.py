"""Reading records: one upsert per page view, at most one row per person, page and day."""

import logging
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageViewRestriction

from wagtail_social import access
from wagtail_social.models import AnonymousPageView, PageView
from wagtail_social.reading import record_page_view

pytestmark = pytest.mark.django_db

# Transactional tests flush the database; restore the rows Wagtail's migrations created.
autocommit = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def today():
    return timezone.localdate()


def request_for(user, page, method="get"):
    request = getattr(RequestFactory(), method)(page.url)
    request.user = user or AnonymousUser()
    return request


@contextmanager
def inserts_refused(model):
    """Make every INSERT into ``model``'s table fail in the database itself, with a trigger."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER refuse_insert ON {table}")
                cursor.execute("DROP FUNCTION refuse_insert()")
            else:
                cursor.execute("DROP TRIGGER refuse_insert")


# What is recorded


def test_a_logged_in_view_records_the_person_the_page_and_the_day(client_for, employee, article):
    response = client_for(employee).get(article.url)
    assert response.status_code == 200
    assert list(PageView.objects.values_list("user", "page", "day")) == [(employee.pk, article.pk, today())]
    assert not AnonymousPageView.objects.exists()


def test_views_on_the_same_day_make_one_row(client_for, employee, article):
    client = client_for(employee)
    for _ in range(3):
        client.get(article.url)
    assert PageView.objects.count() == 1


def test_a_view_on_another_day_makes_another_row(client_for, employee, article):
    PageView.objects.create(user=employee, page=article, day=today() - timedelta(days=1))
    client_for(employee).get(article.url)
    assert sorted(PageView.objects.values_list("day", flat=True)) == [today() - timedelta(days=1), today()]


def test_the_day_is_the_day_in_the_sites_time_zone(employee, article):
    # 26 hours apart: whatever the time, the two zones are on different dates.
    days = set()
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        with timezone.override(zone):
            record_page_view(request_for(employee, article), article)
            days.add(timezone.localdate())
    assert set(PageView.objects.values_list("day", flat=True)) == days
    assert len(days) == 2


def test_anonymous_views_are_counted_per_page_and_day(client, article):
    for _ in range(3):
        assert client.get(article.url).status_code == 200
    assert list(AnonymousPageView.objects.values_list("page", "day", "views")) == [(article.pk, today(), 3)]
    assert not PageView.objects.exists()


def test_no_address_user_agent_or_time_is_stored():
    assert {field.name for field in PageView._meta.get_fields()} == {"id", "user", "page", "day"}
    assert {field.name for field in AnonymousPageView._meta.get_fields()} == {"id", "page", "day", "views"}


def test_erasing_a_person_erases_their_reading(employee, article):
    record_page_view(request_for(employee, article), article)
    employee.delete()
    assert not PageView.objects.exists()


# What it costs


@autocommit
def test_recording_a_reader_is_one_statement(employee, article, django_assert_num_queries):
    request = request_for(employee, article)
    access.can_view(request, article)  # asked first by the hook, then reused by the page's block
    with django_assert_num_queries(1):
        record_page_view(request, article)
    with django_assert_num_queries(1):
        record_page_view(request, article)  # the same day again: still one statement, no new row
    assert PageView.objects.count() == 1


@autocommit
def test_counting_an_anonymous_view_is_one_statement(article, django_assert_num_queries):
    request = request_for(None, article)
    access.can_view(request, article)
    for _ in range(2):
        with django_assert_num_queries(1):
            record_page_view(request, article)
    assert AnonymousPageView.objects.get().views == 2


# What is not recorded


def test_a_restricted_page_is_not_recorded_for_those_who_may_not_see_it(
    client, client_for, outsider, member, community_page
):
    assert client.get(community_page.url).status_code == 404  # a private page: as if missing
    assert client_for(outsider).get(community_page.url).status_code == 404
    assert not PageView.objects.exists()
    assert not AnonymousPageView.objects.exists()
    assert client_for(member).get(community_page.url).status_code == 200
    assert list(PageView.objects.values_list("user", flat=True)) == [member.pk]


def test_a_password_form_is_not_a_view_of_the_page(client_for, employee, article):
    """Wagtail answers a password-protected page with its password form, status 200: the
    recording sits inside Wagtail's restriction check, so the form is not counted as a view."""
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    client = client_for(employee)
    response = client.get(article.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert not PageView.objects.exists()
    login = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    assert client.post(login, {"password": "secret", "return_url": article.url}).status_code == 302
    assert client.get(article.url).status_code == 200
    assert list(PageView.objects.values_list("user", "page")) == [(employee.pk, article.pk)]


def test_a_response_from_an_earlier_hook_is_not_a_view(client_for, employee, article):
    def answer_instead(page, request, serve_args, serve_kwargs):
        return HttpResponse("maintenance", status=200)

    with hooks.register_temporarily("before_serve_page", answer_instead):
        assert client_for(employee).get(article.url).content == b"maintenance"
    assert not PageView.objects.exists()


@autocommit
def test_a_served_page_costs_one_query_more_with_recording(client_for, employee, article):
    """The served page, the participation block included, with recording on and off: the
    recording adds its one upsert and nothing else (Wagtail's restriction check already
    admitted the reader, so nobody reads the restrictions again)."""
    client = client_for(employee)
    client.get(article.url)  # warm caches (site root paths, content types)

    def queries_of_a_view(on: bool) -> int:
        with override_settings(WAGTAIL_SOCIAL_RECORD_PAGE_VIEWS=on), CaptureQueriesContext(connection) as ctx:
            assert client.get(article.url).status_code == 200
        return len(ctx.captured_queries)

    assert queries_of_a_view(True) == queries_of_a_view(False) + 1


def test_previews_are_not_recorded(employee, article):
    assert article.make_preview_request().status_code == 200  # Wagtail's preview machinery
    request = request_for(employee, article)
    request.is_preview = True
    record_page_view(request, article)
    assert not PageView.objects.exists()
    assert not AnonymousPageView.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_only_get_and_head_are_recorded(client_for, employee, article, method):
    getattr(client_for(employee), method)(article.url)
    record_page_view(request_for(employee, article, method), article)
    assert not PageView.objects.exists()
    record_page_view(request_for(employee, article, "head"), article)
    assert PageView.objects.count() == 1


@override_settings(WAGTAIL_SOCIAL_RECORD_PAGE_VIEWS=False)
def test_recording_can_be_switched_off(client, client_for, employee, article):
    client.get(article.url)
    client_for(employee).get(article.url)
    assert not PageView.objects.exists()
    assert not AnonymousPageView.objects.exists()


# A failure to record never breaks the page


@pytest.mark.parametrize("model, logged_in", [(PageView, True), (AnonymousPageView, False)])
def test_a_failed_recording_inside_a_request_transaction_still_serves_the_page(
    client, client_for, employee, article, caplog, model, logged_in
):
    # The test runs inside a transaction, as a request does with ATOMIC_REQUESTS. On PostgreSQL
    # a failed statement outside a savepoint would abort it, and rendering the page would fail.
    client = client_for(employee) if logged_in else client
    with inserts_refused(model), caplog.at_level(logging.WARNING, logger="wagtail_social"):
        response = client.get(article.url)
    assert response.status_code == 200
    assert "Article" in response.content.decode()
    assert "Could not record a view of page" in caplog.text
    assert not model.objects.exists()


@autocommit
def test_a_failed_recording_in_autocommit_mode_is_logged(employee, article, caplog):
    with inserts_refused(PageView), caplog.at_level(logging.WARNING, logger="wagtail_social"):
        record_page_view(request_for(employee, article), article)
    assert "Could not record a view of page" in caplog.text
    record_page_view(request_for(employee, article), article)  # the connection is still usable
    assert PageView.objects.count() == 1


# Purging


def purge(*args):
    out = StringIO()
    call_command("purge_page_views", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_what_is_older_than_the_retention(employee, article):
    kept_day = today() - timedelta(days=396)
    for day in (today(), kept_day, kept_day - timedelta(days=1), today() - timedelta(days=800)):
        PageView.objects.create(user=employee, page=article, day=day)
        AnonymousPageView.objects.create(page=article, day=day, views=4)
    output = purge()
    assert sorted(PageView.objects.values_list("day", flat=True)) == [kept_day, today()]
    assert sorted(AnonymousPageView.objects.values_list("day", flat=True)) == [kept_day, today()]
    assert "Deleted 2 page views and 2 anonymous daily counts." in output


def test_purge_dry_run_deletes_nothing(employee, article):
    PageView.objects.create(user=employee, page=article, day=today() - timedelta(days=30))
    AnonymousPageView.objects.create(page=article, day=today(), views=1)
    output = purge("--days", "7", "--dry-run")
    assert "Would delete 1 page views and 0 anonymous daily counts." in output
    assert PageView.objects.count() == 1


@override_settings(WAGTAIL_SOCIAL_PAGE_VIEW_RETENTION_DAYS=10)
def test_purge_follows_the_setting_and_days_overrides_it(employee, article):
    PageView.objects.create(user=employee, page=article, day=today() - timedelta(days=20))
    PageView.objects.create(user=employee, page=article, day=today() - timedelta(days=5))
    purge()
    assert PageView.objects.count() == 1
    purge("--days", "3")
    assert not PageView.objects.exists()


def test_purge_works_in_batches(employee, article):
    for age in range(500, 505):
        PageView.objects.create(user=employee, page=article, day=today() - timedelta(days=age))
    output = purge("--batch-size", "2")
    assert not PageView.objects.exists()
    assert [line.strip() for line in output.splitlines() if "so far" in line] == [
        "page views: 2 deleted so far",
        "page views: 4 deleted so far",
        "page views: 5 deleted so far",
    ]


@pytest.mark.parametrize("args", [["--days", "0"], ["--batch-size", "0"]])
def test_purge_refuses_nonsense(args):
    with pytest.raises(CommandError):
        purge(*args)
