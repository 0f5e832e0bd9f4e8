"""Official answers of community managers, and accepted answers of questions.

**Official answer**: one per contribution. A manager saves a draft (seen by managers only), then
publishes it; it is shown above the discussion with its author and date. Editing a published
answer keeps it published: the edit is dated (``edited_at``) and the earlier text goes to the
audit log.

**Accepted answer**: for a question, any published comment of its own discussion may be marked
accepted by the question's author or a manager; one at a time (a field on the question, so a
second mark replaces the first), and it may be unmarked.

Publishing an official answer or accepting one moves an open question to ``answered``, through
the status service (so it is recorded, logged and notified like any other change).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.log_actions import log

from .managers import may_manage
from .models import ANSWERED, OPEN, QUESTION, Contribution, OfficialAnswer
from .statuses import change_status

DRAFT_ACTION = "wagtail_social_contributions.answer_draft"
PUBLISH_ACTION = "wagtail_social_contributions.answer_publish"
EDIT_ACTION = "wagtail_social_contributions.answer_edit"
ACCEPT_ACTION = "wagtail_social_contributions.accept"
UNACCEPT_ACTION = "wagtail_social_contributions.unaccept"


class AnswerRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _answered(contribution: Contribution, user, *, as_manager: bool) -> None:
    """An open question has its answer now."""
    if contribution.kind == QUESTION and contribution.state == OPEN and not contribution.is_withdrawn:
        change_status(contribution, ANSWERED, user, as_manager=as_manager)


def save_official_answer(contribution: Contribution, user, text: str, *, publish: bool) -> OfficialAnswer:
    """Save ``user``'s (a manager's) answer as a draft, or publish it (``publish``). A published
    answer stays published whatever ``publish`` says: saving it again is an edit."""
    if not may_manage(user, contribution.page):
        raise AnswerRefused(_("You may not manage this contribution."))
    text = text.strip()
    if not text:
        raise AnswerRefused(_("An answer needs a text."))
    now = timezone.now()
    with transaction.atomic():
        answer = OfficialAnswer.objects.select_for_update().filter(contribution=contribution).first()
        if answer is None:
            answer = OfficialAnswer(contribution=contribution, created_at=now)
        previous, was_published = answer.text, answer.is_published
        answer.text, answer.author = text, user
        if was_published:
            answer.edited_at = now
            action, data = EDIT_ACTION, {"previous": previous}
        elif publish:
            answer.published_at = now
            action, data = PUBLISH_ACTION, {}
        else:
            action, data = DRAFT_ACTION, {}
        answer.save()
        log(instance=contribution, action=action, user=user, data=data)
        if answer.is_published and not was_published:
            _answered(contribution, user, as_manager=True)
    return answer


def published_answer(contribution: Contribution) -> OfficialAnswer | None:
    """The answer readers see, or None (a draft is not shown)."""
    return (
        OfficialAnswer.objects.select_related("author")
        .filter(contribution=contribution, published_at__isnull=False)
        .first()
    )


def draft_answer(contribution: Contribution) -> OfficialAnswer | None:
    return OfficialAnswer.objects.filter(contribution=contribution).first()


def may_accept(contribution: Contribution, user) -> bool:
    """The question's author or a manager, on a question that was not withdrawn."""
    if contribution.kind != QUESTION or contribution.is_withdrawn or not user.is_authenticated:
        return False
    return (contribution.author_id == user.pk and user.is_active) or may_manage(user, contribution.page)


def answers_of(contribution: Contribution):
    """The comments of the question's discussion that may be accepted: published, not removed."""
    return XtdComment.norel_objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_pk=str(contribution.pk),
        is_public=True,
        is_removed=False,
    )


def accept_answer(contribution: Contribution, user, comment_id: int | None) -> XtdComment | None:
    """Mark the comment ``comment_id`` of the question's discussion accepted (None: unmark).
    Returns the accepted comment."""
    if not may_accept(contribution, user):
        raise AnswerRefused(_("Only the question's author or a manager may accept an answer."))
    comment = None
    if comment_id is not None:
        comment = answers_of(contribution).filter(pk=comment_id).first()
        if comment is None:
            raise AnswerRefused(_("This answer is not one of the question's."))
    with transaction.atomic():
        Contribution.objects.filter(pk=contribution.pk).update(accepted_answer=comment)
        contribution.accepted_answer = comment
        log(
            instance=contribution,
            action=ACCEPT_ACTION if comment else UNACCEPT_ACTION,
            user=user,
            data={"comment": comment.pk} if comment else {},
        )
        if comment is not None:
            # The author accepting an answer is not a manager: the system moves the question.
            _answered(contribution, user, as_manager=False)
    return comment
