"""Employees' comment flows through the real endpoints."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_comments.forms import CommentSecurityForm
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from tests.utils import add_page, make_comment, set_policy
from wagtail_social.models import CommentRemoval, CommentRevision
from wagtail_social.models.policy import CLOSING_DATE

pytestmark = pytest.mark.django_db
POST_URL = reverse("wagtail_social:post_comment")


def form_data(page, text="Bonjour à tous", reply_to=0, followup=False, **overrides):
    data = CommentSecurityForm(Page.objects.get(pk=page.pk)).generate_security_data()
    data.update(comment=text, reply_to=str(reply_to))
    if followup:
        data["followup"] = "on"
    data.update(overrides)
    return data


def post(client, page, **kwargs):
    return client.post(POST_URL, form_data(page, **kwargs))


def test_employee_posts_a_comment_under_their_name(client_for, employee, article):
    response = post(client_for(employee), article, text="Très utile, merci")
    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"{article.url}#comment-{comment.pk}")
    assert comment.user == employee
    assert comment.user_name == "Alice Martin"
    assert comment.is_public
    assert comment.ip_address is None
    page = client_for(employee).get(article.url).content.decode()
    assert "Très utile, merci" in page
    assert "1 comment" in page


def test_ip_address_is_stored_only_when_configured(client_for, employee, article, settings):
    settings.WAGTAIL_SOCIAL_STORE_IP_ADDRESS = True
    post(client_for(employee), article, text="avec IP")
    assert XtdComment.objects.get().ip_address == "127.0.0.1"


def test_text_is_escaped_links_clickable_line_breaks_kept(client_for, employee, article):
    client = client_for(employee)
    post(client, article, text="<script>alert(1)</script>\nvoir https://intranet.example/doc")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in html
    assert '<a href="https://intranet.example/doc" rel="nofollow">https://intranet.example/doc</a>' in html


def test_reply_is_threaded_under_its_parent(client_for, employee, colleague, article):
    parent = make_comment(article, colleague, "Question ?")
    post(client_for(employee), article, text="Réponse", reply_to=parent.pk)
    reply = XtdComment.objects.get(comment="Réponse")
    assert reply.parent_id == parent.pk
    assert reply.thread_id == parent.pk
    assert reply.level == 1


def test_reply_beyond_the_policy_depth_is_refused(client_for, employee, colleague, article, section):
    set_policy(section, comments_enabled=True, max_depth=1)
    top = make_comment(article, colleague, "Top")
    reply = make_comment(article, colleague, "Reply", parent=top)
    response = post(client_for(employee), article, text="Too deep", reply_to=reply.pk)
    assert response.status_code == 400
    assert "Replies cannot go deeper than 1 level" in response.content.decode()
    assert not XtdComment.objects.filter(comment="Too deep").exists()
    # and the page offers no reply link at that depth
    html = client_for(employee).get(article.url).content.decode()
    assert f"?reply_to={top.pk}" in html
    assert f"?reply_to={reply.pk}" not in html


def test_reply_to_a_comment_of_another_page_is_refused(client_for, employee, colleague, article, section):
    other = add_page(section, "Other")
    foreign = make_comment(other, colleague, "Elsewhere")
    response = post(client_for(employee), article, text="Cross", reply_to=foreign.pk)
    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="Cross").exists()


def test_reply_form_without_javascript(client_for, employee, colleague, article):
    top = make_comment(article, colleague, "Top")
    html = client_for(employee).get(f"{article.url}?reply_to={top.pk}").content.decode()
    assert f'id="reply-{top.pk}"' in html
    assert f'name="reply_to" value="{top.pk}"' in html


def test_premoderated_comment_is_held_and_shown_only_to_its_author(
    client_for, employee, colleague, article, section
):
    set_policy(section, comments_enabled=True, moderation="pre")
    response = post(client_for(employee), article, text="En attente")
    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert not comment.is_public
    assert "Awaiting moderation" in client_for(employee).get(article.url).content.decode()
    assert "En attente" not in client_for(colleague).get(article.url).content.decode()


def test_postmoderated_comment_is_published_at_once(client_for, employee, colleague, article):
    post(client_for(employee), article, text="Publié")
    assert "Publié" in client_for(colleague).get(article.url).content.decode()


def test_closed_discussion_refuses_comments_and_says_so(client_for, employee, article, section):
    closed_on = timezone.now() - datetime.timedelta(hours=1)
    set_policy(section, comments_enabled=True, closing=CLOSING_DATE, closes_at=closed_on)
    client = client_for(employee)
    response = post(client, article, text="Trop tard")
    assert response.status_code == 403
    assert "This discussion is closed" in response.content.decode()
    assert not XtdComment.objects.exists()
    html = client.get(article.url).content.decode()
    assert "This discussion closed on" in html
    assert 'name="comment"' not in html


def test_comments_off_refuses_posts(client_for, employee, home):
    page = add_page(home, "No comments")
    response = post(client_for(employee), page)
    assert response.status_code == 403
    assert not XtdComment.objects.exists()
    assert "social-comments" not in client_for(employee).get(page.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"comment": ""}, "Write something before posting."),
        ({"comment": "   "}, "Write something before posting."),
        ({"comment": "x" * 3001}, "Your comment is too long: 3001 characters, the limit is 3000."),
    ],
)
def test_invalid_text_gets_a_clear_message_and_keeps_nothing(
    client_for, employee, article, overrides, message
):
    response = client_for(employee).post(POST_URL, {**form_data(article), **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not XtdComment.objects.exists()


def test_too_long_text_is_kept_in_the_form(client_for, employee, article):
    text = "y" * 3001
    response = client_for(employee).post(POST_URL, form_data(article, text=text))
    assert text in response.content.decode()


@pytest.mark.parametrize("field", ["security_hash", "timestamp", "object_pk", "content_type"])
def test_tampered_security_fields_are_refused(client_for, employee, article, section, field):
    other = add_page(section, "Other")
    data = form_data(article)
    data[field] = {
        "security_hash": "0" * 40,
        "timestamp": str(int(data["timestamp"]) - 60),
        "object_pk": str(other.pk),
        "content_type": "auth.user",
    }[field]
    response = client_for(employee).post(POST_URL, data)
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_expired_form_is_refreshed_and_text_kept(client_for, employee, article):
    form = CommentSecurityForm(Page.objects.get(pk=article.pk))
    old = int(timezone.now().timestamp()) - 3 * 3600
    data = {
        "content_type": "wagtailcore.page",
        "object_pk": str(article.pk),
        "timestamp": str(old),
        "security_hash": form.initial_security_hash(old),
        "comment": "Texte précieux",
        "reply_to": "0",
    }
    response = client_for(employee).post(POST_URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "has been refreshed" in html
    assert "Texte précieux" in html
    assert not XtdComment.objects.exists()


def test_unknown_page_is_404(client_for, employee, article):
    response = client_for(employee).post(POST_URL, form_data(article, object_pk="999999"))
    assert response.status_code == 404


def test_get_is_not_allowed(client_for, employee):
    assert client_for(employee).get(POST_URL).status_code == 405


def test_post_without_csrf_token_is_refused(employee, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    assert client.post(POST_URL, form_data(article)).status_code == 403
    assert not XtdComment.objects.exists()


def test_anonymous_is_sent_to_login_and_nothing_stored(client, article):
    response = post(client, article)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]
    assert not XtdComment.objects.exists()


def test_double_submit_stores_one_comment(client_for, employee, article):
    client = client_for(employee)
    post(client, article, text="Une fois")
    post(client, article, text="Une fois")
    assert XtdComment.objects.count() == 1


def test_script_gets_json(client_for, employee, article):
    response = client_for(employee).post(POST_URL, form_data(article, text="ajax"), HTTP_X_WAGTAIL_SOCIAL="1")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    response = client_for(employee).post(POST_URL, form_data(article, text=""), HTTP_X_WAGTAIL_SOCIAL="1")
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


class TestFlag:
    def test_flag_records_one_report_per_person(self, client_for, employee, colleague, article):
        comment = make_comment(article, colleague, "Douteux")
        client = client_for(employee)
        url = reverse("wagtail_social:flag_comment", args=[comment.pk])
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
        assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 1
        assert "Reported" in client.get(article.url).content.decode()

    def test_own_comment_cannot_be_flagged(self, client_for, employee, article):
        comment = make_comment(article, employee, "Mine")
        response = client_for(employee).post(reverse("wagtail_social:flag_comment", args=[comment.pk]))
        assert response.status_code == 400
        assert not CommentFlag.objects.exists()

    def test_flag_needs_post(self, client_for, employee, colleague, article):
        comment = make_comment(article, colleague, "x")
        assert (
            client_for(employee).get(reverse("wagtail_social:flag_comment", args=[comment.pk])).status_code
            == 405
        )


class TestEdit:
    def url(self, comment):
        return reverse("wagtail_social:edit_comment", args=[comment.pk])

    def test_author_edits_within_the_window_history_kept(self, client_for, employee, colleague, article):
        comment = make_comment(article, employee, "Premier jet")
        client = client_for(employee)
        assert client.get(self.url(comment)).status_code == 200
        response = client.post(self.url(comment), {"comment": "Version corrigée"})
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.comment == "Version corrigée"
        assert list(CommentRevision.objects.values_list("text", flat=True)) == ["Premier jet"]
        html = client_for(colleague).get(article.url).content.decode()
        assert "Version corrigée" in html
        assert "edited" in html

    def test_edit_after_the_window_is_refused(self, client_for, employee, article, settings):
        settings.WAGTAIL_SOCIAL_EDIT_WINDOW_MINUTES = 15
        old = timezone.now() - datetime.timedelta(minutes=16)
        comment = make_comment(article, employee, "Ancien", submit_date=old)
        response = client_for(employee).post(self.url(comment), {"comment": "Trop tard"})
        assert response.status_code == 403
        comment.refresh_from_db()
        assert comment.comment == "Ancien"
        assert not CommentRevision.objects.exists()

    def test_other_people_cannot_edit(self, client_for, employee, colleague, article):
        comment = make_comment(article, employee, "À moi")
        response = client_for(colleague).post(self.url(comment), {"comment": "Piraté"})
        assert response.status_code == 403
        comment.refresh_from_db()
        assert comment.comment == "À moi"

    def test_empty_edit_is_refused(self, client_for, employee, article):
        comment = make_comment(article, employee, "Texte")
        response = client_for(employee).post(self.url(comment), {"comment": ""})
        assert response.status_code == 400
        assert "Write something before saving." in response.content.decode()

    def test_editing_does_not_publish_held_replies(self, client_for, employee, colleague, article):
        comment = make_comment(article, employee, "Parent")
        held = make_comment(article, colleague, "Held reply", parent=comment, is_public=False)
        client_for(employee).post(self.url(comment), {"comment": "Parent edited"})
        held.refresh_from_db()
        assert not held.is_public


def test_removed_comment_shows_its_reason(client_for, employee, moderator, article):
    from django.test import RequestFactory

    from wagtail_social import discussion

    comment = make_comment(article, employee, "Hors sujet")
    request = RequestFactory().post("/")
    request.user = moderator
    discussion.remove_comment(request, comment, "Hors charte")
    html = client_for(employee).get(article.url).content.decode()
    assert "Hors sujet" not in html
    assert "Removed by a moderator: Hors charte" in html
    assert XtdComment.objects.filter(pk=comment.pk, is_removed=True).exists()
    assert CommentRemoval.objects.get(comment=comment).removed_by == moderator


class TestFollowUp:
    def test_followers_are_emailed_with_a_working_mute_link(
        self, client_for, employee, colleague, article, django_capture_on_commit_callbacks
    ):
        make_comment(article, colleague, "Je suis", followup=True)
        with django_capture_on_commit_callbacks(execute=True):
            post(client_for(employee), article, text="Nouvelle réponse")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [colleague.email]
        assert "Nouvelle réponse" in message.body
        assert article.title in message.subject
        mute_path = "/social/mute/" + message.body.split("http://testserver/social/mute/")[1].split()[0]
        assert client_for(colleague).post(mute_path).status_code == 200
        assert not XtdComment.objects.filter(user=colleague, followup=True).exists()

    def test_author_is_not_notified_of_their_own_comment(
        self, client_for, employee, article, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post(client_for(employee), article, text="First", followup=True)
            post(client_for(employee), article, text="Second")
        assert mail.outbox == []

    def test_held_comment_notifies_nobody(
        self, client_for, employee, colleague, article, section, django_capture_on_commit_callbacks
    ):
        set_policy(section, comments_enabled=True, moderation="pre")
        make_comment(article, colleague, "Follower", followup=True)
        with django_capture_on_commit_callbacks(execute=True):
            post(client_for(employee), article, text="Held")
        assert mail.outbox == []

    def test_bad_mute_token_is_404(self, client):
        assert client.get(reverse("wagtail_social:mute", args=["forged"])).status_code == 404


class TestPagination:
    def test_long_discussions_are_paginated(self, client_for, employee, article, settings):
        settings.WAGTAIL_SOCIAL_COMMENTS_PER_PAGE = 5
        for number in range(12):
            make_comment(article, employee, f"Comment number {number:02d}")
        client = client_for(employee)
        first = client.get(article.url).content.decode()
        assert "Comment number 11" in first
        assert "Comment number 06" not in first
        assert "Page 1 of 3" in first
        last = client.get(article.url + "?comments_page=3").content.decode()
        assert "Comment number 00" in last
        assert "Comment number 11" not in last

    def test_redirect_after_posting_points_to_the_right_page(
        self, client_for, employee, colleague, article, settings
    ):
        settings.WAGTAIL_SOCIAL_COMMENTS_PER_PAGE = 2
        old = make_comment(article, colleague, "old")
        for number in range(4):
            make_comment(article, colleague, f"newer {number}")
        response = post(client_for(employee), article, text="reply to old", reply_to=old.pk)
        assert "comments_page=3" in response["Location"]
