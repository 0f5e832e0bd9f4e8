"""The dashboard's figures, gathered once for the screen and for its exports.

The dashboard (``admin/dashboard.py``) shows, for the range, grouping and comparison picked: the
headline figures, the trend by period, the departments, the pyramid and group A against group B.
:func:`dashboard_figures` asks ``definitions`` for them and ``privacy`` to protect them, once; the
screen words them (``admin/presentation.py``) and the exports write them (:func:`dashboard_table`),
so a downloaded file cannot hold a figure the screen does not show, nor miss one it does.

**The export is one long table** with a "section" column (headline, trend, departments, pyramid,
comparison) rather than one table per section: a CSV or JSON file holds one table, so only one
long table reads the same in the three formats; in Excel it opens as one sheet whose columns
mean the same on every row (count, share, previous period, change), ready for a filter on the
section or a pivot table, and every figure is a number in a numeric column, not text in a
layout. A withheld cell is written as its text ("fewer than k", "hidden"), never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import definitions, dictionary, population, privacy
from .definitions import DateRange, Figure, Headline, PeriodFigures
from .tables import Table, percent

DASHBOARD = "dashboard"


@dataclass(frozen=True)
class ComparedGroups:
    """Group A against group B (``group_b`` None: everyone else), protected; or why not."""

    group_a: str
    group_b: str | None
    a: Headline | None = None
    b: Headline | None = None
    refused: str = ""


@dataclass(frozen=True)
class DashboardFigures:
    """Every figure the dashboard shows, already protected by ``privacy``."""

    date_range: DateRange
    grain: str
    headline: Headline
    periods: list[PeriodFigures]
    departments: dict | None  # department name (None: no department) -> Headline; None: no departments
    comparison: ComparedGroups | None


def dashboard_figures(
    date_range: DateRange, grain: str, comparison: tuple[str, str | None] | None = None
) -> DashboardFigures:
    """The protected figures of ``date_range`` by ``grain``, with group A against group B when
    ``comparison`` is ``(group A, group B or None for everyone else)``. The headline, the
    departments and the comparison are cut from one collection of the population's records."""
    collected = definitions.population_figures(date_range)
    by_department = collected.by_department(population.departments())
    departments = None
    if any(name is not None for name in by_department):
        departments = privacy.protect_departments(by_department)
    compared = None
    if comparison is not None:
        group_a, group_b = comparison
        try:
            both = collected.compare_groups(group_a, group_b)
        except definitions.ComparisonRefused as refused:
            compared = ComparedGroups(group_a, group_b, refused=str(refused))
        else:
            compared = ComparedGroups(
                group_a, group_b, privacy.protect_headline(both.a), privacy.protect_headline(both.b)
            )
    return DashboardFigures(
        date_range=date_range,
        grain=grain,
        headline=privacy.protect_headline(collected.headline),
        periods=privacy.protect_periods(collected.by_period(grain)),
        departments=departments,
        comparison=compared,
    )


# --- the export: one long table -------------------------------------------------------------

COLUMNS = [
    ("section", pgettext_lazy("a page and its subtree", "Section")),
    ("subject", _("Who")),
    ("start", pgettext_lazy("start of a date range", "From")),
    ("end", pgettext_lazy("end of a date range", "To")),
    ("figure", _("Figure")),
    ("key", _("Figure key")),
    ("count", _("Count")),
    ("percent", _("Share of the population (%)")),
    ("previous_count", _("Previous period")),
    ("previous_percent", _("Previous period (%)")),
    ("change", pgettext_lazy("change of a figure", "Change")),
    ("change_points", _("Change (points)")),
    ("note", _("Note")),
]
SECTIONS = {
    "headline": _("Headline figures"),
    "trend": _("Trend"),
    "departments": _("By department"),
    "pyramid": _("Participation pyramid"),
    "comparison": _("Comparison"),
}
TREND_FIGURES = ("readers", "engaged", "active_contributors")
DEPARTMENT_FIGURES = ("readers", "regular_readers", "active_contributors", "engaged")


def figure_name(key: str) -> str:
    """A figure's name as the dashboard writes it ("Readers"); "People" for the population."""
    if key == "population":
        return str(_("People"))
    if key == "views":
        return str(_("Page views"))
    return capfirst(str(dictionary.entry(key).name))


def points(share_change):
    """A change of share in percentage points, one decimal; None and withheld cells as they are."""
    return percent(share_change)


def _row(section: str, subject, period: DateRange, key: str, **cells) -> dict:
    return {
        "section": str(SECTIONS[section]),
        "subject": str(subject),
        "start": period.start,
        "end": period.end,
        "figure": figure_name(key),
        "key": key,
        **cells,
    }


def _figure_cells(figure: Figure, with_previous: bool) -> dict:
    cells = {"count": figure.count, "percent": percent(figure.share), "note": str(figure.reason)}
    if with_previous:
        cells.update(
            previous_count=figure.previous_count,
            previous_percent=percent(figure.previous_share),
            change=figure.change,
            change_points=points(figure.share_change),
        )
    return cells


def _headline_rows(section: str, subject, headline: Headline, period: DateRange, with_previous: bool):
    yield _row(section, subject, period, "population", count=headline.population.count)
    for key, figure in headline.figures():
        yield _row(section, subject, period, key, **_figure_cells(figure, with_previous))


def _everyone() -> str:
    return str(_("Everyone"))


def _rows(figures: DashboardFigures):
    """The rows in the order of the screen: headline, trend, departments, pyramid, comparison."""
    date_range = figures.date_range
    yield from _headline_rows("headline", _everyone(), figures.headline, date_range, with_previous=True)
    for period in figures.periods:
        for key in TREND_FIGURES:
            count = getattr(period, key)
            yield _row(
                "trend", _everyone(), period.period, key, count=count, percent=percent(period.share(key))
            )
        yield _row("trend", _everyone(), period.period, "views", count=period.views)
    if figures.departments is not None:
        # By name, people without a department last, as on the screen.
        for name in sorted(figures.departments, key=lambda n: (n is None, str(n or "").lower())):
            headline = figures.departments[name]
            subject = _("No department") if name is None else name
            yield _row("departments", subject, date_range, "population", count=headline.population.count)
            for key in DEPARTMENT_FIGURES:
                cells = _figure_cells(getattr(headline, key), with_previous=False)
                yield _row("departments", subject, date_range, key, **cells)
    for key, figure in reversed(figures.headline.pyramid.levels()):
        yield _row("pyramid", _everyone(), date_range, key, **_figure_cells(figure, with_previous=True))
    compared = figures.comparison
    if compared is not None:
        names = (compared.group_a, compared.group_b or _("everyone else"))
        if compared.refused:
            subject = _("%(a)s against %(b)s") % {"a": names[0], "b": names[1]}
            yield {"section": str(SECTIONS["comparison"]), "subject": str(subject), "note": compared.refused}
        else:
            for name, headline in zip(names, (compared.a, compared.b), strict=True):
                yield from _headline_rows("comparison", name, headline, date_range, with_previous=False)


def dashboard_table(figures: DashboardFigures) -> Table:
    """The dashboard's figures as one long table (see the module docstring), for its exports."""
    rows = list(_rows(figures))
    return Table(DASHBOARD, figures.date_range, list(COLUMNS), rows, dict)
