"""``@username`` mentions in comments and contributions: the person named is told, only if they
may see the page, and only as their preferences for mentions say.

Who may see the page is asked when the email is sent (a task, after the text is stored), not
when it was written. The name completion of the forms lists only people who may see the page
(``views.notifying.people``), and a name typed by hand for someone who may not is ignored.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page

from . import access, delivery
from .notification_kinds import MENTION
from .signals import comment_published

# ``@`` at the start or after a space or punctuation (not inside an email address), then a
# username: letters, digits and ``.+-_`` (Django's usernames, without a trailing dot).
MENTION_PATTERN = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")
MAX_MENTIONS = 20  # names told per text: a list of the whole staff is not a mention


def mentioned_usernames(text: str) -> list[str]:
    """The usernames ``text`` mentions, in order, each once."""
    seen: dict[str, None] = {}
    for name in MENTION_PATTERN.findall(text or ""):
        seen.setdefault(name.lower(), None)
    return list(seen)[:MAX_MENTIONS]


def notify_later(text: str, page: Page, author_id: int | None, url_path: str, title: str) -> None:
    """Once the text is committed, tell the people it mentions (a task)."""
    names = mentioned_usernames(text)
    if names:
        transaction.on_commit(lambda: send_mentions.enqueue(names, page.pk, author_id, url_path, str(title)))


@task()
def send_mentions(
    usernames: list[str], page_id: int, author_id: int | None, url_path: str, title: str
) -> int:
    """Email the mentioned people who may see the page now; returns how many were sent."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    page = page.specific_deferred
    User = get_user_model()
    named = Q(pk__in=[])
    for name in usernames:
        named |= Q(**{f"{User.USERNAME_FIELD}__iexact": name})
    candidates = User.objects.filter(named, is_active=True).exclude(email="").exclude(pk=author_id or 0)
    author = User.objects.filter(pk=author_id).first() if author_id else None
    url = delivery.base_url(page) + url_path
    summary = lambda: _("You were mentioned in “%(title)s”.") % {"title": title}  # noqa: E731
    messages = []
    for user in access.filter_users_who_can_view(page, candidates.prefetch_related("groups").order_by("pk")):
        context = {"author": author, "title": title, "page": page, "url": url}
        messages.append(
            delivery.deliver_email(
                "wagtail_social/emails/mention", user, MENTION, context, page, summary, url
            )
        )
    return delivery.send_all(messages)


def _comment_published(sender, comment, **kwargs) -> None:
    from . import targets

    target_type = targets.type_for_content_type_id(comment.content_type_id)
    page = targets.page_for_key(target_type, comment.object_pk) if target_type else None
    if page is None:
        return
    obj = comment.content_object
    own = getattr(obj, "get_absolute_url", None) if not isinstance(obj, Page) else None
    path = own() if callable(own) else (page.get_url_parts() or (None, None, "/"))[2]
    title = page.title if isinstance(obj, Page) or obj is None else str(obj)
    notify_later(comment.comment, page, comment.user_id, f"{path}#comment-{comment.pk}", title)


def connect_signals() -> None:
    comment_published.connect(_comment_published, dispatch_uid="wagtail_social.mentions")
