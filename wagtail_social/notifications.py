"""Follow-up emails, sent through Django's task framework (immediate by default, a worker in
production). Recipients are filtered by the access module at sending time: someone who lost
access to a page since they followed its discussion hears nothing more about it."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_comments_xtd.models import XtdComment
from django_tasks import task
from wagtail.models import Page

from . import access

MUTE_SALT = "wagtail_social.mute"


def schedule_followup_notifications(comment: XtdComment) -> None:
    transaction.on_commit(lambda: send_followup_notifications.enqueue(comment.pk))


def followers_of(comment: XtdComment) -> list:
    """People who asked to follow this page's discussion, except the author, who may still see the page."""
    follower_ids = (
        XtdComment.norel_objects.filter(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            followup=True,
            user__isnull=False,
        )
        .exclude(user_id=comment.user_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = get_user_model().objects.filter(pk__in=follower_ids, is_active=True).exclude(email="")
    page = Page.objects.get(pk=comment.object_pk)
    return access.filter_users_who_can_view(page, users.prefetch_related("groups"))


def mute_token(user_id: int, page_id: int) -> str:
    return signing.dumps({"u": user_id, "p": page_id}, salt=MUTE_SALT)


def read_mute_token(token: str) -> tuple[int, int]:
    data = signing.loads(token, salt=MUTE_SALT, max_age=60 * 60 * 24 * 365)
    return int(data["u"]), int(data["p"])


def preferred_language(user) -> str:
    """The language the person chose in their Wagtail profile, else the site's."""
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language()


@task()
def send_followup_notifications(comment_id: int) -> int:
    """Email every follower of the comment's discussion; returns how many were sent."""
    comment = XtdComment.norel_objects.filter(pk=comment_id, is_public=True, is_removed=False).first()
    if comment is None:
        return 0
    page = Page.objects.get(pk=comment.object_pk).specific
    site = page.get_site()
    base_url = (
        getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or (site.root_url if site else "")
    ).rstrip("/")
    messages = []
    for user in followers_of(comment):
        with translation.override(preferred_language(user)):
            context = {
                "comment": comment,
                "page": page,
                "recipient": user,
                "page_url": (page.get_full_url() or "") + f"#comment-{comment.pk}",
                "mute_url": base_url + reverse("wagtail_social:mute", args=[mute_token(user.pk, page.pk)]),
            }
            subject = render_to_string("wagtail_social/emails/followup_subject.txt", context).strip()
            body = render_to_string("wagtail_social/emails/followup.txt", context)
        messages.append((subject, body, None, [user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
