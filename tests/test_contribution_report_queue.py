"""Reported contributions for the moderators (issue 11): in the community queue with their
reports and reasons, bulk kept or removed with one reason through the same removal and the
audit log, their review screen, a section's moderators seeing their section only, and "a new item
to moderate" when reports hide one (``contributions/report_queue.py``, ``report_admin.py``,
``report_notices.py``)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.contributions_helpers import make_contribution, switch_on
from tests.test_moderation_notices import people, recipients, section_moderators  # noqa: F401
from tests.utils import add_page, make_user
from wagtail_social.contributions import reporting
from wagtail_social.contributions.models import QUESTION, Contribution, ContributionReport

pytestmark = pytest.mark.django_db
QUEUE = reverse("wagtail_social_admin:queue")


def review_url(contribution) -> str:
    return reverse("wagtail_social_contribution_moderation:review", args=[contribution.pk])


@pytest.fixture
def reported(article, employee, colleague, outsider):
    switch_on(article)
    idea = make_contribution(article, employee, title="Idée signalée")
    question = make_contribution(article, colleague, kind=QUESTION, title="Question signalée ?")
    quiet = make_contribution(article, employee, title="Idée tranquille")
    reporting.report(idea, colleague, "offensive", "Insultes")
    reporting.report(idea, outsider, "personal_data")
    reporting.report(question, employee, "off_topic")
    return idea, question, quiet


def test_the_queue_lists_reported_contributions_with_their_reasons(client_for, moderator, reported):
    html = client_for(moderator).get(QUEUE).content.decode()
    assert "Idée signalée" in html and "Question signalée ?" in html
    assert "Idée tranquille" not in html  # a moderator is not a manager: nothing reported there
    assert "Reported: Offensive, Personal data" in html
    assert "Reported: Off topic" in html
    assert f'value="contribution_reports:{reported[0].pk}"' in html
    assert review_url(reported[0]) in html
    html = client_for(moderator).get(f"{QUEUE}?reports=2").content.decode()
    assert "Idée signalée" in html and "Question signalée ?" not in html
    html = client_for(moderator).get(f"{QUEUE}?kind=question&state=reported").content.decode()
    assert "Question signalée ?" in html and "Idée signalée" not in html
    html = client_for(moderator).get(f"{QUEUE}?state=held").content.decode()
    assert "signalée" not in html


def test_bulk_remove_with_one_reason_and_the_audit_log(client_for, moderator, reported, client):
    idea, question, _quiet = reported
    response = client_for(moderator).post(
        QUEUE,
        {
            "action": "remove",
            "reason": "Contraire à la charte",
            "item": [f"contribution_reports:{idea.pk}", f"contribution_reports:{question.pk}"],
        },
    )
    assert response.status_code == 302
    assert set(
        Contribution.objects.filter(removed_at__isnull=False).values_list("removal_reason", flat=True)
    ) == {"Contraire à la charte"}
    entries = ModelLogEntry.objects.filter(action="wagtail_social.contribution.remove")
    assert {int(e.object_id) for e in entries} == {idea.pk, question.pk}
    assert {e.data["reason"] for e in entries} == {"Contraire à la charte"}
    assert not ContributionReport.objects.filter(decided_at__isnull=True).exists()
    assert "signalée" not in client.get(QUEUE).content.decode()
    client.logout()
    assert (
        "Removed by a moderator: Contraire à la charte"
        in client.get(idea.get_absolute_url()).content.decode()
    )


def test_bulk_approve_keeps_them(client_for, moderator, reported, settings):
    idea = reported[0]
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 2
    Contribution.objects.filter(pk=idea.pk).update(hidden_at="2026-11-30T10:00:00Z")
    client_for(moderator).post(QUEUE, {"action": "approve", "item": [f"contribution_reports:{idea.pk}"]})
    idea.refresh_from_db()
    assert idea.hidden_at is None and idea.removed_at is None
    assert not ContributionReport.objects.filter(contribution=idea, decided_at__isnull=True).exists()
    assert ModelLogEntry.objects.filter(action="wagtail_social.contribution.approve").count() == 1


def test_the_review_screen_shows_the_reports_and_decides(client_for, moderator, reported):
    idea = reported[0]
    client = client_for(moderator)
    html = client.get(review_url(idea)).content.decode()
    assert "Offensive: Insultes" in html and "Personal data" in html
    assert "Keep (dismiss reports)" in html and "Remove with this reason" in html
    assert client.post(review_url(idea), {"action": "remove", "reason": ""}).status_code == 400
    assert client.post(review_url(idea), {"action": "remove", "reason": "Hors charte"}).status_code == 302
    idea.refresh_from_db()
    assert idea.removal_reason == "Hors charte" and idea.removed_by == moderator
    assert "Restore" in client.get(review_url(idea)).content.decode()
    assert client.post(review_url(idea), {"action": "approve"}).status_code == 302  # refused: restore first
    idea.refresh_from_db()
    assert idea.is_removed
    client.post(review_url(idea), {"action": "restore"})
    idea.refresh_from_db()
    assert not idea.is_removed


def test_a_section_moderator_sees_and_decides_in_their_section_only(client_for, home, section, reported):
    other = add_page(home, "Autre section")
    stranger = make_user("oscar", section_moderators(other, "Other managers"))
    client = client_for(stranger)
    assert "signalée" not in client.get(QUEUE).content.decode()
    assert client.get(review_url(reported[0])).status_code == 404
    client.post(
        QUEUE, {"action": "remove", "reason": "x", "item": [f"contribution_reports:{reported[0].pk}"]}
    )
    assert not Contribution.objects.filter(removed_at__isnull=False).exists()
    insider = make_user("helene", section_moderators(section, "HR managers"))
    assert "Idée signalée" in client_for(insider).get(QUEUE).content.decode()


def test_employees_cannot_open_the_review_screen(client_for, colleague, reported):
    assert client_for(colleague).get(review_url(reported[0])).status_code in (302, 403)


def test_hidden_by_reports_is_announced_once_to_the_sections_moderators(
    client_for,
    article,
    employee,
    colleague,
    outsider,
    people,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 2
    settings.WAGTAIL_SOCIAL_BASE_URL = "https://intranet.example"
    switch_on(article)
    idea = make_contribution(article, employee, title="Idée contestée")
    url = reverse("wagtail_social_contributions:report", args=[idea.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(colleague).post(url, {"reason": "offensive"})
    assert mail.outbox == []  # one report: not hidden yet
    with django_capture_on_commit_callbacks(execute=True):
        client_for(outsider).post(url, {"reason": "offensive"})
    assert recipients() == ["helene@example.com", "sylvie@example.com"]
    message = mail.outbox[0]
    assert message.subject == "To moderate: a contribution hidden by reports on “Article”"
    assert "“Idée contestée” (Idea, on “Article”) was reported by several people" in message.body
    assert "https://intranet.example" + review_url(idea) in message.body
    assert "List-Unsubscribe" in message.extra_headers
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(make_user("zoe")).post(url, {"reason": "other"})
        client_for(colleague).post(url, {"reason": "off_topic"})  # renewed
    assert mail.outbox == []
