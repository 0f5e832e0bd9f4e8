"""Population shares: figures that features declare about today's population
(``wagtail_social.features.PopulationShare``; the usage charter declares "accepted the current
version"), counted within the KPI population and protected by ``privacy`` like every figure.

They are not participation (an :class:`~wagtail_social.features.Activity` would count people
who accepted the charter as "engaged") and not about a period: the dashboard lists them apart,
as they are today, whatever the range picked. The KPI app learns of them from the feature
registry: it never imports the feature that declares one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wagtail_social.features import population_shares

from . import privacy
from .population import population


@dataclass(frozen=True)
class ShareFigure:
    """One declared share, protected: ``count`` and ``population`` are ints or ``Suppressed``;
    ``share`` a fraction, None (nobody in the population) or ``Suppressed``."""

    key: str
    label: Any
    description: Any
    count: Any
    population: Any
    share: Any


def share_figures(k: int | None = None) -> list[ShareFigure]:
    """Every registered population share, for today's population (two queries each)."""
    figures = []
    people = population()
    for _feature, declared in population_shares():
        total = people.count()
        count = people.filter(pk__in=declared.people()).count()
        count_cell, total_cell = privacy.protect_share(count, total, k)
        if privacy.is_suppressed(count_cell):
            share = count_cell
        else:
            share = count / total if total else None
        figures.append(
            ShareFigure(declared.key, declared.label, declared.description, count_cell, total_cell, share)
        )
    return figures
