"""The policy check inside django-comments-xtd's moderation hook, for every discussion target."""

from django_comments_xtd.moderation import XtdCommentModerator, moderator

from . import access, targets
from .policy import policy_for


class ParticipationModerator(XtdCommentModerator):
    """Refuses comments the policy or access of the target's page does not allow; holds
    pre-moderated ones."""

    def allow(self, comment, content_object, request):
        page = targets.page_of(content_object)
        return access.can_participate(request, page) and policy_for(request, page).accepts_comments()

    def moderate(self, comment, content_object, request):
        return policy_for(request, targets.page_of(content_object)).premoderated


def register_moderator() -> None:
    """Register the moderator for every discussion target; the list of targets is final then."""
    for target_type in targets.seal():
        if target_type.model not in moderator._registry:
            moderator.register(target_type.model, ParticipationModerator)
