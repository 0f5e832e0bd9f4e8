"""The kinds of notification people may switch on or off, and receive at once or in a digest.

A feature registers its kinds (``register_kind``) when its app is ready: the core registers the
discussions it owns (replies, mentions, the moderation queue), the contributions app registers
its own; the core never imports a feature. Every sender asks ``delivery`` before it sends, with
one of these keys, so the preferences page lists exactly what can be sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
OFF = "off"
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY, OFF)
FREQUENCY_CHOICES = [
    (IMMEDIATE, _("Immediately")),
    (DAILY, _("Daily digest")),
    (WEEKLY, _("Weekly digest")),
    (OFF, _("Off")),
]


@dataclass(frozen=True)
class NotificationKind:
    """One kind: a stable ``key`` (stored in preferences), a label and a description for the
    preferences page, and the frequency of someone who never chose."""

    key: str
    label: str
    description: str = ""
    default: str = IMMEDIATE
    order: int = 100


_KINDS: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    """Add a kind (registering the same key again replaces it: apps may be made ready twice in
    tests)."""
    if kind.default not in FREQUENCIES:
        raise ValueError(f"unknown frequency {kind.default!r} for notification kind {kind.key!r}")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> NotificationKind | None:
    return _KINDS.get(key)


def all_kinds() -> list[NotificationKind]:
    """The registered kinds, in the order the preferences page shows them."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


REPLIES = "replies"
MENTION = "mention"
MODERATION = "moderation"


def register_core_kinds() -> None:
    register_kind(
        NotificationKind(
            REPLIES,
            _("Replies in a discussion I follow"),
            _("New comments in discussions you follow."),
            order=10,
        )
    )
    register_kind(NotificationKind(MENTION, _("Mentions"), _("Someone mentions you with @."), order=40))
    register_kind(
        NotificationKind(
            MODERATION, _("New items to moderate"), _("Comments and contributions waiting for you."), order=50
        )
    )
