"""k-anonymity for the participation figures: what makes them fit to show.

The definitions compute raw figures; every screen, report, export and command shows them only
through the functions here (``protect_headline``, ``protect_departments``, ``protect_periods``,
``protect_pages``). The rules (``docs/kpi.md``):

1. **No cell describes fewer than k people** (``WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE``, 5 by default,
   never below 3). A count of people from 1 to k - 1 is suppressed; so is a count of events (views,
   comments, reactions of a kind) whose distinct people are 1 to k - 1, and every share, ratio or
   change computed from a suppressed cell. Zero is shown: it describes no one's activity.
2. **Complementary suppression**: in a row or column whose total is shown (not itself suppressed) (the pyramid, whose
   levels add up to the population; the details of a kind, which add up to its events; a column
   of departments, which adds up to the whole), one suppressed cell could be recovered by
   subtraction. When exactly one cell is suppressed, the smallest other cell is suppressed too.
3. A group (department, compared group) of fewer than k people shows nothing but "fewer than k".
4. **A suppressed cell is a** :class:`Suppressed`, which says "fewer than k" — never a zero, never a
   blank that reads as zero.

**Anonymous page views** (visitors who were not logged in) describe no person: no account, no
department, no group; they are counted per page and day with nothing that could single anyone
out. So they are shown even in small numbers, and add no person to a cell: a page's views made
only of anonymous views are shown; views of a page read by 1 to k - 1 logged-in people are
suppressed whatever the anonymous views, since subtracting the anonymous views (shown on their
own) would give the logged-in ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping

from django.utils.translation import gettext

from wagtail_social.features import Activity, activities

from .conf import settings
from .definitions.pages import Count, PageFigures
from .definitions.people import Figure, Headline, Pyramid
from .definitions.periods import PeriodFigures


@dataclasses.dataclass(frozen=True)
class Suppressed:
    """A cell withheld: it would describe fewer than ``k`` people, or (``complementary``) it would
    let such a cell be worked out from a total. A complementary cell may hold k people or more, so
    it does not claim "fewer than k"; it says it is hidden."""

    k: int
    complementary: bool = False

    def __str__(self) -> str:
        if self.complementary:
            return gettext("hidden")
        return gettext("fewer than %(k)s") % {"k": self.k}

    @property
    def explanation(self) -> str:
        if self.complementary:
            return gettext(
                "Not shown, so that a figure about fewer than %(k)s people cannot be worked out by "
                "subtracting the others from the total."
            ) % {"k": self.k}
        return gettext("Not shown: this figure would describe fewer than %(k)s people.") % {"k": self.k}


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def people_cell(count, k: int):
    """A count of people: suppressed from 1 to k - 1."""
    if isinstance(count, int) and 0 < count < k:
        return Suppressed(k)
    return count


def events_cell(events, people, k: int):
    """A count of events: suppressed when the people behind them are 1 to k - 1 (or unknown
    because suppressed); events of no person (anonymous views) are shown."""
    if is_suppressed(people) or (isinstance(people, int) and 0 < people < k):
        return Suppressed(k) if events != 0 else events
    return events


def complementary(cells: Mapping[Hashable, object], k: int) -> dict:
    """``cells`` (of a row or column whose total is shown) with, when exactly one is suppressed,
    another suppressed too: the smallest shown cell that is not zero (a zero hidden beside it
    would hide nothing: the total minus the others would still give the first), else a zero."""
    result = dict(cells)
    suppressed = [key for key, value in result.items() if is_suppressed(value)]
    shown = [
        (value == 0, value, index, key)
        for index, (key, value) in enumerate(result.items())
        if isinstance(value, int)
    ]
    if len(suppressed) == 1 and shown:
        key = min(shown)[3]
        result[key] = Suppressed(k, complementary=True)
    return result


def _k(k: int | None) -> int:
    return settings.MIN_GROUP_SIZE if k is None else max(k, 3)


def _figure(figure: Figure, k: int, population_hidden: bool) -> Figure:
    if population_hidden:
        hidden = Suppressed(k)
        return dataclasses.replace(
            figure,
            count=hidden if figure.count is not None else None,
            population=hidden,
            previous_count=hidden if figure.previous_count is not None else None,
            previous_population=hidden,
        )
    return dataclasses.replace(
        figure, count=people_cell(figure.count, k), previous_count=people_cell(figure.previous_count, k)
    )


def _pyramid(pyramid: Pyramid, k: int, population_hidden: bool) -> Pyramid:
    levels = {name: _figure(figure, k, population_hidden) for name, figure in pyramid.levels()}
    now = complementary({name: figure.count for name, figure in levels.items()}, k)
    before = complementary({name: figure.previous_count for name, figure in levels.items()}, k)
    return Pyramid(
        **{
            name: dataclasses.replace(figure, count=now[name], previous_count=before[name])
            for name, figure in levels.items()
        }
    )


def protect_headline(headline: Headline, k: int | None = None) -> Headline:
    """``headline`` fit to show: rules 1, 2 (the pyramid) and 3 (a population under k)."""
    k = _k(k)
    hidden = isinstance(headline.population.count, int) and headline.population.count < k
    changes = {name: _figure(figure, k, hidden) for name, figure in headline.figures()}
    return dataclasses.replace(
        headline,
        population=_figure(headline.population, k, hidden),
        pyramid=_pyramid(headline.pyramid, k, hidden),
        **changes,
    )


def protect_departments(headlines: Mapping[object, Headline], k: int | None = None) -> dict:
    """Each department's headline protected, then every figure's column across departments
    (whose total, the company's figure, is shown) completed by complementary suppression."""
    k = _k(k)
    protected = {key: protect_headline(headline, k) for key, headline in headlines.items()}
    if not protected:
        return protected
    sample = next(iter(protected.values()))
    columns = [("population", None)] + [(name, None) for name, _f in sample.figures()]
    columns += [("pyramid", level) for level, _f in sample.pyramid.levels()]
    for attribute in ("count", "previous_count"):
        for name, level in columns:
            cells = {key: getattr(_cell_of(h, name, level), attribute) for key, h in protected.items()}
            for key, value in complementary(cells, k).items():
                protected[key] = _with_cell(protected[key], name, level, attribute, value)
    return protected


def _cell_of(headline: Headline, name: str, level: str | None) -> Figure:
    """A figure of ``headline``: ``(name, None)``, or a level of the pyramid ``("pyramid", level)``."""
    return getattr(headline.pyramid, level) if level else getattr(headline, name)


def _with_cell(headline: Headline, name: str, level: str | None, attribute: str, value) -> Headline:
    figure = dataclasses.replace(_cell_of(headline, name, level), **{attribute: value})
    if level:
        return dataclasses.replace(headline, pyramid=dataclasses.replace(headline.pyramid, **{level: figure}))
    return dataclasses.replace(headline, **{name: figure})


def protect_periods(periods: list[PeriodFigures], k: int | None = None) -> list[PeriodFigures]:
    """Each period's counts of people, and its views (by its readers)."""
    k = _k(k)
    hidden = isinstance(periods[0].population, int) and periods[0].population < k if periods else False
    protected = []
    for figures in periods:
        if hidden:
            s = Suppressed(k)
            protected.append(
                dataclasses.replace(
                    figures, population=s, readers=s, engaged=s, active_contributors=s, views=s
                )
            )
            continue
        protected.append(
            dataclasses.replace(
                figures,
                readers=people_cell(figures.readers, k),
                engaged=people_cell(figures.engaged, k),
                active_contributors=people_cell(figures.active_contributors, k),
                views=events_cell(figures.views, figures.readers, k),
            )
        )
    return protected


def _count(count: Count, k: int) -> Count:
    return Count(events_cell(count.events, count.people, k), people_cell(count.people, k))


def protect_page(figures: PageFigures, reader_kinds: set[str], k: int | None = None) -> PageFigures:
    """One page's (or section's) figures: each kind's and detail's events and people; the
    details of a kind completed against the kind's total; the reader kinds against the views."""
    k = _k(k)
    kinds = {kind: _count(count, k) for kind, count in figures.kinds.items()}
    details = {}
    for kind, by_detail in figures.details.items():
        counts = {detail: _count(count, k) for detail, count in by_detail.items()}
        events = {detail: count.events for detail, count in counts.items()}
        if not is_suppressed(kinds.get(kind, Count()).events):  # the total is shown
            events = complementary(events, k)
        details[kind] = {detail: Count(events[detail], counts[detail].people) for detail in counts}
    reading = _count(figures.reading, k)
    if not is_suppressed(reading.events):  # the views are shown: the reader kinds add up to them
        readers = complementary({kind: kinds[kind].events for kind in kinds if kind in reader_kinds}, k)
        for kind, events in readers.items():
            kinds[kind] = Count(events, kinds[kind].people)
    return dataclasses.replace(figures, kinds=kinds, details=details, reading=reading)


def protect_pages(pages: list[PageFigures], k: int | None = None) -> list[PageFigures]:
    """Every page's (or section's) figures protected (see :func:`protect_page`)."""
    reader_kinds = {
        activity.kind for _feature, activity in activities() if activity.counts_as == Activity.READER
    }
    return [protect_page(page, reader_kinds, k) for page in pages]


def protect_share(count: int, total: int, k: int | None = None) -> tuple:
    """A count of people out of a total (a population share: who accepted the charter), fit to
    show: ``(count, total)`` as cells. The total is withheld with everything when under k; the
    count when it, or the people it leaves out (the total minus the count, which anyone can
    subtract), are 1 to k - 1."""
    k = _k(k)
    if 0 < total < k:
        return Suppressed(k), Suppressed(k)
    cells = complementary({"named": people_cell(count, k), "others": people_cell(total - count, k)}, k)
    return cells["named"], total
