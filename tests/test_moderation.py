"""The rules of moderation (``wagtail_social/moderation.py``): what an open report is, the state a
comment is in, and which decision a moderator may take from which state. The queue that applies
them: ``test_admin_moderation.py``; the policy check in xtd's hook: ``test_comments.py``."""

import datetime

import pytest
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.utils import make_comment, make_user
from wagtail_social import moderation

pytestmark = pytest.mark.django_db

# (is_public, is_removed) of a comment in each state, and what a moderator may do from it.
STATES = {
    "published": (True, False),
    "held": (False, False),
    "removed after publication": (True, True),
    "removed while held": (False, True),
}
ALLOWED = {
    "published": {"approve", "remove"},
    "held": {"approve", "remove"},
    "removed after publication": {"restore"},
    "removed while held": {"restore"},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", moderation.ACTIONS)
def test_each_action_from_each_state(article, employee, state, action):
    is_public, is_removed = STATES[state]
    comment = make_comment(article, employee, is_public=is_public, is_removed=is_removed)
    assert moderation.allowed_actions(comment) == ALLOWED[state]
    refused = moderation.refusal(comment, action)
    if action in ALLOWED[state]:
        assert refused is None
    elif is_removed:
        assert refused == "This comment is removed: restore it first."
    else:
        assert refused == "This comment is not removed."


@pytest.mark.parametrize("action", ["", None, "delete", "APPROVE"])
def test_an_unknown_action_is_refused_whatever_the_state(article, employee, action):
    for is_public, is_removed in STATES.values():
        comment = make_comment(article, employee, is_public=is_public, is_removed=is_removed)
        assert moderation.refusal(comment, action) == "Unknown action."


class TestOpenReports:
    """A moderator's approval closes the reports made before it; a report made after it is open."""

    @pytest.fixture
    def now(self):
        return timezone.now()

    def flag(self, comment, user, kind, when):
        return CommentFlag.objects.create(comment=comment, user=user, flag=kind, flag_date=when)

    def annotated(self, comment, user):
        return (
            moderation.with_open_reports(XtdComment.norel_objects.filter(pk=comment.pk))
            .annotate(mine=moderation.has_open_report_by(user))
            .get()
        )

    def test_a_report_without_any_approval_is_open(self, article, employee, colleague, now):
        comment = make_comment(article, employee)
        self.flag(comment, colleague, CommentFlag.SUGGEST_REMOVAL, now)
        row = self.annotated(comment, colleague)
        assert (row.open_report_count, row.mine) == (1, True)

    def test_a_report_before_an_approval_is_closed(self, article, employee, colleague, moderator, now):
        comment = make_comment(article, employee)
        self.flag(comment, colleague, CommentFlag.SUGGEST_REMOVAL, now - datetime.timedelta(minutes=5))
        self.flag(comment, moderator, CommentFlag.MODERATOR_APPROVAL, now)
        row = self.annotated(comment, colleague)
        assert (row.open_report_count, row.mine) == (0, False)

    def test_a_report_after_an_approval_is_open(self, article, employee, colleague, moderator, now):
        comment = make_comment(article, employee)
        self.flag(comment, moderator, CommentFlag.MODERATOR_APPROVAL, now - datetime.timedelta(minutes=5))
        self.flag(comment, colleague, CommentFlag.SUGGEST_REMOVAL, now)
        row = self.annotated(comment, colleague)
        assert (row.open_report_count, row.mine) == (1, True)
        assert self.annotated(comment, employee).mine is False  # someone else's report

    def test_only_the_last_approval_counts(self, article, employee, colleague, moderator, moderators, now):
        other_moderator = make_user("mona", moderators)
        comment = make_comment(article, employee)
        self.flag(comment, moderator, CommentFlag.MODERATOR_APPROVAL, now - datetime.timedelta(minutes=10))
        self.flag(comment, colleague, CommentFlag.SUGGEST_REMOVAL, now - datetime.timedelta(minutes=5))
        self.flag(comment, other_moderator, CommentFlag.MODERATOR_APPROVAL, now)
        assert self.annotated(comment, colleague).open_report_count == 0


def test_each_state_is_the_condition_of_the_same_name(article, employee, colleague):
    """``state_of`` (one comment) and the conditions (a queryset) say the same thing."""
    comments = {
        "published": make_comment(article, employee, "published"),
        "held": make_comment(article, employee, "held", is_public=False),
        "reported": make_comment(article, employee, "reported"),
        "removed": make_comment(article, employee, "removed", is_removed=True),
    }
    CommentFlag.objects.create(comment=comments["reported"], user=colleague, flag=CommentFlag.SUGGEST_REMOVAL)
    annotated = moderation.with_open_reports(XtdComment.norel_objects.all())
    assert {moderation.state_of(row) for row in annotated} == set(comments)
    for row in annotated:
        assert moderation.state_of(row) == row.comment

    def texts(condition):
        return set(annotated.filter(condition).values_list("comment", flat=True))

    assert texts(moderation.HELD) == {"held"}
    assert texts(moderation.REPORTED) == {"reported"}
    assert texts(moderation.REMOVED) == {"removed"}
    assert texts(moderation.PUBLISHED) == {"published", "reported"}
    assert texts(moderation.NEEDS_ATTENTION) == {"held", "reported"}
