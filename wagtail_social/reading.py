"""Recording page views, cheaply enough for every request.

A logged-in reader costs one statement that inserts at most one row per person, page and day;
an anonymous view costs one statement that adds one to the page's count of the day. Both are
``INSERT ... ON CONFLICT`` upserts, understood by SQLite (3.24+) and PostgreSQL alike. Raw SQL
because the ORM has no "add one on conflict", and because ``bulk_create`` wraps its INSERT in a
transaction of its own (an extra ``BEGIN`` round trip in autocommit mode).
"""

from __future__ import annotations

import logging
from contextlib import nullcontext

from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from wagtail.models import Page

from . import access, sql
from .conf import settings
from .models.reading import AnonymousPageView, PageView

logger = logging.getLogger("wagtail_social")

RECORDED_METHODS = ("GET", "HEAD")


def recording_page_views(serve):
    """Wrap Wagtail's page serving (an ``on_serve_page`` hook) to record the view of a page served
    with 200.

    Registered after Wagtail's own view-restriction check, so it runs only for visitors that
    check admitted: it needs no restriction query of its own, and it tells the access module so,
    which spares the participation block the same query. Redirects, password forms, errors and
    responses of earlier hooks are not views and are not recorded.
    """

    def serve_and_record(page, request, args, kwargs):
        access.note_admitted_by_wagtail(request, page)
        response = serve(page, request, args, kwargs)
        if response.status_code == 200:
            record_page_view(request, page)
        return response

    return serve_and_record


def record_page_view(request, page: Page) -> None:
    """Record that the visitor of ``request`` is shown ``page`` today (in the site's time zone).

    Records nothing for previews, for methods other than GET and HEAD, for a page the visitor
    may not see, or when ``WAGTAIL_SOCIAL_RECORD_PAGE_VIEWS`` is off. Never raises a database
    error: a page view that cannot be recorded is logged and the page is served all the same.
    """
    if (
        not settings.RECORD_PAGE_VIEWS
        or request.method not in RECORDED_METHODS
        or getattr(request, "is_preview", False)
        or not access.can_view(request, page)
    ):
        return
    user = getattr(request, "user", None)
    reader = user if user is not None and user.is_authenticated else None
    alias = router.db_for_write(PageView if reader else AnonymousPageView)
    day = timezone.localdate()
    try:
        with _confined(alias):
            if reader:
                sql.insert_ignoring_conflicts(PageView, user=reader.pk, page=page.pk, day=day)
            else:
                _count_anonymous_view(alias, page.pk, day)
    except DatabaseError:
        logger.warning("Could not record a view of page %s", page.pk, exc_info=True)


def _confined(alias: str):
    # Inside a transaction (ATOMIC_REQUESTS), a failed statement would abort the whole request's
    # transaction on PostgreSQL: a savepoint confines the failure. In autocommit mode the
    # statement is its own transaction and atomic() would only add BEGIN/COMMIT round trips.
    if connections[alias].in_atomic_block:
        return transaction.atomic(using=alias)
    return nullcontext()


def _count_anonymous_view(alias: str, page_id, day) -> None:
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(AnonymousPageView._meta.db_table)
    page, day_column, views = (
        quote(AnonymousPageView._meta.get_field(name).column) for name in ("page", "day", "views")
    )
    statement = (
        f"INSERT INTO {table} ({page}, {day_column}, {views}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({page}, {day_column}) DO UPDATE SET {views} = {table}.{views} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [page_id, connection.ops.adapt_datefield_value(day)])
