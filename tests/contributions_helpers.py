"""Helpers of the contributions tests (``tests/test_contributions_*.py``)."""

from __future__ import annotations

from django.urls import reverse

from tests.utils import set_policy
from wagtail_social.contributions.models import IDEA, INITIAL_STATE, Contribution

SUBMIT = reverse("wagtail_social_contributions:submit")
ALL_KINDS = {"ideas_enabled": True, "questions_enabled": True, "suggestions_enabled": True}


def switch_on(page, **switches):
    """Switch kinds on for ``page``'s subtree (all three by default)."""
    return set_policy(page, **(switches or ALL_KINDS))


def submission(page, kind: str = IDEA, title: str = "Covoiturage", text: str = "Une appli", **extra) -> dict:
    """What a kind's form sends (its fields are prefixed by the kind)."""
    data = {"page": str(page.pk), "kind": kind, f"{kind}-title": title, f"{kind}-text": text}
    data.update({f"{kind}-{name}": value for name, value in extra.items()})
    return data


def support_url(contribution) -> str:
    return reverse("wagtail_social_contributions:support", args=[contribution.pk])


def make_contribution(page, author, kind: str = IDEA, title: str = "An idea", **fields) -> Contribution:
    return Contribution.objects.create(
        page=page,
        kind=kind,
        title=title,
        text=fields.pop("text", "Some text"),
        author=author,
        state=fields.pop("state", INITIAL_STATE[kind]),
        **fields,
    )


def managers_group(name: str = "Community managers"):
    """A group with admin access and ``manage_contribution``."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_contribution"),
    )
    return group


def admin_review_url(contribution) -> str:
    return reverse("wagtail_social_contributions_admin:edit", args=[contribution.pk])


ADMIN_INDEX = "/admin/social/contributions/"
