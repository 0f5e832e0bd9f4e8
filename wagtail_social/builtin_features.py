"""The core's own features, declared through the same API as every other (``features``)."""

from __future__ import annotations

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment

from . import targets
from .features import Activity, Feature, Searchable, register_feature
from .models import AnonymousPageView, HelpfulVote, PageView, Reaction, SearchableComment
from .searching import comment_heading, comment_page_id, comment_url, searchable_comments


def _comments():
    """Comments of every discussion target (pages and registered objects), with their page."""
    return XtdComment.norel_objects.filter(
        content_type_id__in=targets.content_type_ids(), user__isnull=False
    ).annotate(target_page_id=targets.page_id_of_comment())


def comment_activity():
    return _comments().values(person=F("user_id"), page=F("target_page_id"), day=TruncDate("submit_date"))


def export_comments(user) -> list[dict]:
    """Every comment the person wrote, with the earlier texts of those they edited."""
    comments = _comments().filter(user=user).order_by("submit_date").prefetch_related("social_revisions")
    return [
        {
            "page": comment.target_page_id,
            "date": comment.submit_date.isoformat(),
            "text": comment.comment,
            "earlier_texts": [revision.text for revision in comment.social_revisions.all()],
            "published": comment.is_public and not comment.is_removed,
        }
        for comment in comments
    ]


def erase_comments(user) -> int:
    """Comments are part of discussions others answered: they stay, with their earlier texts,
    anonymised (no account, name, email, address or web site), so threads and the number of
    comments of each page stay as they were."""
    return XtdComment.norel_objects.filter(user=user).update(
        user=None, user_name="", user_email="", user_url="", ip_address=None
    )


def reaction_activity():
    return Reaction.objects.values("page", person=F("user_id"), day=TruncDate("created_at"), detail=F("kind"))


def export_reactions(user) -> list[dict]:
    return [
        {
            "page": reaction.page_id,
            # What on the page: nothing (the page itself), a comment or another object.
            "target": f"{reaction.target_type.app_label}.{reaction.target_type.model}:{reaction.target_id}"
            if reaction.target_type_id
            else None,
            "kind": reaction.kind,
            "date": reaction.created_at.isoformat(),
        }
        for reaction in Reaction.objects.filter(user=user)
        .select_related("target_type")
        .order_by("created_at", "pk")
    ]


def erase_reactions(user) -> int:
    return Reaction.objects.filter(user=user).delete()[0]


def helpful_activity():
    answer = Case(When(helpful=True, then=Value("yes")), default=Value("no"), output_field=CharField())
    return HelpfulVote.objects.values("page", person=F("user_id"), day=TruncDate("created_at"), detail=answer)


def export_helpful(user) -> list[dict]:
    return [
        {
            "page": vote.page_id,
            "helpful": vote.helpful,
            "comment": vote.comment,
            "date": vote.updated_at.isoformat(),
        }
        for vote in HelpfulVote.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase_helpful(user) -> int:
    return HelpfulVote.objects.filter(user=user).delete()[0]


def reading_activity():
    return PageView.objects.values("page", "day", person=F("user_id"))


def anonymous_reading_activity():
    return AnonymousPageView.objects.values(
        "page", "day", person=Value(None, output_field=IntegerField()), weight=F("views")
    )


def export_reading(user) -> list[dict]:
    return [
        {"page": page_id, "day": day.isoformat()}
        for page_id, day in PageView.objects.filter(user=user)
        .order_by("day", "page_id")
        .values_list("page_id", "day")
    ]


def erase_reading(user) -> int:
    return PageView.objects.filter(user=user).delete()[0]


def register_core_features() -> None:
    register_feature(
        Feature(
            key="comments",
            label=_("Comments"),
            help_text=_("Employees comment and reply, under the moderation chosen below."),
            order=10,
            activities=[
                Activity(
                    "comment",
                    Activity.CONTRIBUTOR,
                    comment_activity,
                    timestamp="submit_date",
                    description=_("Each comment or reply you write: its page, its day and its text."),
                )
            ],
            export_person=export_comments,
            erase_person=erase_comments,
            searchable=[
                Searchable(
                    SearchableComment,
                    "comment",
                    _("Comments"),
                    page_id=comment_page_id,
                    searchable_items=searchable_comments,
                    heading=comment_heading,
                    url=comment_url,
                )
            ],
        )
    )
    register_feature(
        Feature(
            key="reactions",
            label=_("Reactions"),
            help_text=_("Reactions (like, bravo…) on the page and its comments."),
            order=20,
            activities=[
                Activity(
                    "reaction",
                    Activity.ENGAGED,
                    reaction_activity,
                    detailed=True,
                    timestamp="created_at",
                    description=_("Each reaction you give (like, bravo…): its kind, its page and its day."),
                )
            ],
            export_person=export_reactions,
            erase_person=erase_reactions,
        )
    )
    register_feature(
        Feature(
            key="helpful",
            label=_("“Was this page helpful?”"),
            help_text=_("Readers say whether the page was helpful, with an optional comment."),
            order=30,
            activities=[
                Activity(
                    "helpful",
                    Activity.ENGAGED,
                    helpful_activity,
                    detailed=True,
                    timestamp="created_at",
                    description=_(
                        "Each answer you give to “Was this page helpful?”: yes or no, your optional "
                        "comment, its page and its day."
                    ),
                )
            ],
            export_person=export_helpful,
            erase_person=erase_helpful,
        )
    )
    # Reading has no switch (``WAGTAIL_SOCIAL_RECORD_PAGE_VIEWS`` turns it off site-wide) but
    # counts in the figures and in a person's data like any feature.
    register_feature(
        Feature(
            key="reading",
            label=_("Reading records"),
            switch=False,
            order=90,
            activities=[
                Activity(
                    "page_view",
                    Activity.READER,
                    reading_activity,
                    description=_(
                        "That you read a page on a given day: one record per person, page and day, "
                        "however often you open it. No time of day, address or browser is kept."
                    ),
                ),
                Activity(
                    "anonymous_page_view",
                    Activity.READER,
                    anonymous_reading_activity,
                    weighted=True,
                    description=_(
                        "Visits by people who are not logged in: a number per page and day, with "
                        "nothing about who."
                    ),
                ),
            ],
            export_person=export_reading,
            erase_person=erase_reading,
        )
    )
