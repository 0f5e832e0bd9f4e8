"""Changing the state of a contribution: the only code that writes ``Contribution.state`` after
its submission, and the labels each site gives the states.

**Allowed transitions** (``TRANSITIONS``; anything else is refused):

* an idea: ``new`` → ``under_review``, ``accepted`` or ``declined``; ``under_review`` → ``new``,
  ``accepted`` or ``declined``; ``accepted`` → ``under_review``, ``done`` or ``declined``.
  ``done`` and ``declined`` are final: the idea's supports are frozen there (``supports``
  refuses them, and they no longer count in a person's budget), so reopening would hand back
  supports people already spent elsewhere.
* a question: ``open`` → ``answered`` or ``closed``; ``answered`` → ``open`` (the answer did not
  hold) or ``closed``; ``closed`` → ``open``.
* a suggestion: ``new`` → ``under_review``, ``applied`` or ``declined``; ``under_review`` →
  ``new``, ``applied`` or ``declined``; ``applied`` and ``declined`` are final.

Only managers (``managers.may_manage``) change a state, except the moves the system makes for
them (an accepted answer moves an open question to ``answered``). Declining needs a public
reason. A withdrawn or merged contribution keeps its state. Each change is one conditional
``UPDATE`` (the state read must still be the state stored, so two managers cannot both move the
same contribution from the same state), a ``StatusChange`` row shown on the contribution, an
entry in Wagtail's audit log, and, once committed, an email to the author and the supporters
(``notifying``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from wagtail_social import searching

from . import notifying
from .labels import request_labels, site_labels, state_label  # noqa: F401  (the labels' API, here too)
from .managers import may_manage
from .models import (
    ACCEPTED,
    ANSWERED,
    APPLIED,
    CLOSED,
    DECLINED,
    DONE,
    IDEA,
    NEW,
    OPEN,
    QUESTION,
    SUGGESTION,
    UNDER_REVIEW,
    Contribution,
    StatusChange,
)

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    IDEA: {
        NEW: (UNDER_REVIEW, ACCEPTED, DECLINED),
        UNDER_REVIEW: (NEW, ACCEPTED, DECLINED),
        ACCEPTED: (UNDER_REVIEW, DONE, DECLINED),
        DONE: (),
        DECLINED: (),
    },
    QUESTION: {OPEN: (ANSWERED, CLOSED), ANSWERED: (OPEN, CLOSED), CLOSED: (OPEN,)},
    SUGGESTION: {
        NEW: (UNDER_REVIEW, APPLIED, DECLINED),
        UNDER_REVIEW: (NEW, APPLIED, DECLINED),
        APPLIED: (),
        DECLINED: (),
    },
}
LOG_ACTION = "wagtail_social_contributions.status"

NOT_MANAGER, WITHDRAWN, MERGED, NOT_ALLOWED, REASON_REQUIRED, CHANGED_MEANWHILE = (
    "not_manager",
    "withdrawn",
    "merged",
    "not_allowed",
    "reason_required",
    "changed_meanwhile",
)
MESSAGES = {
    NOT_MANAGER: _("You may not manage this contribution."),
    WITHDRAWN: _("A withdrawn contribution keeps its status."),
    MERGED: _("A contribution merged into another keeps its status."),
    NOT_ALLOWED: _("This status cannot follow the current one."),
    REASON_REQUIRED: _("Declining needs a public reason."),
    CHANGED_MEANWHILE: _("Someone changed this contribution meanwhile: look again."),
}


class StatusRefused(Exception):
    """The change is not allowed; ``code`` says why, ``message`` says it to a person."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
        self.message = MESSAGES[code]


def allowed_states(contribution: Contribution) -> tuple[str, ...]:
    """The states ``contribution`` may move to now (none when withdrawn or merged)."""
    if contribution.is_withdrawn or contribution.merged_into_id is not None:
        return ()
    return TRANSITIONS[contribution.kind].get(contribution.state, ())


def refusal(
    contribution: Contribution, to_state: str, user, reason: str = "", *, as_manager=True
) -> str | None:
    """Why ``user`` may not move ``contribution`` to ``to_state`` with ``reason``, or None."""
    if as_manager and not may_manage(user, contribution.page):
        return NOT_MANAGER
    if contribution.is_withdrawn:
        return WITHDRAWN
    if contribution.merged_into_id is not None:
        return MERGED
    if to_state not in allowed_states(contribution):
        return NOT_ALLOWED
    if to_state == DECLINED and not reason.strip():
        return REASON_REQUIRED
    return None


def change_status(
    contribution: Contribution, to_state: str, user, reason: str = "", *, as_manager: bool = True
) -> StatusChange:
    """Move ``contribution`` to ``to_state`` for ``user`` (a manager, unless ``as_manager`` is
    False: a move the system makes on someone's action); raises :class:`StatusRefused`."""
    reason = reason.strip()
    code = refusal(contribution, to_state, user, reason, as_manager=as_manager)
    if code is not None:
        raise StatusRefused(code)
    from_state = contribution.state
    with transaction.atomic():
        moved = Contribution.objects.filter(
            pk=contribution.pk, state=from_state, withdrawn_at__isnull=True, merged_into__isnull=True
        ).update(state=to_state)
        if not moved:
            raise StatusRefused(CHANGED_MEANWHILE)
        searching.reindex(Contribution, contribution.pk)  # the state is a filter field of the index
        change = StatusChange.objects.create(
            contribution=contribution,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
        )
        contribution.state = to_state
        log(
            instance=contribution,
            action=LOG_ACTION,
            user=change.changed_by,
            data={"from": from_state, "to": to_state, "reason": reason},
        )
        transaction.on_commit(lambda: notifying.status_changed.enqueue(change.pk))
    return change
