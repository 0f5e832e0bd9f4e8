""" "A new item to moderate" for a contribution hidden by its reports (``reporting``): the same
notice, to the same people, as for a comment (``wagtail_social.moderation_notices``): the
moderators of its section or of the whole site who may see its page when the email is sent,
except its author, at once or in their digest as they chose (kind ``moderation``). Nothing is
sent for a contribution a moderator decided on meanwhile."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from wagtail_social import delivery
from wagtail_social.moderation_notices import managers_told_of
from wagtail_social.notification_kinds import MODERATION

from .models import Contribution

TEMPLATES = "wagtail_social_contributions/emails/moderation"


def review_url(contribution: Contribution) -> str:
    return delivery.base_url(contribution.page) + reverse(
        "wagtail_social_contribution_moderation:review", args=[contribution.pk]
    )


@task()
def send_report_notice(contribution_id: int) -> int:
    """Tell the contribution's moderators it is hidden by its reports; how many emails were sent now."""
    contribution = Contribution.objects.select_related("page", "author").filter(pk=contribution_id).first()
    if contribution is None or not contribution.is_hidden:
        return 0
    page = contribution.page.specific
    url = review_url(contribution)
    context = {"contribution": contribution, "title": contribution.title, "page": page, "url": url}
    return delivery.send_all(
        delivery.deliver(
            user,
            MODERATION,
            page,
            lambda user=user: delivery.render_email(TEMPLATES, user, MODERATION, context, page),
            lambda: summary(contribution),
            url,
        )
        for user in managers_told_of(page, contribution.author_id)
    )


def summary(contribution: Contribution) -> str:
    """The digest's line (``deliver`` translates it in the recipient's language)."""
    return _("“%(title)s” (%(kind)s) is hidden by its reports until a moderator decides.") % {
        "title": contribution.title,
        "kind": contribution.get_kind_display(),
    }


def notify_later(contribution: Contribution) -> None:
    pk = int(contribution.pk)
    transaction.on_commit(lambda: send_report_notice.enqueue(pk))
