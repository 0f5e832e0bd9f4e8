"""Reactions to pages and comments: toggling, and the counts a page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Count
from django.utils import timezone

from . import sql
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
    """Add or remove one reaction, in one statement either way. Adding twice stores one row: the
    INSERT ignores the unique-constraint conflict (safe under concurrency); removing is a DELETE."""
    target = {"user": user.pk, "page": page.pk, "comment": comment.pk if comment else None, "kind": kind}
    if on:
        sql.insert_ignoring_conflicts(Reaction, **target, created_at=timezone.now())
    else:
        sql.delete_matching(Reaction, **target)


def target_reactions(page, comment, user) -> list[dict]:
    """The counts of one target (the page, or one of its comments) and whether ``user`` reacted
    with each kind: what a reaction request answers. One query, in SQL written here: the ORM
    took twenty times longer to compile it than the database to run it."""
    alias = router.db_for_read(Reaction)
    connection = connections[alias]
    quote = connection.ops.quote_name
    column = {
        name: quote(Reaction._meta.get_field(name).column) for name in ("user", "page", "comment", "kind")
    }
    target = f"{column['comment']} = %s" if comment else f"{column['comment']} IS NULL"
    statement = (
        f"SELECT {column['kind']}, COUNT(*), SUM(CASE WHEN {column['user']} = %s THEN 1 ELSE 0 END) "
        f"FROM {quote(Reaction._meta.db_table)} WHERE {column['page']} = %s AND {target} "
        f"GROUP BY {column['kind']}"
    )
    params = [user.pk, page.pk, *([comment.pk] if comment else [])]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    summary = ReactionSummary()
    target_id = comment.pk if comment else None
    for kind, count, mine in rows:
        summary.counts[target_id][kind] = count
        if mine:
            summary.mine.add((target_id, kind))
    return summary.for_target(target_id)


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
