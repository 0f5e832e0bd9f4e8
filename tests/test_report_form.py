"""The "Report" button of a comment offers the reasons (issue 11): a ``<details>`` disclosure
holding a form that works without JavaScript, on a page's discussion and on a contribution's;
once reported, a "Withdraw my report" button stands where the report was
(``rendering.CommentListRenderer.report``)."""

import re

import pytest
from django.urls import reverse

from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page, make_comment, set_policy
from wagtail_social.models import CommentReport, ReportReason

pytestmark = pytest.mark.django_db


def report_form(html: str, comment) -> str:
    action = reverse("wagtail_social:flag_comment", args=[comment.pk])
    found = re.search(r'<details class="social-report".*?</details>', html, re.S)
    assert found, "no report disclosure"
    block = found.group(0)
    assert f'action="{action}"' in block
    return block


def post_what_the_form_offers(client, block: str, reason: str, text: str):
    action = re.search(r'action="([^"]+)"', block).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', block).group(1)
    return client.post(action, {"csrfmiddlewaretoken": token, "reason": reason, "text": text})


def test_the_report_button_opens_the_reasons(client_for, employee, colleague, article):
    comment = make_comment(article, employee, "Hors sujet")
    html = client_for(colleague).get(article.url).content.decode()
    block = report_form(html, comment)
    assert (
        '<summary class="social-link" aria-label="Report the comment by Alice Martin to moderators">Report</summary>'
        in block
    )
    assert "<legend>Why report this comment?</legend>" in block
    for value, label in ReportReason.choices:
        assert f'<input type="radio" name="reason" value="{value}" required> {label}</label>' in block
    assert f'<label for="report-{comment.pk}-text">Details (optional)</label>' in block
    assert f'<textarea id="report-{comment.pk}-text" name="text"' in block


def test_reporting_with_a_reason_then_withdrawing_without_javascript(
    client_for, employee, colleague, article
):
    comment = make_comment(article, employee, "Des données perso")
    client = client_for(colleague)
    block = report_form(client.get(article.url).content.decode(), comment)
    response = post_what_the_form_offers(client, block, "personal_data", "Un numéro de téléphone")
    assert response.status_code == 302
    report = CommentReport.objects.get(flag__comment=comment, flag__user=colleague)
    assert (report.reason, report.text) == ("personal_data", "Un numéro de téléphone")
    html = client.get(article.url).content.decode()
    assert '<details class="social-report"' not in html
    withdraw = reverse("wagtail_social:withdraw_report", args=[comment.pk])
    assert f'action="{withdraw}"' in html
    assert (
        'aria-label="Withdraw my report on the comment by Alice Martin">Withdraw my report</button>' in html
    )
    assert client.post(withdraw).status_code == 302
    assert not CommentReport.objects.exists()
    report_form(client.get(article.url).content.decode(), comment)


def test_no_report_button_on_ones_own_comment_nor_for_anonymous_visitors(
    client, client_for, employee, article
):
    make_comment(article, employee, "Le mien")
    assert '<details class="social-report"' not in client.get(article.url).content.decode()
    assert '<details class="social-report"' not in client_for(employee).get(article.url).content.decode()


def test_a_comment_of_a_contribution_is_reported_with_a_reason(client_for, employee, colleague, section):
    set_policy(section, comments_enabled=True)
    page = add_page(section, "Cantine")
    switch_on(page)
    idea = make_contribution(page, colleague, title="Menus végétariens")
    comment = make_comment(idea, employee, "Hors sujet total")
    client = client_for(colleague)
    block = report_form(client.get(idea.get_absolute_url()).content.decode(), comment)
    response = post_what_the_form_offers(client, block, "off_topic", "")
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    assert CommentReport.objects.get(flag__comment=comment).reason == "off_topic"
