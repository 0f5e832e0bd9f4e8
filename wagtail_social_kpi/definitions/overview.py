"""The population's figures of one range, collected once and cut several ways.

A screen that shows the headline figures, the departments and a group comparison of the same
range (the dashboard) would otherwise collect the same records three times: :func:`headline`,
:func:`by_department` and :func:`compare_groups` each run the four queries of ``people.collect``.
:class:`PopulationFigures` runs them once and cuts every figure from the same rows, so the three
are also, by construction, figures of the same moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from .groups import Comparison, compare_from
from .people import Data, Headline, by_department_from, collect, headline_from
from .periods import PeriodFigures, by_period, by_week_from
from .ranges import WEEK, DateRange


class PopulationFigures:
    """The headline figures of ``date_range``, by department and for two groups, from one
    collection (four queries, made at the first figure asked for)."""

    def __init__(self, date_range: DateRange):
        self.date_range = date_range

    @cached_property
    def data(self) -> Data:
        return collect(self.date_range)

    @cached_property
    def headline(self) -> Headline:
        """As :func:`people.headline` for the whole population."""
        return headline_from(self.data)

    def by_department(self, departments: Mapping[int, str | None]) -> dict[str | None, Headline]:
        """As :func:`people.by_department`; no further query."""
        return by_department_from(self.data, departments)

    def by_period(self, grain: str) -> list[PeriodFigures]:
        """As :func:`periods.by_period` for the population; by week, cut from the rows the
        headline was collected from (no further query), so the range is read once."""
        if grain == WEEK and self.data.weekly is not None:
            return by_week_from(self.date_range, self.data.weekly, len(self.data.population))
        return by_period(self.date_range, grain)

    def compare_groups(self, group_a: str, group_b: str | None = None) -> Comparison:
        """As :func:`groups.compare_groups` (raises ``ComparisonRefused`` likewise); only the
        groups' members are queried."""
        return compare_from(self.data, group_a, group_b)


def population_figures(date_range: DateRange) -> PopulationFigures:
    """The population's figures of ``date_range``, collected once (see the module docstring)."""
    return PopulationFigures(date_range)
