"""Following a discussion: who follows it, and a person's choice to follow or stop.

Ticking "follow" when commenting (django-comments-xtd's ``followup``) follows the discussion; the
button beside a discussion records an explicit choice (``DiscussionFollow``) that overrides it
either way, so "stop following" holds even for someone who ticked the box on ten comments.
"""

from __future__ import annotations

from django.db.models import Q
from django_comments_xtd.models import XtdComment

from .models import DiscussionFollow
from .targets import Target


def _explicit(target: Target):
    return DiscussionFollow.objects.filter(content_type_id=target.content_type_id, object_pk=target.object_pk)


def follower_ids(target: Target) -> set[int]:
    """Ids of the people who follow ``target``'s discussion (no access check: see
    ``notifications.followers``)."""
    ticked = set(
        XtdComment.norel_objects.filter(
            content_type_id=target.content_type_id,
            object_pk=target.object_pk,
            followup=True,
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )
    explicit = dict(_explicit(target).values_list("user_id", "following"))
    return {pk for pk in ticked if explicit.get(pk, True)} | {pk for pk, on in explicit.items() if on}


def is_following(user, target: Target) -> bool:
    if not user.is_authenticated:
        return False
    choice = _explicit(target).filter(user=user).values_list("following", flat=True).first()
    if choice is not None:
        return choice
    return XtdComment.norel_objects.filter(
        Q(content_type_id=target.content_type_id, object_pk=target.object_pk),
        user=user,
        followup=True,
    ).exists()


def set_following(user, target: Target, following: bool) -> None:
    DiscussionFollow.objects.update_or_create(
        user=user,
        content_type_id=target.content_type_id,
        object_pk=target.object_pk,
        defaults={"following": following},
    )
