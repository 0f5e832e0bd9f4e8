"""Submitting, editing and withdrawing contributions: the rules of an author's own
contribution, called by the views (which have checked access, the kind's switch and the rate
limit first).

A submission stores its image or document and the contribution in one transaction: a failure
anywhere stores nothing (the file written to storage by a rolled-back image is removed too).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from wagtail_social import mentions, searching
from wagtail_social.conf import settings as core_settings

from . import answer_targets
from .models import IDEA, INITIAL_STATE, SUGGESTION, Contribution, ContributionRevision


def _root_collection():
    return Collection.get_first_root_node()


def submit(page, user, kind: str, cleaned: dict) -> Contribution:
    """Store a new contribution of ``kind`` on ``page`` by ``user`` from a valid form's
    ``cleaned_data`` (title, text, quote, image, document). All or nothing."""
    stored_files = []
    try:
        with transaction.atomic():
            image = document = None
            if kind == IDEA and cleaned.get("image"):
                upload = cleaned["image"]
                image = get_image_model()(
                    title=cleaned["title"], file=upload, collection=_root_collection(), uploaded_by_user=user
                )
                image.save()
                stored_files.append(image.file)
            if kind == IDEA and cleaned.get("document"):
                upload = cleaned["document"]
                document = get_document_model()(
                    title=cleaned["title"], file=upload, collection=_root_collection(), uploaded_by_user=user
                )
                document.save()
                stored_files.append(document.file)
            contribution = Contribution.objects.create(
                page_id=page.pk,
                kind=kind,
                title=cleaned["title"],
                text=cleaned["text"],
                quote=cleaned.get("quote", "") if kind == SUGGESTION else "",
                image=image,
                document=document,
                author=user,
                state=INITIAL_STATE[kind],
            )
            answer_targets.start_clock(contribution, page)  # a question's due date and reminders
            mentions.notify_later(
                contribution.text, page, user.pk, contribution.get_absolute_url(), contribution.title
            )
            return contribution
    except BaseException:
        for stored in stored_files:  # the rows are rolled back; their files must go too
            stored.storage.delete(stored.name)
        raise


def can_edit(contribution: Contribution, user, now: datetime.datetime | None = None) -> bool:
    """The author may edit within the comments' edit window (``WAGTAIL_SOCIAL_EDIT_WINDOW_MINUTES``;
    0 disables editing), unless the contribution was withdrawn or removed by a moderator."""
    window = core_settings.EDIT_WINDOW_MINUTES
    if not (user.is_authenticated and contribution.author_id == user.pk) or contribution.is_withdrawn:
        return False
    if contribution.is_removed:
        return False
    if window <= 0:
        return False
    return (now or timezone.now()) - contribution.created_at <= datetime.timedelta(minutes=window)


def edit(contribution: Contribution, user, cleaned: dict) -> bool:
    """Save the author's new title, text (and quote, for a suggestion), keeping what it said
    before as a revision. Returns False when nothing changed (no revision is kept then)."""
    quote = cleaned.get("quote", "") if contribution.kind == SUGGESTION else contribution.quote
    new = (cleaned["title"], cleaned["text"], quote)
    if new == (contribution.title, contribution.text, contribution.quote):
        return False
    with transaction.atomic():
        ContributionRevision.objects.create(
            contribution=contribution,
            title=contribution.title,
            text=contribution.text,
            quote=contribution.quote,
            editor=user,
        )
        contribution.title, contribution.text, contribution.quote = new
        contribution.edited_at = timezone.now()
        contribution.save(update_fields=["title", "text", "quote", "edited_at"])
    return True


def can_withdraw(contribution: Contribution, user) -> bool:
    return user.is_authenticated and contribution.author_id == user.pk and not contribution.is_withdrawn


def withdraw(contribution: Contribution) -> bool:
    """Mark the contribution withdrawn (kept, shown as such; an idea takes no more supports).
    One conditional ``UPDATE``: withdrawing twice changes nothing the second time."""
    now = timezone.now()
    done = Contribution.objects.filter(pk=contribution.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if done:
        contribution.withdrawn_at = now
        searching.reindex(Contribution, contribution.pk)  # no longer found
    return bool(done)
