"""Protected figures as people read them: "67 % readers", "8 of 12 people", "fewer than 3 people".

Only wording and layout happen here: the figures come from ``definitions`` through ``privacy``
(a suppressed cell arrives as ``privacy.Suppressed`` and leaves as its text, never as a zero).
Percentages follow French typography in every language: a non-breaking space before "%".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import charts, dictionary
from ..definitions import DAY, MONTH, DateRange, Figure, Headline
from ..privacy import Suppressed, is_suppressed

NBSP = "\u00a0"
DASH = "—"
PHRASES = {
    "activation": gettext_lazy("%(percent)s activation"),
    "readers": gettext_lazy("%(percent)s readers"),
    "regular_readers": gettext_lazy("%(percent)s regular readers"),
    "active_contributors": gettext_lazy("%(percent)s active contributors"),
    "engaged": gettext_lazy("%(percent)s engaged"),
    "heavy_contributors": gettext_lazy("%(percent)s heavy contributors"),
    "occasional_contributors": gettext_lazy("%(percent)s occasional contributors"),
    "readers_only": gettext_lazy("%(percent)s readers only"),
    "non_readers": gettext_lazy("%(percent)s non-readers"),
}


@dataclass(frozen=True)
class Cell:
    """A value as shown, with why it is not shown when it is not."""

    text: str
    explanation: str = ""
    suppressed: bool = False

    def __str__(self) -> str:
        return self.text


def _suppressed(value: Suppressed) -> Cell:
    text = str(value) if value.complementary else _("fewer than %(k)s people") % {"k": value.k}
    return Cell(text, value.explanation, True)


def people(count) -> Cell:
    """A count of people: "8 people", "fewer than 3 people", "hidden", or "—"."""
    if is_suppressed(count):
        return _suppressed(count)
    if count is None:
        return Cell(DASH)
    return Cell(ngettext("%(count)s person", "%(count)s people", count) % {"count": number_format(count)})


def number(count) -> Cell:
    """A count of events (views): the number, or why it is not shown."""
    if is_suppressed(count):
        return _suppressed(count)
    return Cell(DASH if count is None else number_format(count))


def percent(share) -> Cell:
    """A share from 0 to 1 as a whole percentage: "67 %"."""
    if is_suppressed(share):
        return _suppressed(share)
    if share is None:
        return Cell(DASH)
    return Cell(f"{number_format(round(share * 100))}{NBSP}%")


def _signed(value: float, text: str) -> str:
    return f"+{text}" if value > 0 else f"−{text.lstrip('-')}" if value < 0 else text


def change(value) -> Cell:
    """A change of a count of people: "+4", "−2", "0"."""
    if is_suppressed(value):
        return _suppressed(value)
    if value is None:
        return Cell(DASH)
    return Cell(_signed(value, number_format(value)))


def points(value) -> Cell:
    """A change of a share, in percentage points: "+33 pts"."""
    if is_suppressed(value):
        return _suppressed(value)
    if value is None:
        return Cell(DASH)
    rounded = round(value * 100)
    return Cell(_("%(points)s pts") % {"points": _signed(rounded, number_format(rounded))})


def share_value(share) -> float | None:
    """A share for a chart: a number, or None when it is not shown."""
    return share if isinstance(share, float | int) and not isinstance(share, bool) else None


def share_and_count(figure: Figure) -> Cell:
    """ "67 % (8 people)"; only why it is hidden when it is; "—" when undefined."""
    if figure.count is None:
        return Cell(DASH, str(figure.reason))
    return combined(figure.count, figure.share)


def combined(count, share) -> Cell:
    """A count of people and its share: "67 % (8 people)", or the count's own text when it is
    hidden or undefined."""
    if count is None or is_suppressed(count) or share is None:
        return people(count)
    return Cell(f"{percent(share)} ({people(count)})")


def date_range_text(date_range: DateRange) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(date_range.start, "j F Y"),
        "end": date_format(date_range.end, "j F Y"),
    }


def phrase(key: str, figure: Figure) -> str:
    """The figure as people say it: "67 % readers"; "Readers: fewer than 3 people" when hidden."""
    name = dictionary.entry(key).name
    if figure.count is None:
        return _("%(name)s: %(value)s") % {"name": capfirst(name), "value": DASH}
    if is_suppressed(figure.count) or not isinstance(figure.share, float | int):
        return _("%(name)s: %(value)s") % {"name": capfirst(name), "value": people(figure.count)}
    return str(PHRASES[key]) % {"percent": percent(figure.share)}


@dataclass(frozen=True)
class FigureRow:
    key: str
    name: str
    anchor: str
    phrase: str
    count: Cell
    of_population: str
    share: Cell
    previous_count: Cell
    previous_share: Cell
    change: Cell
    points: Cell
    reason: str
    previous: Cell  # "33 % (4 people)"
    changes: Cell  # "+33 pts (+4)"


def figure_row(key: str, figure: Figure) -> FigureRow:
    entry = dictionary.entry(key)
    population = people(figure.population)
    return FigureRow(
        key=key,
        name=capfirst(str(entry.name)),
        anchor=entry.anchor,
        phrase=phrase(key, figure),
        count=people(figure.count),
        of_population=_("of %(population)s") % {"population": population},
        share=percent(figure.share),
        previous_count=people(figure.previous_count),
        previous_share=percent(figure.previous_share),
        change=change(figure.change),
        points=points(figure.share_change),
        reason=str(figure.reason),
        previous=combined(figure.previous_count, figure.previous_share),
        changes=_changes(figure),
    )


def _changes(figure: Figure) -> Cell:
    """The change of the share and of the count: "+33 pts (+4)"; why it is hidden when it is."""
    if is_suppressed(figure.change):
        return change(figure.change)
    if figure.share_change is None:
        return change(figure.change)
    return Cell(f"{points(figure.share_change)} ({change(figure.change)})")


def headline_rows(headline: Headline) -> list[FigureRow]:
    return [figure_row(key, figure) for key, figure in headline.figures()]


def pyramid_rows(headline: Headline) -> list[FigureRow]:
    """The levels from the top of the pyramid (heavy contributors) to its base."""
    return [figure_row(key, figure) for key, figure in reversed(headline.pyramid.levels())]


def pyramid_chart(chart_id: str, headline: Headline) -> str:
    rows = pyramid_rows(headline)
    figures = dict(headline.pyramid.levels())
    values = [share_value(figures[row.key].share) for row in rows]
    return charts.bar_chart(
        chart_id,
        _("Participation pyramid"),
        _("Share of the population at each level of participation, from heavy contributors to non-readers."),
        [row.name for row in rows],
        [
            charts.Series(
                _("Share of the population"), values, [str(share_and_count(figures[row.key])) for row in rows]
            )
        ],
        centred=True,
    )


def period_label(period: DateRange, grain: str) -> str:
    if grain == DAY:
        return date_format(period.start, "j M")
    if grain == MONTH:
        return date_format(period.start, "M Y")
    return date_format(period.start, "j M")


TREND_FIGURES = [
    ("readers", "readers"),
    ("engaged", "engaged"),
    ("active_contributors", "active_contributors"),
]


def period_rows(periods, grain: str) -> list[dict]:
    return [
        {
            "label": period_label(p.period, grain),
            "range": date_range_text(p.period),
            "cells": [combined(getattr(p, name), p.share(name)) for name, _key in TREND_FIGURES],
            "views": number(p.views),
        }
        for p in periods
    ]


def trend_chart(chart_id: str, periods, grain: str) -> str:
    labels = [period_label(p.period, grain) for p in periods]
    series = []
    for name, key in TREND_FIGURES:
        shares = [p.share(name) for p in periods]
        series.append(
            charts.Series(
                capfirst(str(dictionary.entry(key).name)),
                [share_value(s) for s in shares],
                [str(percent(s)) for s in shares],
            )
        )
    return charts.line_chart(
        chart_id,
        _("Trend"),
        _("Share of the population who read, engaged and contributed in each period."),
        labels,
        series,
    )


DEPARTMENT_FIGURES = ["readers", "regular_readers", "active_contributors", "engaged"]


def department_name(name) -> str:
    return _("No department") if name is None else str(name)


def _in_order(departments: dict) -> list:
    """Departments by name, "no department" last."""
    return sorted(departments, key=lambda name: (name is None, str(name or "").lower()))


def department_rows(departments: dict) -> list[dict]:
    order = _in_order(departments)
    return [
        {
            "name": department_name(name),
            "population": people(departments[name].population.count),
            "cells": [share_and_count(getattr(departments[name], key)) for key in DEPARTMENT_FIGURES],
        }
        for name in order
    ]


def department_chart(chart_id: str, departments: dict) -> str:
    order = _in_order(departments)
    series = []
    for key in ("readers", "active_contributors", "engaged"):
        shares = [getattr(departments[name], key).share for name in order]
        series.append(
            charts.Series(
                capfirst(str(dictionary.entry(key).name)),
                [share_value(s) for s in shares],
                [str(percent(s)) for s in shares],
            )
        )
    return charts.bar_chart(
        chart_id,
        _("By department"),
        _("Share of each department who read, contributed and engaged."),
        [department_name(name) for name in order],
        series,
    )


def figure_headings() -> list[str]:
    return [capfirst(str(dictionary.entry(key).name)) for key in DEPARTMENT_FIGURES]


def comparison_rows(a: Headline, b: Headline) -> list[dict]:
    rows = [
        {"name": _("People"), "a": people(a.population.count), "b": people(b.population.count), "anchor": ""}
    ]
    for (key, fa), (_k, fb) in zip(a.figures(), b.figures(), strict=True):
        entry = dictionary.entry(key)
        rows.append(
            {
                "name": capfirst(str(entry.name)),
                "anchor": entry.anchor,
                "a": share_and_count(fa),
                "b": share_and_count(fb),
            }
        )
    return rows
