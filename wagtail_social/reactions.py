"""Reactions to pages and comments: toggling, and the counts a page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from .conf import settings
from .models import Reaction


@dataclass(frozen=True)
class ReactionKind:
    kind: str
    label: str
    emoji: str


def reaction_kinds() -> list[ReactionKind]:
    return [
        ReactionKind(item["kind"], str(item["label"]), item.get("emoji", "")) for item in settings.REACTIONS
    ]


def is_known_kind(kind: str) -> bool:
    return any(item["kind"] == kind for item in settings.REACTIONS)


def set_reaction(user, page, comment, kind: str, on: bool) -> None:
    """Add or remove one reaction. Adding twice stores one row: the INSERT ignores the
    unique-constraint conflict (one statement, safe under concurrency); removing is a DELETE."""
    if on:
        Reaction.objects.bulk_create(
            [Reaction(user=user, page=page, comment=comment, kind=kind)], ignore_conflicts=True
        )
    else:
        Reaction.objects.filter(user=user, page=page, comment=comment, kind=kind).delete()


@dataclass
class ReactionSummary:
    """Counts per target (``None`` for the page itself, else a comment id) and kind, and what
    the reader chose. Two queries for a page and all its comments, whatever their number."""

    counts: dict = field(default_factory=lambda: defaultdict(dict))
    mine: set = field(default_factory=set)

    def for_target(self, comment_id: int | None) -> list[dict]:
        counts = self.counts.get(comment_id, {})
        return [
            {
                "kind": item.kind,
                "label": item.label,
                "emoji": item.emoji,
                "count": counts.get(item.kind, 0),
                "pressed": (comment_id, item.kind) in self.mine,
            }
            for item in reaction_kinds()
        ]


def summary_for(page, user) -> ReactionSummary:
    """Counts for the page and every comment of it (grouped in the database), and the reader's own."""
    summary = ReactionSummary()
    reactions = Reaction.objects.filter(page=page)
    grouped = reactions.values_list("comment_id", "kind").annotate(count=Count("pk")).order_by()
    for comment_id, kind, count in grouped:
        summary.counts[comment_id][kind] = count
    if user.is_authenticated:
        summary.mine = set(reactions.filter(user=user).values_list("comment_id", "kind"))
    return summary
