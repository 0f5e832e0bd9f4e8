"""The policy check inside django-comments-xtd's moderation hook."""

from django_comments_xtd.moderation import XtdCommentModerator, moderator
from wagtail.models import Page

from . import access
from .policy import policy_for


class ParticipationModerator(XtdCommentModerator):
    """Refuses comments the page's policy or access does not allow; holds pre-moderated ones."""

    def allow(self, comment, content_object, request):
        return (
            access.can_participate(request, content_object)
            and policy_for(request, content_object).accepts_comments()
        )

    def moderate(self, comment, content_object, request):
        return policy_for(request, content_object).premoderated


def register_moderator() -> None:
    if Page not in moderator._registry:
        moderator.register(Page, ParticipationModerator)
