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
is whoever reads it. Queries: the pages (1) and three aggregates (3), whatever the number of
records or pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from wagtail.models import Page

from wagtail_social.access import visible_pages

from .ranges import DateRange
from .records import READER, Scope, fetch, union_sql


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


def _grouped(
    date_range: DateRange, viewer, key_sql: str, join_sql: str, join_params: list
) -> list[list[tuple]]:
    """The three aggregates, grouped by ``key_sql`` (an expression over the records ``r`` and
    what ``join_sql`` joins): per kind and detail, per kind, and over reader activities."""
    records, params = union_sql(Scope.of(date_range, pages=visible_pages(viewer)))
    base = f"FROM ({records}) r {join_sql}"
    queries = [
        (
            f"SELECT {key_sql}, r.k_kind, r.k_detail, SUM(r.k_weight), COUNT(DISTINCT r.k_person) "
            f"{base} GROUP BY {key_sql}, r.k_kind, r.k_detail",
            [*params, *join_params],
        ),
        (
            f"SELECT {key_sql}, r.k_kind, SUM(r.k_weight), COUNT(DISTINCT r.k_person) {base} "
            f"GROUP BY {key_sql}, r.k_kind",
            [*params, *join_params],
        ),
        (
            f"SELECT {key_sql}, SUM(r.k_weight), COUNT(DISTINCT r.k_person) {base} "
            f"WHERE r.k_role = %s GROUP BY {key_sql}",
            [*params, *join_params, READER],
        ),
    ]
    return [fetch(sql, query_params) for sql, query_params in queries]


def _figures(pages: Iterable[Page], results: list[list[tuple]]) -> list[PageFigures]:
    figures = {page.pk: PageFigures(page.pk, page.title, page.path) for page in pages}
    by_detail, by_kind, reading = results
    for key, kind, detail, events, people in by_detail:
        if key in figures and detail:
            figures[key].details.setdefault(kind, {})[detail] = Count(int(events or 0), int(people))
    for key, kind, events, people in by_kind:
        if key in figures:
            figures[key].kinds[kind] = Count(int(events or 0), int(people))
    for key, events, people in reading:
        if key in figures:
            figures[key].reading = Count(int(events or 0), int(people))
    return sorted(figures.values(), key=lambda figure: figure.path)


def page_figures(date_range: DateRange, viewer, pages: QuerySet | None = None) -> list[PageFigures]:
    """The figures of each page of ``pages`` (every page by default) that ``viewer`` may see,
    in tree order; pages without records have zeros."""
    shown = visible_pages(viewer)
    if pages is not None:
        shown = shown.filter(pk__in=pages.values("pk"))
    shown = list(shown.only("pk", "title", "path"))
    return _figures(shown, _grouped(date_range, viewer, "r.k_page", "", []))


def section_figures(date_range: DateRange, viewer, sections: QuerySet) -> list[PageFigures]:
    """The figures of each section of ``sections`` that ``viewer`` may see: the records of the
    section's page and of every page under it that the viewer may see. Sections may nest: a
    record counts in each section it is under."""
    shown = list(visible_pages(viewer).filter(pk__in=sections.values("pk")).only("pk", "title", "path"))
    if not shown:
        return []
    table = connection.ops.quote_name(Page._meta.db_table)
    marks = ", ".join(["%s"] * len(shown))
    join = (
        f"JOIN {table} p ON p.id = r.k_page "
        f"JOIN {table} s ON s.id IN ({marks}) AND SUBSTR(p.path, 1, LENGTH(s.path)) = s.path"
    )
    return _figures(shown, _grouped(date_range, viewer, "s.id", join, [page.pk for page in shown]))
