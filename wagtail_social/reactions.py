"""Reactions to pages and to what is on them (comments, registered discussion targets):
toggling, and the counts a page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from . import sql, targets
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


def set_reaction(user, page, key: tuple[int, int] | None, kind: str, on: bool) -> None:
    """Add or remove one reaction to ``page`` itself (``key`` None) or to a target on it
    (``key`` = ``(content type id, pk)``: a comment, a registered object), in one statement
    either way. Adding twice stores one row: the INSERT ignores the unique-constraint conflict
    (safe under concurrency); removing is a DELETE."""
    type_id, target_id = key or (None, None)
    values = {"user": user.pk, "page": page.pk, "target_type": type_id, "target_id": target_id, "kind": kind}
    if on:
        sql.insert_ignoring_conflicts(Reaction, **values, created_at=timezone.now())
    else:
        sql.delete_matching(Reaction, **values)


def target_reactions(page, key: tuple[int, int] | None, user) -> list[dict]:
    """The counts of one target (the page, or something on it) and whether ``user`` reacted
    with each kind: what a reaction request answers. One query, in SQL written here: the ORM
    took twenty times longer to compile it than the database to run it."""
    alias = router.db_for_read(Reaction)
    connection = connections[alias]
    quote = connection.ops.quote_name
    column = {
        name: quote(Reaction._meta.get_field(name).column)
        for name in ("user", "page", "target_type", "target_id", "kind")
    }
    if key is None:
        target = f"{column['target_type']} IS NULL"
    else:
        target = f"{column['target_type']} = %s AND {column['target_id']} = %s"
    statement = (
        f"SELECT {column['kind']}, COUNT(*), SUM(CASE WHEN {column['user']} = %s THEN 1 ELSE 0 END) "
        f"FROM {quote(Reaction._meta.db_table)} WHERE {column['page']} = %s AND {target} "
        f"GROUP BY {column['kind']}"
    )
    params = [user.pk, page.pk, *(key or ())]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    summary = ReactionSummary()
    for kind, count, mine in rows:
        summary.counts[key][kind] = count
        if mine:
            summary.mine.add((key, kind))
    return summary.for_target(key)


@dataclass
class ReactionSummary:
    """Counts per target and kind, and what the reader chose. A target is ``None`` for the page
    itself, else ``(content type id, pk)`` (a comment, a registered object). Two queries for a
    page and everything on it, whatever their number."""

    counts: dict = field(default_factory=lambda: defaultdict(dict))
    mine: set = field(default_factory=set)

    def for_target(self, key: tuple[int, int] | None) -> list[dict]:
        counts = self.counts.get(key, {})
        return [
            {
                "kind": item.kind,
                "label": item.label,
                "emoji": item.emoji,
                "count": counts.get(item.kind, 0),
                "pressed": (key, item.kind) in self.mine,
            }
            for item in reaction_kinds()
        ]


def _key(type_id, target_id):
    return None if type_id is None else (type_id, target_id)


def summary_for(page, user, request=None) -> ReactionSummary:
    """Counts for the page and everything on it (grouped in the database), and the reader's own.

    With ``request``, memoised on it: a page showing several discussions (its own and its
    announcements', say) asks once."""
    cache = request.__dict__.setdefault("_wagtail_social_reactions", {}) if request is not None else {}
    if page.pk in cache:
        return cache[page.pk]
    summary = ReactionSummary()
    reactions = Reaction.objects.filter(page=page)
    grouped = (
        reactions.values_list("target_type_id", "target_id", "kind").annotate(count=Count("pk")).order_by()
    )
    for type_id, target_id, kind, count in grouped:
        summary.counts[_key(type_id, target_id)][kind] = count
    if user.is_authenticated:
        summary.mine = {
            (_key(type_id, target_id), kind)
            for type_id, target_id, kind in reactions.filter(user=user).values_list(
                "target_type_id", "target_id", "kind"
            )
        }
    cache[page.pk] = summary
    return summary


def forget_reactions_to(sender, instance, **kwargs) -> None:
    """A deleted comment or target takes its reactions with it (the comment foreign key used to
    cascade; a generic target cannot)."""
    content_type = ContentType.objects.get_for_model(sender)
    Reaction.objects.filter(target_type=content_type, target_id=instance.pk).delete()


def follow_a_moved_target(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A registered object now on another page takes its reactions, and those to the comments
    of its discussion, with it: they are counted, added and removed by the page they are on.
    Two ``UPDATE`` statements that change nothing while the object stays where it was."""
    if created or raw:
        return
    target_type = targets.type_for_content_type_id(ContentType.objects.get_for_model(sender).pk)
    page_id = (
        sender._default_manager.filter(pk=instance.pk).values_list(target_type.page_path, flat=True).first()
    )
    if page_id is None:
        return
    content_type = ContentType.objects.get_for_model(sender)
    Reaction.objects.filter(target_type=content_type, target_id=instance.pk).exclude(page_id=page_id).update(
        page_id=page_id
    )
    comments = XtdComment.norel_objects.filter(content_type=content_type, object_pk=str(instance.pk)).values(
        "pk"
    )
    Reaction.objects.filter(
        target_type=ContentType.objects.get_for_model(XtdComment), target_id__in=comments
    ).exclude(page_id=page_id).update(page_id=page_id)


def connect_signals() -> None:
    """Listen for deletions of comments and of registered targets (pages cascade by their key),
    and for registered targets moving to another page."""
    objects = [t.model for t in targets.target_types() if t.page_path is not None]
    for model in [XtdComment, *objects]:
        post_delete.connect(
            forget_reactions_to, sender=model, dispatch_uid=f"wagtail_social.reactions.{model._meta.label}"
        )
    for model in objects:
        post_save.connect(
            follow_a_moved_target,
            sender=model,
            dispatch_uid=f"wagtail_social.reactions.{model._meta.label}.moved",
        )
