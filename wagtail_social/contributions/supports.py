"""Supporting ideas: the only code that writes ``Support`` rows, and so the keeper of each idea's
``support_count``.

One support per person and idea is the database's unique constraint: the row is written with
``INSERT ... ON CONFLICT DO NOTHING`` (``wagtail_social.sql``), so concurrent requests of one
person store one row and the second learns it inserted nothing. The counter moves in the same
transaction, by ``UPDATE ... SET support_count = support_count ± 1``, only when a row was
inserted or deleted, and only while the idea takes supports (the ``UPDATE``'s own condition:
an idea declined or withdrawn between the request's read and its write takes nothing, and the
transaction is rolled back).

**The budget** (``SUPPORT_BUDGET``, per person and section, 0 = none) counts the person's
supports of open ideas of the section: a check-then-insert, so two requests of one person could
both see "one left". It is made safe by taking, first in the transaction, a lock on the person's
own row (``SELECT ... FOR UPDATE`` on the user: PostgreSQL serialises that person's supports and
nobody else's); SQLite serialises every write transaction anyway when it begins (``BEGIN
IMMEDIATE``, the ``transaction_mode`` our scale-out guide asks for). Lock order, always: the
person's row, then the support row, then the idea's row; so no two supports deadlock.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from wagtail_social.policy import policy_for
from wagtail_social.sql import delete_matching, insert_ignoring_conflicts

from .conf import settings
from .models import FROZEN_IDEA_STATES, IDEA, Contribution, Support

SUPPORTED = "supported"
REMOVED = "removed"
ALREADY = "already"
NOT_SUPPORTED = "not_supported"
OWN_IDEA = "own_idea"
FROZEN = "frozen"
NOT_AN_IDEA = "not_an_idea"
OVER_BUDGET = "over_budget"

MESSAGES = {
    SUPPORTED: _("Thank you: your support is counted."),
    REMOVED: _("Your support is removed."),
    ALREADY: _("You already support this idea."),
    NOT_SUPPORTED: _("You do not support this idea."),
    OWN_IDEA: _("You cannot support your own idea."),
    FROZEN: _("This idea no longer takes supports."),
    NOT_AN_IDEA: _("Only ideas can be supported."),
    OVER_BUDGET: _(
        "You have used all your supports in this section: remove one, or wait until an idea you "
        "support is closed."
    ),
}
STATUS = {ALREADY: 409, NOT_SUPPORTED: 409, OWN_IDEA: 403, FROZEN: 403, NOT_AN_IDEA: 400, OVER_BUDGET: 409}


class Refused(Exception):
    """Raised inside the transaction to roll it back: nothing is stored."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def section_of(request, page: Page) -> Page:
    """The section a support budget counts over: the page where ideas were switched on for
    ``page`` (itself or its nearest ancestor that sets the switch), else the root page of its
    site (ideas on by the site's defaults)."""
    source = policy_for(request, page).sources.get("ideas")
    if source is not None:
        return source
    site = Site.find_for_request(request)
    return site.root_page if site is not None else page


def supports_in_section(user, section: Page) -> int:
    """How many ideas of ``section`` (the page and its subtree) ``user`` supports that are still
    open: supports of closed ideas (done, declined, withdrawn) are back in the budget."""
    return (
        Support.objects.filter(
            user=user,
            contribution__page__path__startswith=section.path,
            contribution__withdrawn_at__isnull=True,
        )
        .exclude(contribution__state__in=FROZEN_IDEA_STATES)
        .count()
    )


def refusal_before_writing(user, idea: Contribution) -> str | None:
    """What is wrong with ``user`` supporting ``idea`` as loaded, before any write."""
    if idea.kind != IDEA:
        return NOT_AN_IDEA
    if idea.author_id == user.pk:
        return OWN_IDEA
    if not idea.takes_supports:
        return FROZEN
    return None


def _supportable(idea_id: int):
    return Contribution.objects.filter(
        pk=idea_id, kind=IDEA, withdrawn_at__isnull=True, merged_into__isnull=True
    ).exclude(state__in=FROZEN_IDEA_STATES)


def add_support(user, idea: Contribution, section: Page | None = None, budget: int | None = None) -> str:
    """Support ``idea`` for ``user``; returns :data:`SUPPORTED` or a refusal code. With a
    ``budget`` (``SUPPORT_BUDGET`` by default) above 0, ``section`` is where it counts."""
    refusal = refusal_before_writing(user, idea)
    if refusal is not None:
        return refusal
    budget = settings.SUPPORT_BUDGET if budget is None else budget
    try:
        with transaction.atomic():
            if budget and section is not None:
                # The person's lock: their concurrent supports wait here, one after the other.
                list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
                if supports_in_section(user, section) >= budget:
                    raise Refused(OVER_BUDGET)
            inserted = insert_ignoring_conflicts(
                Support, contribution=idea.pk, user=user.pk, created_at=timezone.now()
            )
            if not inserted:
                raise Refused(ALREADY)
            if not _supportable(idea.pk).update(support_count=F("support_count") + 1):
                raise Refused(FROZEN)  # closed or withdrawn meanwhile: the insert is rolled back
    except Refused as refusal:
        return refusal.code
    return SUPPORTED


def remove_support(user, idea: Contribution) -> str:
    """Take ``user``'s support of ``idea`` back; returns :data:`REMOVED` or a refusal code.
    Supports of a done, declined or withdrawn idea are frozen: they are its record."""
    if idea.kind != IDEA:
        return NOT_AN_IDEA
    if not idea.takes_supports:
        return FROZEN
    try:
        with transaction.atomic():
            if not delete_matching(Support, contribution=idea.pk, user=user.pk):
                raise Refused(NOT_SUPPORTED)
            if not _supportable(idea.pk).update(support_count=F("support_count") - 1):
                raise Refused(FROZEN)
    except Refused as refusal:
        return refusal.code
    return REMOVED


def supported_ids(user, ideas) -> set[int]:
    """The ids among ``ideas`` (ids or a queryset of ids) that ``user`` supports. One query."""
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, contribution__in=ideas).values_list("contribution_id", flat=True)
    )


def erase_supports(user) -> int:
    """Delete every support of ``user`` and take each off its idea's count (frozen ideas too:
    the count is of existing supports). Returns the number of supports deleted."""
    with transaction.atomic():
        ids = list(Support.objects.filter(user=user).values_list("contribution_id", flat=True))
        if not ids:
            return 0
        Contribution.objects.filter(pk__in=ids).update(support_count=F("support_count") - 1)
        return Support.objects.filter(user=user).delete()[0]


def _forget_supports_of_deleted_user(sender, instance, **kwargs) -> None:
    erase_supports(instance)


def connect_signals() -> None:
    """A deleted account takes its supports with it (the foreign key cascades): the counts of
    its ideas go down first, so they stay exact."""
    pre_delete.connect(
        _forget_supports_of_deleted_user,
        sender=get_user_model(),
        dispatch_uid="wagtail_social_contributions.supports.user_deleted",
    )
