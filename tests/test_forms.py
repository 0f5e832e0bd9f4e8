"""Employees' and moderators' text fields through the real endpoints: a NUL character (PostgreSQL
refuses it in text, SQLite would store it) is a form error, never a 500 and never stored."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_comments_xtd.models import XtdComment

from tests.test_comments import POST_URL, form_data
from tests.utils import make_comment, set_policy
from wagtail_social.forms import NULL_CHARACTER_MESSAGE
from wagtail_social.models import CommentRemoval, CommentRevision, HelpfulVote

pytestmark = pytest.mark.django_db
NUL_TEXT = "Avant\x00après"


def shows_the_message(response) -> bool:
    return escape(str(NULL_CHARACTER_MESSAGE)) in response.content.decode()


def test_comment_with_a_nul_is_refused_with_the_form(client_for, employee, article):
    response = client_for(employee).post(POST_URL, form_data(article, text=NUL_TEXT))
    assert response.status_code == 400
    assert shows_the_message(response)
    assert not XtdComment.objects.exists()


def test_comment_with_a_nul_sent_by_the_script_gets_the_error_in_json(client_for, employee, article):
    response = client_for(employee).post(
        POST_URL, form_data(article, text=NUL_TEXT), HTTP_X_WAGTAIL_SOCIAL="1"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["comment"]
    assert [error["message"] for error in errors] == [str(NULL_CHARACTER_MESSAGE)]
    assert not XtdComment.objects.exists()


def test_edit_with_a_nul_is_refused_and_keeps_the_text(client_for, employee, article):
    comment = make_comment(article, employee, "Texte d'origine")
    url = reverse("wagtail_social:edit_comment", args=[comment.pk])
    response = client_for(employee).post(url, {"comment": NUL_TEXT})
    assert response.status_code == 400
    assert shows_the_message(response)
    comment.refresh_from_db()
    assert comment.comment == "Texte d'origine"
    assert not CommentRevision.objects.exists()


def test_helpful_comment_with_a_nul_is_refused(client_for, employee, article):
    set_policy(article, helpful_enabled=True)
    response = client_for(employee).post(
        reverse("wagtail_social:helpful"), {"page": str(article.pk), "helpful": "no", "comment": NUL_TEXT}
    )
    assert response.status_code == 400
    assert shows_the_message(response)
    assert not HelpfulVote.objects.exists()


def test_removal_reason_with_a_nul_is_refused(client_for, moderator, employee, article):
    comment = make_comment(article, employee, "Signalé")
    url = reverse("wagtail_social_moderation:edit", args=[comment.pk])
    response = client_for(moderator).post(url, {"action": "remove", "reason": NUL_TEXT})
    assert response.status_code == 400
    assert shows_the_message(response)
    comment.refresh_from_db()
    assert not comment.is_removed
    assert not CommentRemoval.objects.exists()
