"""Emails about contributions, through Django's task framework like the core's follow-ups
(``wagtail_social.notifications``): plain text and HTML, in each recipient's language, with
absolute links from one base URL.

Recipients are decided when the email is sent, not when it was asked for: someone who lost
access to the contribution's page since (a private community they left, a deactivated account)
gets nothing, and nobody is told about a change they made themselves.

* ``status_changed``: the author and the supporters of a contribution whose state changed.
* ``assigned``: the manager a contribution was assigned to (if they may still manage it).
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page

from wagtail_social import access, delivery
from wagtail_social.notification_kinds import MODERATION
from wagtail_social.notifications import preferred_language

from .labels import site_labels, state_label
from .managers import may_manage
from .models import QUESTION, Contribution, StatusChange, Support
from .notification_kinds import ANSWER, IDEA_STATUS

TEMPLATES = "wagtail_social_contributions/emails/"


def base_url(page: Page) -> str:
    """Where links in emails start: the one base URL of every email (``delivery.base_url``)."""
    return delivery.base_url(page)


def _page_of(contribution: Contribution) -> Page:
    page = contribution.page
    return page.specific if type(page) is Page else page


def _message(name: str, user, context: dict, kind: str, page: Page, summary):
    """One email rendered from ``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html`` in the
    recipient's language, or None: the person switched ``kind`` off or wants it in a digest."""
    return delivery.deliver_email(f"{TEMPLATES}{name}", user, kind, context, page, summary, context["url"])


def people_told_of(contribution: Contribution, page: Page, except_user_id: int | None) -> list:
    """The author and the supporters who may still see ``page``, with an email address, except
    the person who made the change."""
    ids = set(Support.objects.filter(contribution=contribution).values_list("user_id", flat=True))
    if contribution.author_id:
        ids.add(contribution.author_id)
    ids.discard(except_user_id)
    users = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .prefetch_related("groups")
        .order_by("pk")
    )
    return access.filter_users_who_can_view(page, users)


def _status_summary(title: str, state: str) -> str:
    return _("“%(title)s” is now %(state)s.") % {"title": title, "state": state}


@task()
def status_changed(change_id: int) -> int:
    """Tell the author and the supporters that a contribution changed state; returns how many
    emails were sent."""
    change = StatusChange.objects.select_related("contribution__page").filter(pk=change_id).first()
    if change is None:
        return 0
    contribution = change.contribution
    page = _page_of(contribution)
    labels = site_labels(page.get_site())
    url = base_url(page) + contribution.get_absolute_url()
    messages = []
    for user in people_told_of(contribution, page, change.changed_by_id):
        with translation.override(preferred_language(user)):
            states = (
                state_label(change.from_state, labels=labels),
                state_label(change.to_state, labels=labels),
            )
        context = {
            "contribution": contribution,
            "change": change,
            "from_label": states[0],
            "to_label": states[1],
            "is_author": user.pk == contribution.author_id,
            "url": url,
        }
        kind = ANSWER if contribution.kind == QUESTION else IDEA_STATUS
        summary = partial(_status_summary, contribution.title, states[1])
        messages.append(_message("status_change", user, context, kind, page, summary))
    return delivery.send_all(messages)


@task()
def assigned(contribution_id: int, assignee_id: int, by_id: int | None) -> int:
    """Tell a manager a contribution was assigned to them (not when they took it themselves)."""
    if assignee_id == by_id:
        return 0
    contribution = Contribution.objects.select_related("page", "assignee").filter(pk=contribution_id).first()
    if contribution is None or contribution.assignee_id != assignee_id:
        return 0  # assigned to someone else meanwhile
    page = _page_of(contribution)
    user = contribution.assignee
    if not user.email or not may_manage(user, page):
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    root = base_url(page)
    context = {
        "contribution": contribution,
        "by": by,
        "url": root + contribution.get_absolute_url(),
        "admin_url": root + reverse("wagtail_social_contributions_admin:edit", args=[contribution.pk]),
    }
    summary = lambda: _("“%(title)s” was assigned to you.") % {"title": contribution.title}  # noqa: E731
    return delivery.send_all([_message("assignment", user, context, MODERATION, page, summary)])
