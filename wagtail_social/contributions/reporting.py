"""Readers report a contribution itself (an idea, a question, a suggestion) as they report a
comment: the rules of it, which the views, the community queue and the review screen ask.

* A participant of the page may report someone else's contribution that is not removed, with a
  reason (``wagtail_social.models.ReportReason``); one report per person and contribution (a
  ``UniqueConstraint``); they may withdraw it while it is open.
* A contribution with open reports from ``WAGTAIL_SOCIAL_REPORTS_TO_HIDE`` different people is
  hidden (``Contribution.hidden_at``) from everyone but its author until a moderator decides;
  a withdrawal below that number shows it again. The moderators of its section (or of the whole
  site) are told once per hiding (``report_notices``). The number is read when a report is made
  or withdrawn: changing the setting does not re-decide contributions already hidden.
* Moderators (``WAGTAIL_SOCIAL_MODERATE_PERMISSION``, site-wide or for the section, who may see
  the page: the same people as for comments) keep it (its open reports are closed) or remove it
  with a reason readers see in its place; a removal may be undone. Each decision is in Wagtail's
  audit log. A report made after a decision is open again.

Lock order: the contribution's row first (``select_for_update``), then its reports. Two reports
at once are counted one after the other, so exactly one of them hides the contribution.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from wagtail_social import access, moderation, searching, sections
from wagtail_social.conf import settings as core_settings

from .models import Contribution, ContributionReport
from .report_notices import notify_later

APPROVE_ACTION = "wagtail_social.contribution.approve"
REMOVE_ACTION = "wagtail_social.contribution.remove"
RESTORE_ACTION = "wagtail_social.contribution.restore"
ACTIONS = ("approve", "remove", "restore")


def can_report(contribution: Contribution, user) -> bool:
    """Whether ``user`` (a participant of the page: the caller's check) may report it."""
    return user.is_authenticated and contribution.author_id != user.pk and not contribution.is_removed


def open_reports(contribution_id: int):
    return ContributionReport.objects.filter(contribution_id=contribution_id, decided_at__isnull=True)


def has_open_report(contribution: Contribution, user) -> bool:
    return user.is_authenticated and open_reports(contribution.pk).filter(user=user).exists()


def hidden_from(contribution: Contribution, user) -> bool:
    """Whether ``user`` sees the notice in place of the contribution (hidden by its reports, and
    they are not its author)."""
    return contribution.is_hidden and not (user.is_authenticated and contribution.author_id == user.pk)


def may_moderate(user, contribution: Contribution) -> bool:
    """A moderator of the contribution's page (site-wide or its section) who may see it."""
    page = contribution.page
    return moderation.moderates(user, page) and access.user_can_view(user, page)


def _locked(contribution: Contribution) -> Contribution:
    return Contribution.objects.select_for_update().get(pk=contribution.pk)


def _refresh_hidden(locked: Contribution) -> bool:
    """Hide or show the (locked) contribution by its open reports; whether it became hidden."""
    hide = not locked.is_removed and open_reports(locked.pk).count() >= core_settings.REPORTS_TO_HIDE
    if hide == (locked.hidden_at is not None):
        return False
    locked.hidden_at = timezone.now() if hide else None
    Contribution.objects.filter(pk=locked.pk).update(hidden_at=locked.hidden_at)
    searching.reindex(Contribution, locked.pk)
    return hide


def report(contribution: Contribution, user, reason: str, text: str = "") -> bool:
    """Store ``user``'s report with its reason; whether a report was opened (False: their open
    report was already there, its reason is replaced). Hides the contribution when this report
    reaches the number, and tells its moderators once the transaction commits."""
    with transaction.atomic():
        locked = _locked(contribution)
        existing = ContributionReport.objects.filter(contribution=locked, user=user).first()
        opened = existing is None or existing.decided_at is not None
        if existing is None:
            ContributionReport.objects.create(contribution=locked, user=user, reason=reason, text=text)
        else:
            changes = {"reason": reason, "text": text, "decided_at": None}
            if opened:
                changes["reported_at"] = timezone.now()
            ContributionReport.objects.filter(pk=existing.pk).update(**changes)
        if _refresh_hidden(locked):
            notify_later(locked)
    contribution.hidden_at = locked.hidden_at
    return opened


def withdraw_report(contribution: Contribution, user) -> bool:
    """Withdraw ``user``'s open report; whether there was one. A report a moderator decided on
    stays, as the record of the decision."""
    with transaction.atomic():
        locked = _locked(contribution)
        deleted, _rows = open_reports(locked.pk).filter(user=user).delete()
        _refresh_hidden(locked)
    contribution.hidden_at = locked.hidden_at
    return bool(deleted)


# Moderators' decisions -------------------------------------------------------------------------


def allowed_actions(contribution: Contribution) -> frozenset[str]:
    if contribution.is_removed:
        return frozenset({"restore"})
    return frozenset({"approve", "remove"})


def refusal(contribution: Contribution, action: str | None) -> str | None:
    """Why ``action`` is refused on ``contribution`` (for the moderator), or None."""
    if action not in ACTIONS:
        return _("Unknown action.")
    if action in allowed_actions(contribution):
        return None
    if contribution.is_removed:
        return _("This contribution is removed: restore it first.")
    return _("This contribution is not removed.")


def _close_reports(locked: Contribution, now) -> None:
    open_reports(locked.pk).update(decided_at=now)


def approve(request, contribution: Contribution) -> None:
    """Keep the contribution: its open reports are closed and it is shown again."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(contribution)
        _close_reports(locked, now)
        _refresh_hidden(locked)
        log(instance=locked, action=APPROVE_ACTION, user=request.user)
    contribution.hidden_at = locked.hidden_at


def remove(request, contribution: Contribution, reason: str) -> None:
    """Replace the contribution by ``reason`` for every reader (its author too); it stays
    stored, with its discussion, supports and history. Its open reports are closed."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(contribution)
        locked.removed_at, locked.removal_reason, locked.removed_by = now, reason, request.user
        Contribution.objects.filter(pk=locked.pk).update(
            removed_at=now, removal_reason=reason, removed_by=request.user, hidden_at=None
        )
        locked.hidden_at = None
        _close_reports(locked, now)
        searching.reindex(Contribution, locked.pk)
        log(instance=locked, action=REMOVE_ACTION, user=request.user, data={"reason": reason})
    for name in ("removed_at", "removal_reason", "removed_by", "hidden_at"):
        setattr(contribution, name, getattr(locked, name))


def restore(request, contribution: Contribution) -> None:
    """Undo a removal: readers see the contribution again."""
    with transaction.atomic():
        locked = _locked(contribution)
        Contribution.objects.filter(pk=locked.pk).update(removed_at=None, removal_reason="", removed_by=None)
        searching.reindex(Contribution, locked.pk)
        log(instance=locked, action=RESTORE_ACTION, user=request.user)
    contribution.removed_at, contribution.removal_reason, contribution.removed_by = None, "", None


def moderated_contributions(user):
    """The contributions ``user`` moderates: of pages they may see, in the sections they hold
    the moderation permission for (every section when site-wide); none for anyone else."""
    if not moderation.is_moderator(user):
        return Contribution.objects.none()
    pages = access.visible_pages(user)
    in_sections = sections.pages_q(user, core_settings.MODERATE_PERMISSION)
    if in_sections is not None:
        pages = pages.filter(in_sections)
    return Contribution.objects.filter(page_id__in=pages.values("pk"))


def with_open_report_count(contributions):
    """Annotate ``open_report_count``: the reports no moderator decided on yet."""
    return contributions.annotate(
        open_report_count=Count("reports", filter=Q(reports__decided_at__isnull=True), distinct=True)
    )


def reported(contributions):
    """Those waiting for a moderator: not removed, with at least one open report."""
    return with_open_report_count(contributions.filter(removed_at__isnull=True)).filter(
        open_report_count__gt=0
    )
