"""Bulk loading for ``bench/kpi.py``: employees in department groups, pages, reading records and
participation records, written straight into the tables (no signals, no xtd threading), in SQL
where the volume calls for it: the million reading records are one ``INSERT … SELECT`` over a
generated series, so loading takes seconds on either database."""

from __future__ import annotations

import datetime
import sys
import time

DEPARTMENT_PREFIX = "Department: "
DAYS = 182  # reading and participation spread over the last 26 weeks
REACTION_KINDS = ("like", "bravo", "thanks")


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def load_people(employees: int, departments: int) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    User.objects.bulk_create(
        (
            User(username=f"employee{n}", email=f"employee{n}@example.com", password="!")
            for n in range(employees)
        ),
        batch_size=2000,
    )
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    groups = Group.objects.bulk_create(Group(name=f"{DEPARTMENT_PREFIX}{n:02d}") for n in range(departments))
    through = User.groups.through
    through.objects.bulk_create(
        (through(user_id=pk, group_id=groups[n % departments].pk) for n, pk in enumerate(ids)),
        batch_size=5000,
    )
    return ids


def load_pages(count: int) -> list[int]:
    """A home page with sections of 50 pages each (the sections count among the pages)."""
    from wagtail.models import Page
    from wagtail.models import Site as WagtailSite

    from tests.testapp.models import PlainPage

    Page.objects.filter(depth=2).delete()
    home = Page.objects.get(depth=1).add_child(instance=PlainPage(title="Home", slug="home"))
    WagtailSite.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    made = [home.pk]
    section = None
    for n in range(count - 1):
        if n % 50 == 0:
            section = home.add_child(
                instance=PlainPage(title=f"Section {n // 50}", slug=f"section-{n // 50}")
            )
            made.append(section.pk)
            if len(made) >= count:
                break
            section = Page.objects.get(pk=section.pk)
        page = section.add_child(instance=PlainPage(title=f"Page {n}", slug=f"page-{n}"))
        made.append(page.pk)
        if len(made) >= count:
            break
    return made


def load_views(records: int, people: list[int], pages: list[int], today: datetime.date) -> None:
    """``records`` reading records, one per (person, page, day) as the unique constraint wants:
    the n-th record of person u reads page (7u + 13n) mod P — distinct pages for a person's first
    P records — on a day spread over :data:`DAYS` days."""
    from django.db import connection

    from wagtail_social.models import PageView

    users, pages_n = len(people), len(pages)
    assert people == list(range(people[0], people[0] + users)), "user ids are not contiguous"
    table = connection.ops.quote_name(PageView._meta.db_table)
    user = f"{people[0]} + (i %% {users})"
    page_index = f"((i %% {users}) * 7 + (i / {users}) * 13) %% {pages_n}"
    offset = f"(i * 7919) %% {DAYS}"
    first = today - datetime.timedelta(days=DAYS - 1)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_pages (idx integer PRIMARY KEY, page_id integer)")
        cursor.executemany("INSERT INTO bench_pages VALUES (%s, %s)", list(enumerate(pages)))
        if connection.vendor == "postgresql":
            series = f"generate_series(CAST(0 AS bigint), {records - 1}) AS s(i)"
            day = f"CAST(%s AS date) + CAST({offset} AS integer)"
            sql = (
                f"INSERT INTO {table} (user_id, page_id, day) SELECT {user}, p.page_id, {day} "
                f"FROM {series} JOIN bench_pages p ON p.idx = {page_index}"
            )
        else:
            day = f"date(%s, '+' || ({offset}) || ' days')"
            sql = (
                f"INSERT INTO {table} (user_id, page_id, day) "
                f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {records - 1}) "
                f"SELECT {user}, p.page_id, {day} FROM s JOIN bench_pages p ON p.idx = {page_index}"
            )
        cursor.execute(sql, [first.isoformat()])
        cursor.execute("DROP TABLE bench_pages")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")


