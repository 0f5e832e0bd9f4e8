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

from django.db.models import Count, Q

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
    """Every registered population share, for today's population: one query for all of them."""
    declared = [share for _feature, share in population_shares()]
    if not declared:
        return []
    counts = population().aggregate(
        total=Count("pk"),
        **{f"share_{n}": Count("pk", filter=Q(pk__in=share.people())) for n, share in enumerate(declared)},
    )
    total = counts["total"]
    figures = []
    for n, share in enumerate(declared):
        count = counts[f"share_{n}"]
        count_cell, total_cell = privacy.protect_share(count, total, k)
        if privacy.is_suppressed(count_cell):
            fraction = count_cell
        else:
            fraction = count / total if total else None
        figures.append(
            ShareFigure(share.key, share.label, share.description, count_cell, total_cell, fraction)
        )
    return figures
