""" "A new item to moderate": the community managers of a comment's section are told when it
waits for them — held for approval (a pre-moderated page), or hidden by
``WAGTAIL_SOCIAL_REPORTS_TO_HIDE`` reports from different people.

Who is told is decided when the email is sent (a task, after the comment is stored), not when
it was asked for: the people holding the moderation permission (``WAGTAIL_SOCIAL_MODERATE_PERMISSION``)
site-wide or for a section holding the comment's page (``sections.holders_for``), who may see
that page now (``access``), except the comment's author. Each gets it at once, in a digest, or
not at all, as their preference for the kind ``moderation`` says (``delivery``). Nothing is sent
for a comment a moderator already decided on meanwhile.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_comments.signals import comment_was_flagged, comment_was_posted
from django_comments_xtd.models import XtdComment
from django_tasks import task
from wagtail.models import Page

from . import access, delivery, moderation, sections, targets
from .conf import settings
from .notification_kinds import MODERATION

TEMPLATES = "wagtail_social/emails/moderation"
HELD, HIDDEN = "held", "hidden"


def _page_of(comment: XtdComment) -> Page | None:
    target_type = targets.type_for_content_type_id(comment.content_type_id)
    page = targets.page_for_key(target_type, comment.object_pk) if target_type else None
    if page is None:
        return None
    return page.specific if type(page) is Page else page


def still_waiting(comment: XtdComment, why: str) -> bool:
    """Whether the comment still waits for a moderator for the reason it was announced."""
    if comment.is_removed:
        return False
    if why == HELD:
        return not comment.is_public
    return XtdComment.norel_objects.filter(pk=comment.pk, pk__in=moderation.hidden_by_reports()).exists()


def managers_told_of(page: Page, except_user_id: int | None) -> list:
    """The moderators of ``page``'s section (or of the whole site) who may see it now and have
    an email address, except ``except_user_id``."""
    holders = (
        sections.holders_for(page, settings.MODERATE_PERMISSION)
        .exclude(email="")
        .exclude(pk=except_user_id or 0)
    )
    return access.filter_users_who_can_view(page, holders.prefetch_related("groups").order_by("pk"))


@task()
def send_moderation_notice(comment_id: int, why: str) -> int:
    """Tell the comment's managers it waits for them; returns how many emails were sent now."""
    comment = XtdComment.norel_objects.filter(pk=comment_id).first()
    if comment is None or not still_waiting(comment, why):
        return 0
    page = _page_of(comment)
    if page is None:
        return 0
    title = targets.target_for(comment.content_object).title if comment.content_object else page.title
    url = delivery.base_url(page) + reverse("wagtail_social_moderation:edit", args=[comment.pk])
    author = get_user_model().objects.filter(pk=comment.user_id).first() if comment.user_id else None
    context = {
        "comment": comment,
        "why": why,
        "title": str(title),
        "page": page,
        "url": url,
        "author": author,
    }
    messages = []
    for user in managers_told_of(page, comment.user_id):
        message = delivery.deliver(
            user,
            MODERATION,
            page,
            lambda user=user: delivery.render_email(TEMPLATES, user, MODERATION, context, page),
            lambda: summary(why, str(title)),
            url,
        )
        if message is not None:
            messages.append(message)
    if messages:
        get_connection(fail_silently=False).send_messages(messages)
    return len(messages)


def summary(why: str, title: str) -> str:
    """The digest's line (in the recipient's language: ``deliver`` translates it for them)."""
    if why == HELD:
        return _("A comment on “%(title)s” waits for approval.") % {"title": title}
    return _("A comment on “%(title)s” is hidden by its reports until a moderator decides.") % {
        "title": title
    }


def notify_later(comment: XtdComment, why: str) -> None:
    transaction.on_commit(lambda: send_moderation_notice.enqueue(int(comment.pk), why))


def _comment_posted(sender, comment, request=None, **kwargs) -> None:
    if not comment.is_public and not comment.is_removed:
        notify_later(comment, HELD)


def _comment_flagged(sender, comment, flag, created=False, **kwargs) -> None:
    """A new report that brings the comment to exactly the number that hides it: it has just
    become hidden (a report renewed, or one beyond that number, tells nobody again)."""
    if not created or flag.flag != flag.SUGGEST_REMOVAL:
        return
    reporters = (
        moderation.with_open_reports(XtdComment.norel_objects.filter(pk=comment.pk))
        .values_list("open_report_count", flat=True)
        .first()
    )
    if reporters == settings.REPORTS_TO_HIDE:
        notify_later(comment, HIDDEN)


def connect_signals() -> None:
    comment_was_posted.connect(
        _comment_posted, sender=XtdComment, dispatch_uid="wagtail_social.moderation_notices"
    )
    comment_was_flagged.connect(
        _comment_flagged, sender=XtdComment, dispatch_uid="wagtail_social.moderation_notices.flagged"
    )
