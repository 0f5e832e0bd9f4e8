from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.deletion import PollDeleteAction, PollDeleteBulkAction
from .admin.views import EXPORT_VOTERS_LOG_ACTION
from .admin.viewsets import PollViewSet
from .models import Poll

register_snippet(PollViewSet)


@hooks.register("register_actions")
def register_poll_delete_action(registry):
    registry.register(Poll, PollDeleteAction)


# After Wagtail's own snippet bulk delete (order 0), which it replaces for polls.
hooks.register("register_bulk_action", PollDeleteBulkAction, order=1)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        EXPORT_VOTERS_LOG_ACTION,
        _("Export who voted what"),
        _("Export of who voted what"),
    )
