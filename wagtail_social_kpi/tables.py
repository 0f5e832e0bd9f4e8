"""The rows of the participation reports and exports: one module for the admin reports, their
exports and the ``social_kpi_export`` command, so a file and a screen never disagree.

Each table asks ``definitions`` for the figures and ``privacy`` to protect them, then turns
each protected figure into a row (a dict, in the order of the table's columns) only when the
row is asked for: :meth:`Table.rows` is a generator, so an export writes one row while the next
is not made yet. A withheld cell stays a ``privacy.Suppressed``, which every format writes as
its text ("fewer than k"): never a zero, never a blank. An undefined figure (a helpfulness ratio
without answers, regular readers over less than two weeks) is None: a blank cell, or ``null``.

Per page and per section, the fixed columns (views, comments, reactions, helpfulness, poll
voters) are followed by one column per other registered activity kind (a feature's: ideas,
supports…), headed with the activity's ``label``, and for a detailed one a column per detail
value present in the rows (ideas by state), headed with its ``detail_labels``: a new feature
shows in the reports by registering, and this module imports none.

Per page and per section, pages are those the viewer may see (``definitions`` asks the access
module): a page the viewer may not see appears nowhere, by title, id or figure. The command
exports as :data:`ADMINISTRATOR` sees, every live page, and says so in ``docs/kpi.md``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from wagtail_social.features import Activity, activities

from . import definitions, population, privacy
from .definitions import DateRange

PAGE = "page"
SECTION = "section"
DEPARTMENT = "department"
GROUPINGS = (PAGE, SECTION, DEPARTMENT, *definitions.GRAINS)
PEOPLE_FIGURES = ("activation", "readers", "regular_readers", "active_contributors", "engaged")
PYRAMID_LEVELS = ("non_readers", "readers_only", "occasional_contributors", "heavy_contributors")
# The activity kinds the fixed columns of the page and section tables show (with every reader
# activity, in views and unique readers); every other kind gets columns of its own.
FIXED_KINDS = frozenset({"comment", "reaction", "helpful", "vote", "poll_window"})


class Administrator:
    """Who the command exports for: someone who may see every live page (a superuser's view,
    without an account)."""

    is_superuser = True
    is_active = True
    is_authenticated = True
    is_anonymous = False
    pk = None


ADMINISTRATOR = Administrator()


def last_full_weeks(weeks: int = 4, today: datetime.date | None = None) -> DateRange:
    """The ``weeks`` whole ISO weeks before the current one (the reports' default range)."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return DateRange(monday - datetime.timedelta(weeks=weeks), monday - datetime.timedelta(days=1))


@dataclass
class Table:
    """A report's columns (key, heading) and its rows, made one at a time from ``figures``."""

    grouping: str
    date_range: DateRange
    columns: list[tuple[str, str | Promise]]
    figures: list = field(repr=False)
    make_row: Callable[[object], dict] = field(repr=False)

    @property
    def keys(self) -> list[str]:
        return [key for key, _heading in self.columns]

    @property
    def headings(self) -> dict[str, str | Promise]:
        return dict(self.columns)

    def __len__(self) -> int:
        return len(self.figures)

    def rows(self) -> Iterator[dict]:
        """The rows, each made when it is asked for."""
        for figures in self.figures:
            yield self.make_row(figures)


def percent(share):
    """A share (0 to 1) as a percentage with one decimal; None and withheld cells as they are."""
    return round(share * 100, 1) if isinstance(share, int | float) else share


def total(*cells):
    """The sum of cells, withheld if any of them is."""
    withheld = [cell for cell in cells if privacy.is_suppressed(cell)]
    return withheld[0] if withheld else sum(cells)


@dataclass(frozen=True)
class ExtraColumns:
    """The columns of the activity kinds the fixed columns do not show: per kind its events,
    then, for a detailed kind, its events per detail value present in the rows (in the order of
    the activity's ``detail_labels``)."""

    kinds: list[tuple[Activity, list[str]]]

    @classmethod
    def of(cls, pages: list[definitions.PageFigures]) -> ExtraColumns:
        kinds, seen = [], set()
        for _feature, activity in activities():
            if activity.counts_as == Activity.READER or activity.kind in FIXED_KINDS | seen:
                continue
            seen.add(activity.kind)
            present = {detail for page in pages for detail in page.details.get(activity.kind, {})}
            kinds.append((activity, activity.detail_order(present) if activity.detailed else []))
        return cls(kinds)

    def columns(self) -> list[tuple[str, str | Promise]]:
        columns = []
        for activity, details in self.kinds:
            name = activity.name
            columns.append((activity.kind, name))
            columns += [
                (f"{activity.kind}_{detail}", _("%(kind)s: %(detail)s") % {"kind": name, "detail": label})
                for detail, label in ((detail, activity.detail_label(detail)) for detail in details)
            ]
        return columns

    def cells(self, figures: definitions.PageFigures) -> dict:
        row = {}
        for activity, details in self.kinds:
            row[activity.kind] = figures.events(activity.kind)
            for detail in details:
                row[f"{activity.kind}_{detail}"] = figures.detail(activity.kind, detail)
        return row


def _page_columns(reaction_kinds: list[str], extra: ExtraColumns) -> list[tuple[str, str | Promise]]:
    columns = [
        ("page_id", _("Page id")),
        ("title", _("Page")),
        ("views", _("Views")),
        ("unique_readers", _("Unique readers")),
        ("comments", _("Comments")),
        ("reactions", _("Reactions")),
    ]
    columns += [(f"reactions_{kind}", _("Reactions: %(kind)s") % {"kind": kind}) for kind in reaction_kinds]
    return (
        columns
        + [
            ("helpful_yes", _("Helpful: yes")),
            ("helpful_no", _("Helpful: no")),
            ("helpful_percent", _("Helpful (%)")),
            ("poll_voters", _("Poll voters")),
        ]
        + extra.columns()
    )


def _page_row(figures: definitions.PageFigures, reaction_kinds: list[str], extra: ExtraColumns) -> dict:
    row = {
        "page_id": figures.page_id,
        "title": figures.title,
        "views": figures.views,
        "unique_readers": figures.unique_readers,
        "comments": figures.comments,
        "reactions": figures.events("reaction"),
    }
    for kind in reaction_kinds:
        row[f"reactions_{kind}"] = figures.detail("reaction", kind)
    row["helpful_yes"] = figures.helpful_yes
    row["helpful_no"] = figures.helpful_no
    row["helpful_percent"] = percent(figures.helpful_ratio)
    # Turnout: named voters (one record per vote) and secret ballots (one per voter, no date).
    row["poll_voters"] = total(figures.people("vote"), figures.people("poll_window"))
    row.update(extra.cells(figures))
    return row


def _pages_table(grouping: str, date_range: DateRange, figures: list[definitions.PageFigures]) -> Table:
    protected = privacy.protect_pages(figures)
    kinds = sorted({kind for page in protected for kind in page.details.get("reaction", {})})
    extra = ExtraColumns.of(protected)
    return Table(
        grouping, date_range, _page_columns(kinds, extra), protected, lambda f: _page_row(f, kinds, extra)
    )


def page_table(date_range: DateRange, viewer, section: Page | None = None) -> Table:
    """Every page ``viewer`` may see (under ``section``, itself included, when given)."""
    pages = Page.objects.filter(depth__gt=1)
    if section is not None:
        pages = pages.descendant_of(section, inclusive=True)
    return _pages_table(PAGE, date_range, definitions.page_figures(date_range, viewer, pages))


def sections(section: Page | None = None) -> QuerySet:
    """Sections: pages with children (the tree's root excepted), under ``section`` when given."""
    pages = Page.objects.filter(depth__gt=1, numchild__gt=0)
    return pages.descendant_of(section, inclusive=True) if section is not None else pages


def section_table(date_range: DateRange, viewer, section: Page | None = None) -> Table:
    """Every section ``viewer`` may see, with the records of the pages under it they may see."""
    return _pages_table(
        SECTION, date_range, definitions.section_figures(date_range, viewer, sections(section))
    )


def _people_columns() -> list[tuple[str, str | Promise]]:
    labels = {
        "activation": _("Activated"),
        "readers": _("Readers"),
        "regular_readers": _("Regular readers"),
        "active_contributors": _("Active contributors"),
        "engaged": _("Engaged"),
    }
    columns = [("department", _("Department")), ("population", _("Population"))]
    for name in PEOPLE_FIGURES:
        columns += [
            (name, labels[name]),
            (f"{name}_percent", _("%(figure)s (%%)") % {"figure": labels[name]}),
            (f"{name}_previous", _("%(figure)s, previous period") % {"figure": labels[name]}),
        ]
    return columns + [
        ("non_readers", _("Non-readers")),
        ("readers_only", _("Readers only")),
        ("occasional_contributors", _("Occasional contributors")),
        ("heavy_contributors", _("Heavy contributors")),
    ]


def _people_row(item: tuple[str, definitions.Headline]) -> dict:
    name, headline = item
    row = {"department": name, "population": headline.population.count}
    for figure_name, figure in headline.figures():
        row[figure_name] = figure.count
        row[f"{figure_name}_percent"] = percent(figure.share)
        row[f"{figure_name}_previous"] = figure.previous_count
    for level, figure in headline.pyramid.levels():
        row[level] = figure.count
    return row


def department_table(date_range: DateRange) -> Table:
    """The whole population, then each department (by name; people without one last): the
    departments' cells are protected together, against the total shown first."""
    everyone = privacy.protect_headline(definitions.headline(date_range))
    departments = privacy.protect_departments(definitions.by_department(date_range, population.departments()))
    named = sorted((name, h) for name, h in departments.items() if name is not None)
    items = [(str(_("Everyone")), everyone), *named]
    if None in departments:
        items.append((str(_("No department")), departments[None]))
    return Table(DEPARTMENT, date_range, _people_columns(), items, _people_row)


def _period_row(figures: definitions.PeriodFigures) -> dict:
    row = {"start": figures.period.start, "end": figures.period.end, "population": figures.population}
    for name in ("readers", "engaged", "active_contributors"):
        row[name] = getattr(figures, name)
        row[f"{name}_percent"] = percent(figures.share(name))
    row["views"] = figures.views
    return row


def period_table(date_range: DateRange, grain: str) -> Table:
    """The population's figures by day, week or month (``grain``) of ``date_range``."""
    columns = [
        ("start", pgettext_lazy("start of a date range", "From")),
        ("end", pgettext_lazy("end of a date range", "To")),
        ("population", _("Population")),
        ("readers", _("Readers")),
        ("readers_percent", _("Readers (%)")),
        ("engaged", _("Engaged")),
        ("engaged_percent", _("Engaged (%)")),
        ("active_contributors", _("Active contributors")),
        ("active_contributors_percent", _("Active contributors (%)")),
        ("views", _("Views")),
    ]
    figures = privacy.protect_periods(definitions.by_period(date_range, grain))
    return Table(grain, date_range, columns, figures, _period_row)


def table_for(grouping: str, date_range: DateRange, viewer, section: Page | None = None) -> Table:
    """The table of ``grouping`` (one of :data:`GROUPINGS`)."""
    if grouping == PAGE:
        return page_table(date_range, viewer, section)
    if grouping == SECTION:
        return section_table(date_range, viewer, section)
    if grouping == DEPARTMENT:
        return department_table(date_range)
    if grouping in definitions.GRAINS:
        return period_table(date_range, grouping)
    raise ValueError(f"Unknown grouping {grouping!r}: use one of {', '.join(GROUPINGS)}.")
