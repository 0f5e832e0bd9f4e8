"""Assigning a contribution to a manager, and merging a duplicate into its original.

**Assignment**: a manager gives a contribution to someone who may manage it too
(``managers.may_manage``); they are emailed (``notifying.assigned``) unless they took it
themselves. Unassigning is possible.

**Merge**: a duplicate is merged into an original of the same kind and section (the page where
the kind is switched on, ``supports.section_of``). The duplicate keeps its state and links to
the original (``merged_into``): its page says so, and it takes no more supports nor status
changes. Its supports move to the original, once per person: a person who supported both keeps
one support, the original's author none (nobody supports their own idea). In one transaction,
with both rows locked in id order (so two merges touching the same ideas do not deadlock) and
the counts recomputed from the rows, not adjusted: they are exact whatever happened before.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import notifying, supports
from .managers import may_manage
from .models import IDEA, Contribution, Support

ASSIGN_ACTION = "wagtail_social_contributions.assign"
MERGE_ACTION = "wagtail_social_contributions.merge"
MERGED_ACTION = "wagtail_social_contributions.merged_here"


class HandlingRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def assign(contribution: Contribution, assignee, by) -> None:
    """Assign ``contribution`` to ``assignee`` (None: to nobody), on ``by``'s decision."""
    page = contribution.page
    if not may_manage(by, page):
        raise HandlingRefused(_("You may not manage this contribution."))
    if assignee is not None and not may_manage(assignee, page):
        raise HandlingRefused(_("This person may not manage this contribution."))
    with transaction.atomic():
        Contribution.objects.filter(pk=contribution.pk).update(assignee=assignee)
        contribution.assignee = assignee
        log(
            instance=contribution,
            action=ASSIGN_ACTION,
            user=by,
            data={"assignee": assignee.pk if assignee else None},
        )
        if assignee is not None:
            transaction.on_commit(lambda: notifying.assigned.enqueue(contribution.pk, assignee.pk, by.pk))


def merge_refusal(request, duplicate: Contribution, original: Contribution, user) -> str | None:
    if not (may_manage(user, duplicate.page) and may_manage(user, original.page)):
        return _("You may not manage these contributions.")
    if duplicate.pk == original.pk:
        return _("A contribution cannot be merged into itself.")
    if duplicate.kind != original.kind:
        return _("Only contributions of the same kind can be merged.")
    if duplicate.merged_into_id is not None:
        return _("This contribution was already merged.")
    if original.merged_into_id is not None or original.is_withdrawn:
        return _("The original must be neither merged nor withdrawn.")
    if original.kind == IDEA and not original.takes_supports:
        return _("The original idea no longer takes supports.")
    if supports.section_of(request, duplicate.page).pk != supports.section_of(request, original.page).pk:
        return _("Only contributions of the same section can be merged.")
    return None


def merge(request, duplicate: Contribution, original: Contribution, user) -> int:
    """Merge ``duplicate`` into ``original``; returns how many supports moved."""
    message = merge_refusal(request, duplicate, original, user)
    if message is not None:
        raise HandlingRefused(message)
    with transaction.atomic():
        locked = {
            row.pk: row
            for row in Contribution.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, original.pk])
            .order_by("pk")
        }
        if locked[duplicate.pk].merged_into_id is not None or locked[original.pk].merged_into_id is not None:
            raise HandlingRefused(_("This contribution was already merged."))
        # Once per person: drop the duplicate's supports of people the original already counts,
        # and of the original's author; move the rest.
        already = Support.objects.filter(contribution=original).values("user_id")
        dropped = Q(user_id__in=already)
        if original.author_id is not None:
            dropped |= Q(user_id=original.author_id)
        Support.objects.filter(Q(contribution=duplicate) & dropped).delete()
        moved = Support.objects.filter(contribution=duplicate).update(contribution=original)
        count = Support.objects.filter(contribution=original).count()
        Contribution.objects.filter(pk=original.pk).update(support_count=count)
        Contribution.objects.filter(pk=duplicate.pk).update(merged_into=original, support_count=0)
        duplicate.merged_into, duplicate.support_count = original, 0
        original.support_count = count
        log(instance=duplicate, action=MERGE_ACTION, user=user, data={"into": original.pk, "moved": moved})
        log(instance=original, action=MERGED_ACTION, user=user, data={"duplicate": duplicate.pk})
    return moved
