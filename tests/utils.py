"""Page-building helpers for tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, PageViewRestriction

from tests.testapp.models import PlainPage
from wagtail_social.models import ParticipationPolicy


def add_page(parent: Page, title: str, model=PlainPage, **kwargs) -> Page:
    page = model(title=title, slug=kwargs.pop("slug", None) or title.lower().replace(" ", "-"), **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def set_policy(page: Page, **values) -> ParticipationPolicy:
    policy, _created = ParticipationPolicy.objects.update_or_create(page=page, defaults=values)
    return policy


def make_user(username: str, *groups: Group, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        email=extra.pop("email", f"{username}@example.com"),
        password="pw",
        first_name=extra.pop("first_name", username.capitalize()),
        last_name=extra.pop("last_name", "Tester"),
        **extra,
    )
    user.groups.add(*groups)
    return user


def restrict_to_groups(page: Page, *groups: Group) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(groups)
    return restriction


def make_comment(target, user, text="Hello", parent: XtdComment | None = None, **fields) -> XtdComment:
    """A comment on a page's or another target's discussion, stored the way the engine stores
    it (threading computed by xtd's save)."""
    comment = XtdComment(
        content_type=ContentType.objects.get_for_model(Page if isinstance(target, Page) else type(target)),
        object_pk=str(target.pk),
        site_id=1,
        user=user,
        user_name=user.get_full_name(),
        user_email=user.email,
        comment=text,
        submit_date=fields.pop("submit_date", None) or timezone.now(),
        is_public=fields.pop("is_public", True),
        is_removed=fields.pop("is_removed", False),
        parent_id=parent.pk if parent else 0,
        **fields,
    )
    comment.save()
    return comment


def comment_key(comment: XtdComment) -> tuple[int, int]:
    """How reactions name a comment as their target: ``(content type id, pk)``."""
    return (ContentType.objects.get_for_model(XtdComment).pk, comment.pk)
