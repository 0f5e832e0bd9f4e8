"""A private community: non-members get no trace of its discussions from any surface of ours."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.test_comments import POST_URL, form_data
from tests.utils import make_comment
from wagtail_social import access
from wagtail_social.templatetags.wagtail_social_tags import social_participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(community_page, member):
    return make_comment(community_page, member, "Secret roadmap")


def test_members_see_and_post(client_for, member, community_page, secret):
    client = client_for(member)
    assert "Secret roadmap" in client.get(community_page.url).content.decode()
    client.post(POST_URL, form_data(community_page, text="Member reply", reply_to=secret.pk))
    assert XtdComment.objects.filter(comment="Member reply").exists()


def test_non_member_cannot_post_reply_or_flag(client_for, outsider, community_page, secret):
    client = client_for(outsider)
    assert client.post(POST_URL, form_data(community_page, text="intrusion")).status_code == 404
    response = client.post(POST_URL, form_data(community_page, text="intrusion", reply_to=secret.pk))
    assert response.status_code == 404
    assert client.post(reverse("wagtail_social:flag_comment", args=[secret.pk])).status_code == 404
    assert client.get(reverse("wagtail_social:edit_comment", args=[secret.pk])).status_code == 404
    assert not XtdComment.objects.filter(comment="intrusion").exists()
    assert not CommentFlag.objects.exists()


def test_non_member_cannot_read_or_count(client_for, outsider, community_page, secret):
    client = client_for(outsider)
    response = client.get(reverse("wagtail_social:discussion", args=[community_page.pk]))
    assert response.status_code == 404
    assert b"Secret" not in response.content


def test_responses_for_hidden_and_missing_pages_are_identical(client_for, outsider, community_page):
    client = client_for(outsider)
    hidden = client.get(reverse("wagtail_social:discussion", args=[community_page.pk]))
    missing = client.get(reverse("wagtail_social:discussion", args=[987654]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_anonymous_gets_404_not_a_login_prompt(client, community_page, secret):
    assert client.get(reverse("wagtail_social:discussion", args=[community_page.pk])).status_code == 404
    assert client.post(POST_URL, form_data(community_page)).status_code == 404


def test_template_tag_renders_nothing_for_non_members(outsider, member, community_page, secret):
    def request_by(user):
        request = RequestFactory().get("/")
        request.session, request.user = {}, user
        return request

    assert social_participation({"request": request_by(outsider)}, community_page) == ""
    assert "Secret roadmap" in social_participation({"request": request_by(member)}, community_page)


def test_non_member_is_not_notified(
    client_for, member, outsider, community_page, django_capture_on_commit_callbacks
):
    make_comment(community_page, outsider, "followed before being removed from the group", followup=True)
    make_comment(community_page, member, "followed", followup=True)
    other_member = add_member(member)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(other_member).post(POST_URL, form_data(community_page, text="news"))
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients == [member.email]


def add_member(member):
    from tests.utils import make_user

    return make_user("erin", *member.groups.all())


def test_unpublished_page_is_hidden(client_for, employee, article):
    make_comment(article, employee, "draft talk")
    article.unpublish()
    client = client_for(employee)
    assert client.get(reverse("wagtail_social:discussion", args=[article.pk])).status_code == 404
    assert client.post(POST_URL, form_data(article)).status_code == 404


def test_password_restriction_needs_the_password_in_session(client_for, employee, article):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    client = client_for(employee)
    url = reverse("wagtail_social:discussion", args=[article.pk])
    assert client.get(url).status_code == 404
    session = client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert client.get(url).status_code == 200


def test_login_restriction_admits_any_logged_in_user(client, client_for, employee, article):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    url = reverse("wagtail_social:discussion", args=[article.pk])
    assert client.get(url).status_code == 404
    assert client_for(employee).get(url).status_code == 200


def test_inactive_users_cannot_participate(employee, article):
    employee.is_active = False
    request = RequestFactory().post("/")
    request.user, request.session = employee, {}
    assert not access.can_participate(request, article)


def test_visible_pages_excludes_foreign_communities(member, outsider, community_page, article):
    assert community_page.pk in access.visible_pages(member).values_list("pk", flat=True)
    assert community_page.pk not in access.visible_pages(outsider).values_list("pk", flat=True)
    assert article.pk in access.visible_pages(outsider).values_list("pk", flat=True)


def test_admin_visible_pages_keep_drafts_and_hide_foreign_communities(
    member, outsider, community_page, article
):
    community_page.unpublish()
    article.unpublish()
    for user, sees_community in ((member, True), (outsider, False)):
        ids = set(access.admin_visible_pages(user).values_list("pk", flat=True))
        assert article.pk in ids and (community_page.pk in ids) is sees_community
        assert access.admin_can_see(user, article)
        assert access.admin_can_see(user, community_page) is sees_community
        assert community_page.pk not in access.visible_pages(user).values_list("pk", flat=True)
