"""The moderators' queue (``wagtail_social/admin/moderation.py``): held and reported comments,
approve, remove with a reason, restore (the rules it applies: ``test_moderation.py``)."""

import pytest
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from tests.utils import make_comment

pytestmark = pytest.mark.django_db
INDEX = reverse("wagtail_social_moderation:index")


def review_url(comment):
    return reverse("wagtail_social_moderation:edit", args=[comment.pk])


@pytest.fixture
def held(article, employee):
    return make_comment(article, employee, "Held one", is_public=False)


@pytest.fixture
def reported(article, employee, colleague):
    comment = make_comment(article, employee, "Reported one")
    CommentFlag.objects.create(comment=comment, user=colleague, flag=CommentFlag.SUGGEST_REMOVAL)
    return comment


@pytest.fixture
def quiet(article, employee):
    return make_comment(article, employee, "Quiet one")


def test_queue_lists_held_and_reported_by_default(client_for, moderator, held, reported, quiet):
    html = client_for(moderator).get(INDEX).content.decode()
    assert "Held one" in html
    assert "Reported one" in html
    assert "Quiet one" not in html
    assert "Quiet one" in client_for(moderator).get(INDEX + "?status=published").content.decode()


def test_queue_hides_communities_the_moderator_is_not_in(client_for, moderators, community_page, member):
    from tests.utils import make_user

    make_comment(community_page, member, "Community secret", is_public=False)
    outsider_moderator = make_user("oscar", moderators)
    assert "Community secret" not in client_for(outsider_moderator).get(INDEX).content.decode()
    response = client_for(outsider_moderator).get(
        review_url(XtdComment.objects.get(comment="Community secret"))
    )
    assert response.status_code == 404


def test_people_without_the_permission_are_refused(client_for, editor, employee, held):
    for user in (editor, employee):
        response = client_for(user).get(INDEX)
        assert response.status_code in (302, 403)
        assert "Held one" not in response.content.decode()
        response = client_for(user).post(review_url(held), {"action": "approve"})
        assert response.status_code in (302, 403)
    held.refresh_from_db()
    assert not held.is_public


def test_approve_publishes_and_is_audited(client_for, moderator, held):
    response = client_for(moderator).post(review_url(held), {"action": "approve"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_public
    assert ModelLogEntry.objects.filter(action="wagtail_social.comment.approve", user=moderator).exists()


def test_approving_a_reported_comment_clears_it_from_the_queue(client_for, moderator, reported):
    client = client_for(moderator)
    client.post(review_url(reported), {"action": "approve"})
    assert "Reported one" not in client.get(INDEX).content.decode()


def test_remove_needs_a_reason_and_keeps_the_comment(client_for, moderator, reported):
    client = client_for(moderator)
    response = client.post(review_url(reported), {"action": "remove", "reason": ""})
    assert response.status_code == 400
    reported.refresh_from_db()
    assert not reported.is_removed
    response = client.post(review_url(reported), {"action": "remove", "reason": "Propos injurieux"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.is_removed
    assert reported.social_removal.reason == "Propos injurieux"
    assert XtdComment.objects.filter(pk=reported.pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail_social.comment.remove")
    assert entry.data["reason"] == "Propos injurieux"


def test_restore_brings_the_comment_back(client_for, moderator, reported, article, employee):
    client = client_for(moderator)
    client.post(review_url(reported), {"action": "remove", "reason": "Erreur"})
    client.post(review_url(reported), {"action": "restore"})
    reported.refresh_from_db()
    assert not reported.is_removed
    assert not hasattr(reported, "social_removal") or reported.social_removal is None
    assert "Reported one" in client_for(employee).get(article.url).content.decode()


def test_review_shows_history_and_reports(client_for, moderator, reported):
    from wagtail_social.discussion import edit_comment

    edit_comment(reported, "Reported one, edited")
    html = client_for(moderator).get(review_url(reported)).content.decode()
    assert "Earlier versions" in html
    assert "Reported one" in html
    assert "Bob Durand" in html


def test_removing_a_parent_keeps_its_replies_visible(client_for, moderator, employee, colleague, article):
    parent = make_comment(article, employee, "Parent")
    make_comment(article, colleague, "Child reply", parent=parent)
    client_for(moderator).post(review_url(parent), {"action": "remove", "reason": "Hors sujet"})
    html = client_for(colleague).get(article.url).content.decode()
    assert "Child reply" in html
    assert "Removed by a moderator: Hors sujet" in html


def test_unknown_action_changes_nothing(client_for, moderator, held):
    client_for(moderator).post(review_url(held), {"action": "delete"})
    held.refresh_from_db()
    assert not held.is_public and not held.is_removed


def test_moderation_permission_is_offered_in_group_settings(client_for, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    group = Group.objects.create(name="G")
    html = client_for(admin).get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "moderate_comments" in html or "Can moderate comments" in html
