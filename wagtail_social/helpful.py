"""“Was this page helpful?” answers: storing one per person and page, and the figures editors see."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import HelpfulVote


def answer(user, page, helpful: bool, comment: str = "") -> None:
    """Store or change the person's answer: one upsert statement, safe under concurrency."""
    now = timezone.now()
    HelpfulVote.objects.bulk_create(
        [HelpfulVote(user=user, page=page, helpful=helpful, comment=comment, created_at=now, updated_at=now)],
        update_conflicts=True,
        unique_fields=["user", "page"],
        update_fields=["helpful", "comment", "updated_at"],
    )


def answer_of(user, page) -> HelpfulVote | None:
    if not user.is_authenticated:
        return None
    return HelpfulVote.objects.filter(user=user, page=page).first()


def with_helpfulness(pages):
    """``pages`` annotated with ``helpful_yes``, ``helpful_no``, ``helpful_comments`` and
    ``helpful_ratio`` (share of "yes", or None without answers)."""

    def count(condition):
        votes = HelpfulVote.objects.filter(condition, page=OuterRef("pk")).order_by().values("page")
        return Coalesce(Subquery(votes.annotate(n=Count("pk")).values("n")), 0)

    return pages.annotate(
        helpful_yes=count(Q(helpful=True)),
        helpful_no=count(Q(helpful=False)),
        helpful_comments=count(~Q(comment="")),
    ).filter(Q(helpful_yes__gt=0) | Q(helpful_no__gt=0))
