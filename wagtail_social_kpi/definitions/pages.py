"""Figures per page and per section (a page and its subtree, by tree path), for one viewer.

Generically, for every activity kind: the events (rows, or their weight for weighted
activities), the distinct people, and the same per detail (a reaction's kind, a helpfulness
answer). What people name follows from it: views = page views by logged-in people + anonymous
views (their weight); unique readers = distinct people with a ``reader`` record; comments,
reactions by kind, helpfulness yes / no and its ratio (yes over yes + no), votes and turnout
(distinct voters) are the events and people of their kinds.

Pages a viewer may not see never appear, by title, id or figure: every figure is restricted to
``wagtail_social.access.visible_pages(viewer)`` (live pages outside the private communities the
viewer is not a member of), in the database; the records of a hidden page inside a visible
section do not count in the section either.

Every account counts (not only the population), anonymous visitors in views: a page's audience
is whoever reads it. Queries: the pages (1) and the aggregates (1, see ``_grouped``), whatever
the number of records or pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from wagtail.models import Page

from wagtail_social.access import visible_pages

from .ranges import DateRange
from .records import READER, Scope, fetch, has_people, registered_activities, union_sql

PAGE_COLUMNS = ("kind", "role", "person", "page", "detail", "weight")  # no day: the range is the scope's


@dataclass
class Count:
    """Events and the distinct people behind them (anonymous visitors are no one)."""

    events: object = 0
    people: object = 0


@dataclass
class PageFigures:
    """The figures of one page, or of a section (the page and its subtree)."""

    page_id: int
    title: str
    path: str
    kinds: dict[str, Count] = field(default_factory=dict)  # per activity kind
    details: dict[str, dict[str, Count]] = field(default_factory=dict)  # kind -> detail -> count
    reading: Count = field(default_factory=Count)  # every reader activity: views, unique readers

    @property
    def views(self):
        """Page views: logged in (one per person, page and day) plus anonymous."""
        return self.reading.events

    @property
    def unique_readers(self):
        return self.reading.people

    def events(self, kind: str):
        return self.kinds.get(kind, Count()).events

    def people(self, kind: str):
        return self.kinds.get(kind, Count()).people

    def detail(self, kind: str, detail: str):
        return self.details.get(kind, {}).get(detail, Count()).events

    @property
    def comments(self):
        return self.events("comment")

    @property
    def reactions_by_kind(self) -> dict[str, object]:
        return {detail: count.events for detail, count in self.details.get("reaction", {}).items()}

    @property
    def helpful_yes(self):
        return self.detail("helpful", "yes")

    @property
    def helpful_no(self):
        return self.detail("helpful", "no")

    @property
    def helpful_ratio(self):
        """Share of "yes" among the answers; None without answers, Suppressed if either is."""
        yes, no = self.helpful_yes, self.helpful_no
        if not (isinstance(yes, int) and isinstance(no, int)):
            return no if isinstance(yes, int) else yes
        return yes / (yes + no) if yes + no else None


@dataclass(frozen=True)
class Reading:
    """How the reading figures (views, unique readers) come out of the per-kind counts.

    Views are the events of every reader activity. Unique readers are distinct people over
    them all; when at most one reader activity names people (page views; anonymous views name
    no one), that is its own count of people, and no further aggregate is needed."""

    kinds: tuple[str, ...]
    people_kinds: tuple[str, ...]

    @classmethod
    def of(cls, activities: list) -> Reading:
        readers = [activity for activity in activities if activity.counts_as == READER]
        return cls(
            tuple(activity.kind for activity in readers),
            tuple(activity.kind for activity in readers if has_people(activity)),
        )

    @property
    def needs_own_count(self) -> bool:
        return len(self.people_kinds) > 1


def _grouped(
    date_range: DateRange, viewer, key_sql: str, join_sql: str = "", prefix: tuple[str, list] = ("", [])
) -> tuple[list[tuple], Reading]:
    """The aggregates behind every figure, grouped by ``key_sql`` (an expression over the
    records ``r`` and what ``join_sql`` joins), in one statement: per kind (every activity), per
    kind and detail (detailed activities only), and over reader activities (only when
    :class:`Reading` cannot derive it from the per-kind counts). Each record is read once, as
    in a plain ``GROUP BY page, kind``, except those of detailed activities (read twice).

    ``prefix``: a ``WITH`` clause and its parameters, for tables ``join_sql`` refers to."""
    activities = registered_activities()
    scope = Scope.of(date_range, pages=visible_pages(viewer))
    reading = Reading.of(activities)
    parts = [("kind", "r.k_kind, ''", "r.k_kind", activities)]
    detailed = [activity for activity in activities if activity.detailed]
    if detailed:
        parts.append(("detail", "r.k_kind, r.k_detail", "r.k_kind, r.k_detail", detailed))
    if reading.needs_own_count:
        readers = [activity for activity in activities if activity.counts_as == READER]
        parts.append(("reading", "'', ''", "", readers))
    selects, params = [], list(prefix[1])
    for name, columns, grouping, included in parts:
        records, records_params = union_sql(scope, included, PAGE_COLUMNS)
        group_by = ", ".join(filter(None, [key_sql, grouping]))
        selects.append(
            f"SELECT '{name}', {key_sql}, {columns}, SUM(r.k_weight), COUNT(DISTINCT r.k_person) "
            f"FROM ({records}) r {join_sql} GROUP BY {group_by}"
        )
        params += records_params
    return fetch(prefix[0] + " UNION ALL ".join(selects), params), reading


def _figures(pages: Iterable[Page], grouped: tuple[list[tuple], Reading]) -> list[PageFigures]:
    rows, reading = grouped
    figures = {page.pk: PageFigures(page.pk, page.title, page.path) for page in pages}
    for aggregate, key, kind, detail, events, people in rows:
        if key not in figures:
            continue
        count = Count(int(events or 0), int(people))
        if aggregate == "detail":
            figures[key].details.setdefault(kind, {})[detail] = count
        elif aggregate == "kind":
            figures[key].kinds[kind] = count
        else:
            figures[key].reading = count
    if not reading.needs_own_count:
        for figure in figures.values():
            figure.reading = Count(
                sum(figure.events(kind) for kind in reading.kinds),
                sum(figure.people(kind) for kind in reading.people_kinds),
            )
    return sorted(figures.values(), key=lambda figure: figure.path)


def page_figures(date_range: DateRange, viewer, pages: QuerySet | None = None) -> list[PageFigures]:
    """The figures of each page of ``pages`` (every page by default) that ``viewer`` may see,
    in tree order; pages without records have zeros."""
    shown = visible_pages(viewer)
    if pages is not None:
        shown = shown.filter(pk__in=pages.values("pk"))
    shown = list(shown.only("pk", "title", "path"))
    return _figures(shown, _grouped(date_range, viewer, "r.k_page"))


def section_figures(date_range: DateRange, viewer, sections: QuerySet) -> list[PageFigures]:
    """The figures of each section of ``sections`` that ``viewer`` may see: the records of the
    section's page and of every page under it that the viewer may see. Sections may nest: a
    record counts in each section it is under."""
    shown = list(visible_pages(viewer).filter(pk__in=sections.values("pk")).only("pk", "title", "path"))
    if not shown:
        return []
    table = connection.ops.quote_name(Page._meta.db_table)
    marks = ", ".join(["%s"] * len(shown))
    # Each page paired with every section it is in, worked out once (a small table) and
    # joined to the records on the page id, rather than comparing paths for every record.
    materialized = "MATERIALIZED " if connection.vendor in ("sqlite", "postgresql") else ""
    pairs = (
        f"WITH section_pages AS {materialized}(SELECT p.id AS page_id, s.id AS section_id "
        f"FROM {table} p JOIN {table} s ON s.id IN ({marks}) AND SUBSTR(p.path, 1, LENGTH(s.path)) = s.path) ",
        [page.pk for page in shown],
    )
    join = "JOIN section_pages sp ON sp.page_id = r.k_page"
    return _figures(shown, _grouped(date_range, viewer, "sp.section_id", join, pairs))
