"""Page-building helpers for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.dispatch import Signal
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


def switches_of(values: dict) -> dict:
    """Split ``<key>_enabled=...`` keyword arguments (the switches of features) from the others,
    in place; returns the switches by feature key."""
    return {
        name.removesuffix("_enabled"): values.pop(name) for name in list(values) if name.endswith("_enabled")
    }


def set_policy(page: Page, **values) -> ParticipationPolicy:
    """Set ``page``'s policy values; features' switches as ``comments_enabled=True`` and so on."""
    existing = ParticipationPolicy.objects.filter(page=page).first()
    switches = {**(existing.switches if existing else {}), **switches_of(values)}
    policy, _created = ParticipationPolicy.objects.update_or_create(
        page=page, defaults={**values, "switches": switches}
    )
    return policy


def set_site_defaults(site_defaults, **values):
    """Change a site's participation defaults; features' switches as ``comments_enabled=True``."""
    site_defaults.switches = {**(site_defaults.switches or {}), **switches_of(values)}
    for name, value in values.items():
        setattr(site_defaults, name, value)
    site_defaults.save()
    return site_defaults


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


@contextmanager
def our_receivers_disconnected(prefix: str = "wagtail_social") -> Iterator[None]:
    """Within the block, Django's model signals and Wagtail's signals run without our apps'
    receivers (every one whose ``dispatch_uid`` starts with ``prefix``): what Wagtail alone
    costs, to compare with what it costs with our apps installed."""
    from django.db.models import signals as model_signals
    from wagtail import signals as wagtail_signals

    signals = {
        s
        for module in (model_signals, wagtail_signals)
        for s in vars(module).values()
        if isinstance(s, Signal)
    }
    removed = []
    for signal in signals:
        with signal.lock:
            kept = [
                r for r in signal.receivers if not (isinstance(r[0][0], str) and r[0][0].startswith(prefix))
            ]
            if len(kept) != len(signal.receivers):
                removed.append((signal, signal.receivers))
                signal.receivers = kept
                signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in removed:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def comment_key(comment: XtdComment) -> tuple[int, int]:
    """How reactions name a comment as their target: ``(content type id, pk)``."""
    return (ContentType.objects.get_for_model(XtdComment).pk, comment.pk)
