"""The KPI dictionary: the one wording of what each headline figure means, with an example.

The dashboard shows it next to the figures (each figure links to its entry) and ``docs/kpi.md``
prints the same rows (``markdown_rows()``; a test checks the page still says exactly this), so a
figure cannot mean one thing on screen and another in the documentation. The definitions
themselves are computed in ``definitions``; this is their description for people.

Wording with the heavy-contributor threshold takes ``%(threshold)s`` and ``%(below)s``
(threshold − 1): the dashboard puts the configured numbers there, the documentation *threshold*.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


@dataclass(frozen=True)
class Entry:
    """One figure of the dictionary: its key in ``definitions`` (``Headline.figures()`` or
    ``Pyramid.levels()``), its name, its definition and an example."""

    key: str
    name: Promise
    definition: Promise
    example: Promise

    @property
    def anchor(self) -> str:
        """The id of the entry on the dashboard (a link target)."""
        return f"kpi-{self.key.replace('_', '-')}"

    def definition_for(self, threshold: int) -> str:
        return str(self.definition) % {"threshold": threshold, "below": threshold - 1}


HEADLINE = [
    Entry(
        "activation",
        _("activation rate"),
        _(
            "people with any recorded activity (reading included) on or before the last day of the range, "
            "over the population"
        ),
        _("11 of 12 have done something by 29 November: 92 %"),
    ),
    Entry(
        "readers",
        _("readers"),
        _("people with at least one page view in the range"),
        _("8 read a page in November: 67 %"),
    ),
    Entry(
        "regular_readers",
        _("regular readers"),
        _(
            "people with page views in at least half of the weeks of the range, rounded up (2 of 3 weeks, "
            '2 of 4). Shown as "—" with this explanation for a range shorter than 14 days: a week or two '
            "says nothing about habits"
        ),
        _("Anne read in weeks 1 and 3, so she is one; Paul read twice in week 1 only, so he is not"),
    ),
    Entry(
        "active_contributors",
        _("active contributors"),
        _("people who authored at least one contribution (comment, idea…) in the range"),
        _("4 people commented: 33 %"),
    ),
    Entry(
        "engaged",
        _("engaged"),
        _("people with any reaction, vote, helpfulness answer, comment or contribution in the range"),
        _("10 of 12: 83 %"),
    ),
]

PYRAMID = [
    Entry(
        "heavy_contributors",
        _("heavy contributors"),
        _("at least %(threshold)s contributions in the range"),
        _("Marie, 3 comments"),
    ),
    Entry(
        "occasional_contributors",
        _("occasional contributors"),
        _("1 to %(below)s contributions"),
        _("3 people with 1 or 2"),
    ),
    Entry(
        "readers_only",
        _("readers only"),
        _("a page view and no contribution"),
        _("5 people"),
    ),
    Entry(
        "non_readers",
        _("non-readers"),
        _("neither a page view nor a contribution (a reaction alone does not lift anyone out)"),
        _("12 − 1 − 3 − 5 = 3"),
    ),
]

ENTRIES = {entry.key: entry for entry in HEADLINE + PYRAMID}


def entry(key: str) -> Entry:
    return ENTRIES[key]


def markdown_rows() -> list[str]:
    """The rows of the two tables of ``docs/kpi.md`` (headline figures, then the pyramid), in
    English, with *threshold* in the pyramid's wording."""
    with override("en"):
        words = {"threshold": "*threshold*", "below": "*threshold* − 1"}
        return [
            f"| {entry.name} | {str(entry.definition) % words} | {entry.example} |"
            for entry in HEADLINE + PYRAMID
        ]


if __name__ == "__main__":  # pragma: no cover - prints the rows for the documentation
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
        django.setup()
    print("\n".join(markdown_rows()))
