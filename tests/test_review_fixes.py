"""Edge cases of the comment life cycle: moderation states, multi-site defaults, bad ids."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from tests.test_comments import POST_URL, form_data, post
from tests.utils import add_page, make_comment, set_policy
from wagtail_social import discussion
from wagtail_social.models import ParticipationPolicy, SocialSettings

pytestmark = pytest.mark.django_db
INDEX = reverse("wagtail_social_moderation:index")


def as_request(user):
    request = RequestFactory().post("/")
    request.user, request.session = user, {}
    return request


def test_site_defaults_come_from_the_pages_site_not_the_requests_host(client_for, employee, root_page, home):
    other_home = add_page(root_page, "Company B")
    other_site = Site.objects.create(hostname="b.example", port=80, root_page=other_home)
    SocialSettings.objects.update_or_create(
        site=other_site, defaults={"switches": {"comments": True}, "moderation": "pre"}
    )
    SocialSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"switches": {"comments": True}}
    )
    page_b = add_page(other_home, "B news")
    client = client_for(employee)
    client.post(POST_URL, form_data(page_b, text="via A's host"), HTTP_HOST="testserver")
    assert XtdComment.objects.get(comment="via A's host").is_public is False


def test_edit_on_a_premoderated_page_goes_back_to_moderators(
    client_for, employee, moderator, article, section
):
    set_policy(section, comments_enabled=True, moderation="pre")
    comment = make_comment(article, employee, "Harmless")
    client = client_for(employee)
    response = client.post(reverse("wagtail_social:edit_comment", args=[comment.pk]), {"comment": "Edited"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_public
    assert "Edited" in client_for(moderator).get(INDEX).content.decode()


def test_reporting_again_after_a_keep_reopens_the_report(client_for, employee, colleague, moderator, article):
    comment = make_comment(article, employee, "Borderline")
    flag_url = reverse("wagtail_social:flag_comment", args=[comment.pk])
    review = reverse("wagtail_social_moderation:edit", args=[comment.pk])
    client_for(colleague).post(flag_url)
    client_for(moderator).post(review, {"action": "approve"})
    assert "Borderline" not in client_for(moderator).get(INDEX).content.decode()
    page_html = client_for(colleague).get(article.url).content.decode()
    assert flag_url in page_html  # the reader may report it again
    client_for(colleague).post(flag_url)
    assert "Borderline" in client_for(moderator).get(INDEX).content.decode()


def test_restoring_a_held_comment_keeps_it_held(moderator, employee, article):
    comment = make_comment(article, employee, "Held", is_public=False)
    discussion.remove_comment(as_request(moderator), comment, "Spam")
    discussion.restore_comment(as_request(moderator), comment)
    comment.refresh_from_db()
    assert not comment.is_removed and not comment.is_public


def test_approving_a_held_comment_notifies_followers(
    moderator, employee, colleague, article, django_capture_on_commit_callbacks
):
    make_comment(article, colleague, "I follow", followup=True)
    held = make_comment(article, employee, "Held news", is_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        discussion.approve_comment(as_request(moderator), held)
    assert [message.to for message in mail.outbox] == [[colleague.email]]


def test_email_subject_is_not_html_escaped(
    client_for, employee, colleague, section, django_capture_on_commit_callbacks
):
    page = add_page(section, "L'équipe & co", slug="equipe")
    make_comment(page, colleague, "follow", followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(employee), page, text="hello")
    assert mail.outbox[0].subject == "New comment on “L'équipe & co”"


@pytest.mark.parametrize("path", ["edit_comment", "flag_comment"])
def test_huge_ids_are_404(client_for, employee, path):
    client = client_for(employee)
    url = reverse(f"wagtail_social:{path}", args=[10**30])
    response = client.post(url) if path == "flag_comment" else client.get(url)
    assert response.status_code == 404


def test_huge_reply_to_is_a_form_error(client_for, employee, article):
    response = client_for(employee).post(POST_URL, form_data(article, reply_to=2**63))
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_huge_id_in_the_moderation_review_is_404(client_for, moderator):
    assert (
        client_for(moderator).get(reverse("wagtail_social_moderation:edit", args=[10**30])).status_code == 404
    )


def test_author_sees_why_their_held_comment_was_removed(client_for, moderator, employee, article):
    comment = make_comment(article, employee, "Pending", is_public=False)
    discussion.remove_comment(as_request(moderator), comment, "Hors charte")
    assert "Removed by a moderator: Hors charte" in client_for(employee).get(article.url).content.decode()


def test_edit_and_flag_stop_when_comments_are_switched_off(client_for, employee, colleague, article, section):
    mine = make_comment(article, employee, "Mine")
    theirs = make_comment(article, colleague, "Theirs")
    set_policy(section, comments_enabled=False)
    client = client_for(employee)
    assert (
        client.post(reverse("wagtail_social:edit_comment", args=[mine.pk]), {"comment": "x"}).status_code
        == 403
    )
    assert client.post(reverse("wagtail_social:flag_comment", args=[theirs.pk])).status_code == 400
    assert not CommentFlag.objects.exists()


def test_removed_comments_cannot_be_reported_or_approved(client_for, employee, colleague, moderator, article):
    comment = make_comment(article, colleague, "Gone")
    discussion.remove_comment(as_request(moderator), comment, "No")
    assert (
        client_for(employee).post(reverse("wagtail_social:flag_comment", args=[comment.pk])).status_code
        == 400
    )
    client_for(moderator).post(
        reverse("wagtail_social_moderation:edit", args=[comment.pk]), {"action": "approve"}
    )
    comment.refresh_from_db()
    assert comment.is_removed


def test_no_reply_form_where_replies_are_not_allowed(client_for, employee, colleague, article, section):
    set_policy(section, comments_enabled=True, max_depth=0)
    comment = make_comment(article, colleague, "Top")
    html = client_for(employee).get(f"{article.url}?reply_to={comment.pk}").content.decode()
    assert f'id="reply-{comment.pk}"' not in html


def test_resending_a_removed_comment_creates_a_new_one(client_for, employee, moderator, article):
    client = client_for(employee)
    post(client, article, text="Same words")
    discussion.remove_comment(as_request(moderator), XtdComment.objects.get(), "No")
    post(client, article, text="Same words")
    assert XtdComment.objects.filter(is_removed=False).count() == 1


def test_page_panel_refuses_depth_above_the_ceiling(client_for, editor, section):
    from tests.testapp.models import SocialPage

    page = add_page(section, "Owned", model=SocialPage)
    data = {"title": "Owned", "slug": "owned", "social_comments_enabled": "true", "social_max_depth": "99"}
    data.update({"social_moderation": "", "social_closing": "", "social_closes_at": ""})
    response = client_for(editor).post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert not ParticipationPolicy.objects.filter(page=page).exists()


def test_page_panel_records_who_changed_the_policy(client_for, editor, section):
    from wagtail.models import PageLogEntry

    from tests.testapp.models import SocialPage

    page = add_page(section, "Owned", model=SocialPage)
    data = {"title": "Owned", "slug": "owned", "social_comments_enabled": "false", "social_max_depth": ""}
    data.update({"social_moderation": "", "social_closing": "", "social_closes_at": ""})
    client_for(editor).post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert ParticipationPolicy.objects.get(page=page).updated_by == editor
    assert PageLogEntry.objects.filter(page=page, action="wagtail_social.policy.edit", user=editor).exists()
