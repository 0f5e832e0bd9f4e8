"""Reporting a comment (issue 11): a reason, withdrawn by its author, hidden after N reports from
different people until a moderator decides, and every removed comment shows its reason where it
stood (a held one too)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_comments.models import CommentFlag

from tests.utils import make_comment, make_user
from wagtail_social import discussion
from wagtail_social.models import CommentReport

pytestmark = pytest.mark.django_db


def flag(client, comment, **data):
    return client.post(reverse("wagtail_social:flag_comment", args=[comment.pk]), data)


def test_a_report_carries_its_reason(client_for, employee, colleague, article):
    comment = make_comment(article, employee, "Rude words")
    response = flag(client_for(colleague), comment, reason="offensive", text="Insults")
    assert response.status_code == 302
    report = CommentReport.objects.get(flag__comment=comment, flag__user=colleague)
    assert (report.reason, report.text) == ("offensive", "Insults")


def test_a_report_without_reason_is_other_and_an_unknown_reason_is_refused(
    client_for, employee, colleague, article
):
    comment = make_comment(article, employee, "Text")
    flag(client_for(colleague), comment)
    assert CommentReport.objects.get(flag__comment=comment).reason == "other"
    other = make_comment(article, employee, "Text 2")
    assert flag(client_for(colleague), other, reason="boring").status_code == 400
    assert not CommentFlag.objects.filter(comment=other).exists()


def test_the_author_of_a_report_withdraws_it(client_for, employee, colleague, article):
    comment = make_comment(article, employee, "Text")
    client = client_for(colleague)
    flag(client, comment, reason="off_topic")
    assert "Withdraw my report" in client.get(article.url).content.decode()
    response = client.post(reverse("wagtail_social:withdraw_report", args=[comment.pk]))
    assert response.status_code == 302
    assert not CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    assert not CommentReport.objects.exists()
    again = client.post(reverse("wagtail_social:withdraw_report", args=[comment.pk]))
    assert again.status_code == 400


def test_someone_else_cannot_withdraw_a_report(client_for, employee, colleague, outsider, article):
    comment = make_comment(article, employee, "Text")
    flag(client_for(colleague), comment)
    response = client_for(outsider).post(reverse("wagtail_social:withdraw_report", args=[comment.pk]))
    assert response.status_code == 400
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 1


def test_reports_from_n_different_people_hide_the_comment_until_a_moderator_keeps_it(
    client, client_for, employee, moderator, article, rf, settings
):
    comment = make_comment(article, employee, "Contested text")
    reporters = [make_user(f"r{i}") for i in range(3)]
    for reporter in reporters[:2]:
        flag(client_for(reporter), comment)
    client.logout()
    assert "Contested text" in client.get(article.url).content.decode()
    flag(client_for(reporters[2]), comment)
    client.logout()
    assert "Contested text" not in client.get(article.url).content.decode()
    # Its author still sees it.
    assert "Contested text" in client_for(employee).get(article.url).content.decode()
    request = rf.post("/")
    request.user = moderator
    discussion.approve_comment(request, comment)
    client.logout()
    assert "Contested text" in client.get(article.url).content.decode()


def test_the_threshold_is_a_setting(client, client_for, employee, colleague, article, settings):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 1
    comment = make_comment(article, employee, "Contested text")
    flag(client_for(colleague), comment)
    client.logout()
    assert "Contested text" not in client.get(article.url).content.decode()


def test_a_threshold_below_one_is_refused_by_the_checks(settings):
    from django.core.management.base import SystemCheckError

    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 0
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_a_removed_held_comment_shows_its_reason_to_every_reader(
    client, colleague, client_for, employee, moderator, article, rf
):
    comment = make_comment(article, employee, "Held and bad", is_public=False)
    request = rf.post("/")
    request.user = moderator
    discussion.remove_comment(request, comment, "Off-topic advertising")
    for html in (client_for(colleague).get(article.url).content.decode(),):
        assert "Off-topic advertising" in html
        assert "Held and bad" not in html
        assert "Awaiting moderation" not in html


def test_the_review_screen_shows_the_reasons_and_the_thread(
    client_for, employee, colleague, moderator, article
):
    parent = make_comment(article, colleague, "The question asked")
    comment = make_comment(article, employee, "A rude answer", parent=parent)
    make_comment(article, colleague, "A reply to it", parent=comment)
    flag(client_for(colleague), comment, reason="personal_data", text="Phone number")
    html = (
        client_for(moderator)
        .get(reverse("wagtail_social_moderation:edit", args=[comment.pk]))
        .content.decode()
    )
    assert "Personal data: Phone number" in html
    assert "The question asked" in html
    assert "A reply to it" in html


def test_a_comment_hidden_by_reports_can_still_be_reported_and_reports_withdrawn(
    client_for, employee, article, settings
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 1
    comment = make_comment(article, employee, "Contested")
    first, second = make_user("r1"), make_user("r2")
    flag(client_for(first), comment)
    assert flag(client_for(second), comment).status_code == 302
    response = client_for(first).post(reverse("wagtail_social:withdraw_report", args=[comment.pk]))
    assert response.status_code == 302
