"""The contributions app's kinds of notification, registered with the core's registry when the
app is ready (the core never imports this app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_social.notification_kinds import NotificationKind, register_kind

ANSWER = "answer"
IDEA_STATUS = "idea_status"
OVERDUE = "overdue"
REMINDER = "reminder"


def register_contribution_kinds() -> None:
    register_kind(
        NotificationKind(ANSWER, _("An answer to my question"), _("Your question was answered."), order=20)
    )
    register_kind(
        NotificationKind(
            IDEA_STATUS,
            _("A status change of my idea"),
            _("An idea or suggestion you wrote or support changes state."),
            order=30,
        )
    )
    register_kind(
        NotificationKind(
            OVERDUE, _("An overdue question"), _("A question you manage passed its target delay."), order=60
        )
    )
    register_kind(
        NotificationKind(
            REMINDER, _("Reminders"), _("A question you manage is halfway to its target delay."), order=70
        )
    )