def load_participation(records: int, people: list[int], pages: list[int], now: datetime.datetime) -> dict:
    """``records`` participation records: 60 % reactions, 20 % helpfulness answers, 20 % comments
    (xtd rows with the minimal fields, no threading), spread over :data:`DAYS` days."""
    from django.contrib.contenttypes.models import ContentType
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page

    from wagtail_social.models import HelpfulVote, Reaction

    def when(n: int) -> datetime.datetime:
        return now - datetime.timedelta(minutes=(n * 104729) % (DAYS * 24 * 60))

    reactions, helpful = records * 6 // 10, records * 2 // 10
    comments = records - reactions - helpful
    Reaction.objects.bulk_create(
        (
            Reaction(
                user_id=people[n % len(people)],
                page_id=pages[(n // len(people) + n) % len(pages)],
                kind=REACTION_KINDS[(n // (len(people) * len(pages))) % 3],
                created_at=when(n),
            )
            for n in range(reactions)
        ),
        batch_size=5000,
    )
    # One reaction of a kind, one answer per person and page: distinct while n < people × pages.
    HelpfulVote.objects.bulk_create(
        (
            HelpfulVote(
                user_id=people[n % len(people)],
                page_id=pages[(n // len(people)) % len(pages)],
                helpful=n % 4 != 0,
                created_at=when(n + 1),
                updated_at=when(n + 1),
            )
            for n in range(helpful)
        ),
        batch_size=5000,
    )
    page_type = ContentType.objects.get_for_model(Page)
    Comment.objects.bulk_create(
        (
            Comment(
                content_type=page_type,
                object_pk=str(pages[(n * 17) % len(pages)]),
                site_id=1,
                user_id=people[(n * 53) % len(people)],
                comment=f"Comment {n}",
                submit_date=when(n + 2),
                is_public=True,
                is_removed=False,
            )
            for n in range(comments)
        ),
        batch_size=5000,
    )
    # XtdComment extends Comment (multi-table): its own rows, minimal threading fields, in SQL.
    from django.db import connection

    ids = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    table = connection.ops.quote_name(XtdComment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (comment_ptr_id, thread_id, parent_id, level, {connection.ops.quote_name('order')}, "
            "followup, nested_count) VALUES (%s, %s, %s, 0, 1, %s, 0)",
            [(pk, pk, pk, False) for pk in ids],
        )
    return {"reactions": reactions, "helpful answers": helpful, "comments": comments}


def fix_dates(now: datetime.datetime) -> None:
    """``auto_now_add``/``auto_now`` stamped every reaction and answer "now": spread them."""
    from django.db import connection

    from wagtail_social.models import HelpfulVote, Reaction

    minutes = DAYS * 24 * 60
    for model, columns in ((Reaction, ("created_at",)), (HelpfulVote, ("created_at", "updated_at"))):
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
            rows = [(now - datetime.timedelta(minutes=(pk * 104729) % minutes), pk) for pk in ids]
            sets = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE id = %s",
                [(*[when] * len(columns), pk) for when, pk in rows],
            )


def load(scale: float) -> dict:
    """Everything, at ``scale`` (1: 10,000 employees, 1,000 pages, 1,000,000 reading records,
    100,000 participation records). Returns what was loaded and how long it took."""
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.perf_counter()
    employees = max(50, int(10_000 * scale))
    pages_n = max(20, int(1_000 * scale))
    views = max(1_000, int(1_000_000 * scale))
    participation = max(500, int(100_000 * scale))
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        people = load_people(employees, departments=20)
        log(f"{employees} employees in 20 departments ({time.perf_counter() - started:.1f} s)")
        pages = load_pages(pages_n)
        log(f"{len(pages)} pages ({time.perf_counter() - started:.1f} s)")
        load_views(views, people, pages, today)
        log(f"{views} reading records ({time.perf_counter() - started:.1f} s)")
        kinds = load_participation(participation, people, pages, now)
        fix_dates(now)
        log(f"{participation} participation records {kinds} ({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "employees": employees,
        "pages": len(pages),
        "views": views,
        "participation": kinds,
        "load_s": time.perf_counter() - started,
    }
