"""Reporting a contribution itself (issue 11): the reasons' disclosure on its own page, one
report per person, withdrawal, its own refused with a message, hidden after N reports from
different people (a notice in its place for everyone but its author, in the page's listing too)
until a moderator keeps it or removes it with a reason (``contributions/reporting.py``,
``report_views.py``, ``report_display.py``)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry

from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page, make_user, restrict_to_groups
from wagtail_social import searching
from wagtail_social.contributions import reporting
from wagtail_social.contributions.models import Contribution, ContributionReport
from wagtail_social.models import ReportReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(article, employee):
    switch_on(article)
    return make_contribution(article, employee, title="Cafétéria bio", text="Des repas bio le mardi")


def report_url(contribution) -> str:
    return reverse("wagtail_social_contributions:report", args=[contribution.pk])


def withdraw_url(contribution) -> str:
    return reverse("wagtail_social_contributions:withdraw_report", args=[contribution.pk])


def report_block(html: str, contribution) -> str:
    found = re.search(r'<details class="social-report".*?</details>', html, re.S)
    assert found, "no report disclosure"
    assert f'action="{report_url(contribution)}"' in found.group(0)
    return found.group(0)


def moderator_request(rf, moderator):
    request = rf.post("/")
    request.user = moderator
    return request


def test_the_contribution_offers_the_same_reasons_as_a_comment(client_for, colleague, idea):
    block = report_block(client_for(colleague).get(idea.get_absolute_url()).content.decode(), idea)
    assert (
        '<summary class="social-link" aria-label="Report the contribution by Alice Martin to moderators">'
        "Report</summary>" in block
    )
    assert "<legend>Why report this contribution?</legend>" in block
    for value, label in ReportReason.choices:
        assert f'<input type="radio" name="reason" value="{value}" required> {label}</label>' in block
    assert 'name="csrfmiddlewaretoken"' in block
    assert f'<label for="contribution-report-{idea.pk}-text">Details (optional)</label>' in block


def test_reporting_with_a_reason_then_withdrawing_without_javascript(client_for, colleague, idea):
    client = client_for(colleague)
    response = client.post(report_url(idea), {"reason": "personal_data", "text": "Un numéro"})
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}#contribution-{idea.pk}"
    report = ContributionReport.objects.get(contribution=idea, user=colleague)
    assert (report.reason, report.text, report.decided_at) == ("personal_data", "Un numéro", None)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert '<details class="social-report"' not in html
    assert f'action="{withdraw_url(idea)}"' in html
    assert 'aria-label="Withdraw my report on the contribution by Alice Martin">Withdraw my report<' in html
    assert client.post(withdraw_url(idea)).status_code == 302
    assert not ContributionReport.objects.exists()
    assert client.post(withdraw_url(idea)).status_code == 400  # nothing left to withdraw
    report_block(client.get(idea.get_absolute_url()).content.decode(), idea)


def test_a_script_gets_json(client_for, colleague, idea):
    response = client_for(colleague).post(
        report_url(idea), {"reason": "offensive"}, HTTP_X_WAGTAIL_SOCIAL="1"
    )
    assert response.json() == {
        "ok": True,
        "id": idea.pk,
        "message": "Thank you: moderators will look at this contribution.",
    }


def test_ones_own_contribution_is_refused_with_a_clear_message(client_for, employee, idea):
    client = client_for(employee)
    assert '<details class="social-report"' not in client.get(idea.get_absolute_url()).content.decode()
    response = client.post(report_url(idea), {"reason": "other"})
    assert response.status_code == 400
    assert "You cannot report your own contribution." in response.content.decode()
    scripted = client.post(report_url(idea), {"reason": "other"}, HTTP_X_WAGTAIL_SOCIAL="1")
    assert scripted.json() == {"ok": False, "message": "You cannot report your own contribution."}
    assert not ContributionReport.objects.exists()


def test_visitors_are_sent_to_log_in_and_get_no_button(client, idea):
    assert '<details class="social-report"' not in client.get(idea.get_absolute_url()).content.decode()
    response = client.post(report_url(idea), {"reason": "offensive"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ContributionReport.objects.exists()


def test_an_unknown_reason_is_refused_and_none_is_other(client_for, colleague, outsider, idea):
    assert client_for(colleague).post(report_url(idea), {"reason": "boring"}).status_code == 400
    assert not ContributionReport.objects.exists()
    client_for(outsider).post(report_url(idea))
    assert ContributionReport.objects.get().reason == "other"


def test_one_report_per_person_decided_by_the_database(client_for, colleague, idea):
    client = client_for(colleague)
    client.post(report_url(idea), {"reason": "off_topic"})
    client.post(report_url(idea), {"reason": "offensive", "text": "Second thoughts"})
    report = ContributionReport.objects.get()
    assert (report.reason, report.text) == ("offensive", "Second thoughts")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionReport.objects.create(contribution=idea, user=colleague, reason="other")


def test_the_per_person_rate_limit_of_reports(client_for, colleague, article, employee, settings):
    settings.WAGTAIL_SOCIAL_FLAG_RATE_LIMIT = (1, 60)
    switch_on(article)
    first, second = (make_contribution(article, employee, title=t) for t in ("One", "Two"))
    client = client_for(colleague)
    assert client.post(report_url(first), {"reason": "other"}).status_code == 302
    refused = client.post(report_url(second), {"reason": "other"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert ContributionReport.objects.count() == 1


def test_n_reports_from_different_people_hide_it_from_all_but_its_author(
    client, client_for, employee, article, idea, settings, tmp_path
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 2
    settings.MEDIA_ROOT = tmp_path
    idea.document = get_document_model().objects.create(title="Plan bio", file=ContentFile(b"%PDF", "p.pdf"))
    idea.save()
    first, second, reader = make_user("r1"), make_user("r2"), make_user("r3")
    client_for(first).post(report_url(idea), {"reason": "offensive"})
    client_for(first).post(report_url(idea), {"reason": "off_topic"})  # the same person again: one
    client.logout()
    assert "Cafétéria bio" in client.get(idea.get_absolute_url()).content.decode()
    client_for(second).post(report_url(idea), {"reason": "offensive"})
    idea.refresh_from_db()
    assert idea.is_hidden
    document = reverse("wagtail_social_contributions:document", args=[idea.pk])
    for viewer in (None, reader, second):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        for url in (idea.get_absolute_url(), article.url):
            html = client.get(url).content.decode()
            assert "Cafétéria bio" not in html and "Des repas bio" not in html
            assert "Hidden after reports from several readers, until a moderator decides." in html
        assert client.get(document).status_code == 404
    # The reporter may still withdraw; its author reads it, told that only they can.
    assert "Withdraw my report" in client_for(second).get(idea.get_absolute_url()).content.decode()
    html = client_for(employee).get(idea.get_absolute_url()).content.decode()
    assert "Cafétéria bio" in html and "Awaiting moderation: only you can see it" in html
    assert client_for(employee).get(document).status_code == 200
    # A withdrawal below the number shows it again.
    client_for(second).post(withdraw_url(idea))
    client.logout()
    assert "Cafétéria bio" in client.get(idea.get_absolute_url()).content.decode()


def test_a_hidden_idea_takes_no_support_and_is_not_searchable(employee, idea, settings, client_for):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 1
    reporting.report(idea, make_user("r1"), "offensive")
    idea.refresh_from_db()
    assert not idea.takes_supports
    assert not Contribution.get_indexed_objects().filter(pk=idea.pk).exists()


def test_a_moderator_keeps_it_closing_the_reports_then_a_new_report_opens_again(
    client, moderator, idea, rf, settings
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 1
    reporter = make_user("r1")
    assert reporting.report(idea, reporter, "offensive") is True
    reporting.approve(moderator_request(rf, moderator), idea)
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert ContributionReport.objects.get().decided_at is not None
    assert "Cafétéria bio" in client.get(idea.get_absolute_url()).content.decode()
    assert ModelLogEntry.objects.filter(action="wagtail_social.contribution.approve").count() == 1
    assert reporting.report(idea, reporter, "other") is True  # the same row, open again
    idea.refresh_from_db()
    assert idea.is_hidden and ContributionReport.objects.get().decided_at is None


def test_a_removal_shows_its_reason_to_everyone_and_is_in_the_audit_log(
    client, client_for, employee, colleague, moderator, article, idea, rf
):
    client_for(colleague).post(report_url(idea), {"reason": "offensive"})
    reporting.remove(moderator_request(rf, moderator), idea, "Publicité hors charte")
    for viewer in (None, employee, colleague):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        for url in (idea.get_absolute_url(), article.url):
            html = client.get(url).content.decode()
            assert "Removed by a moderator: Publicité hors charte" in html
            assert "Cafétéria bio" not in html and "Des repas bio" not in html
    entry = ModelLogEntry.objects.get(action="wagtail_social.contribution.remove")
    assert (entry.user, entry.data["reason"], int(entry.object_id)) == (
        moderator,
        "Publicité hors charte",
        idea.pk,
    )
    assert ContributionReport.objects.get().decided_at is not None
    # No more reports, no edit of what was removed.
    assert client_for(colleague).post(report_url(idea), {"reason": "other"}).status_code == 400
    assert (
        client_for(employee).get(reverse("wagtail_social_contributions:edit", args=[idea.pk])).status_code
        == 403
    )
    reporting.restore(moderator_request(rf, moderator), idea)
    assert "Cafétéria bio" in client.get(idea.get_absolute_url()).content.decode()
    assert ModelLogEntry.objects.filter(action="wagtail_social.contribution.restore").exists()


def test_a_non_member_of_a_private_community_gets_404(client_for, home, members, member, outsider):
    community = add_page(home, "Club")
    restrict_to_groups(community, members)
    switch_on(community)
    secret = make_contribution(add_page(community, "Sujet"), member, title="Secret")
    for url in (report_url(secret), withdraw_url(secret)):
        assert client_for(outsider).post(url, {"reason": "offensive"}).status_code == 404
    assert not ContributionReport.objects.exists()


def test_a_hidden_or_removed_contribution_is_not_offered_as_similar(
    client_for, colleague, employee, moderator, article, rf, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 1
    switch_on(article)
    similar = reverse("wagtail_social_contributions:similar")
    query = {"page": article.pk, "kind": "idea", "q": "Covoiturage"}
    with django_capture_on_commit_callbacks(execute=True):
        hidden = make_contribution(article, employee, title="Covoiturage du lundi")
        removed = make_contribution(article, employee, title="Covoiturage du mardi")
        searching.reindex(Contribution, hidden.pk)
        searching.reindex(Contribution, removed.pk)
    html = client_for(colleague).get(similar, query).content.decode()
    assert "Covoiturage du lundi" in html and "Covoiturage du mardi" in html
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report(hidden, make_user("r1"), "offensive")
        reporting.remove(moderator_request(rf, moderator), removed, "Doublon")
    html = client_for(colleague).get(similar, query).content.decode()
    assert "Covoiturage du" not in html
