"""Employees submit, edit and withdraw contributions on a page, through the real endpoints; every
refusal says why and stores nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.contributions_helpers import SUBMIT, make_contribution, submission, switch_on
from tests.utils import add_page, set_policy
from wagtail_social.contributions.models import (
    IDEA,
    QUESTION,
    SUGGESTION,
    Contribution,
    ContributionRevision,
    StatusChange,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


def test_an_idea_is_submitted_and_shown_on_its_page(client_for, employee, colleague, page):
    client = client_for(employee)
    text = "Une appli de covoiturage\n<script>alert(1)</script>"
    response = client.post(SUBMIT, submission(page, text=text))
    idea = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#contribution-{idea.pk}")
    assert (idea.page_id, idea.kind, idea.state, idea.author, idea.support_count) == (
        page.pk,
        IDEA,
        "new",
        employee,
        0,
    )
    html = client_for(colleague).get(page.url).content.decode()
    assert 'id="social-contributions"' in html
    assert "Covoiturage" in html and "Alice Martin" in html and "New" in html
    assert "Une appli de covoiturage<br>&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "0 supports" in html and 'name="action" value="add"' in html


def test_a_question_and_a_suggestion_quoting_the_page(client_for, employee, page):
    client = client_for(employee)
    assert (
        client.post(
            SUBMIT, submission(page, QUESTION, "Quand ?", "Quand commence la formation ?")
        ).status_code
        == 302
    )
    data = submission(page, SUGGESTION, "Coquille", "Il manque un mot", quote="la formation commence le")
    assert client.post(SUBMIT, data).status_code == 302
    question, suggestion = Contribution.objects.order_by("pk")
    assert (question.kind, question.state, question.quote) == (QUESTION, "open", "")
    assert (suggestion.kind, suggestion.state, suggestion.quote) == (
        SUGGESTION,
        "new",
        "la formation commence le",
    )
    html = client.get(page.url).content.decode()
    assert "Open" in html and "<blockquote" in html


def test_each_kind_has_its_labelled_form_only_where_it_is_on(client_for, employee, section):
    set_policy(section, ideas_enabled=True, questions_enabled=False)
    page = add_page(section, "Ideas only")
    html = client_for(employee).get(page.url).content.decode()
    assert 'id="idea-contribution-form"' in html and 'for="id_idea-title"' in html
    assert 'id="question-contribution-form"' not in html
    assert 'enctype="multipart/form-data"' in html  # an idea may carry a file


def test_nothing_is_shown_where_every_kind_is_off(client_for, employee, article):
    make_contribution(article, employee)
    html = client_for(employee).get(article.url).content.decode()
    assert "social-contributions" not in html


def test_a_kind_switched_off_is_refused_and_nothing_stored(client_for, employee, section):
    set_policy(section, ideas_enabled=True, questions_enabled=False)
    page = add_page(section, "Ideas only")
    response = client_for(employee).post(SUBMIT, submission(page, QUESTION))
    assert response.status_code == 403
    assert "Questions are not open on this page." in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_unknown_kind_is_refused(client_for, employee, page):
    response = client_for(employee).post(SUBMIT, submission(page, "complaint"))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, page):
    response = client.post(SUBMIT, submission(page))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(SUBMIT, submission(page), HTTP_X_WAGTAIL_SOCIAL="1").status_code == 401
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"text": ""}, "text"),
        ({"title": "x" * 141}, "title"),
        ({"text": "x" * 5001}, "text"),
    ],
)
def test_empty_or_too_long_fields_are_refused_with_the_error_tied_to_the_field(
    client_for, employee, page, fields, field
):
    data = submission(page)
    data.update({f"idea-{name}": value for name, value in fields.items()})
    response = client_for(employee).post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_idea-{field}-error"' in html
    assert f'aria-describedby="id_idea-{field}-error' in html and 'aria-invalid="true"' in html
    assert not Contribution.objects.exists()


def test_lengths_come_from_the_settings(client_for, employee, page, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_TITLE_MAX_LENGTH = 10
    response = client_for(employee).post(
        SUBMIT, submission(page, title="Onze lettr"), HTTP_X_WAGTAIL_SOCIAL="1"
    )
    assert response.status_code == 200
    response = client_for(employee).post(
        SUBMIT, submission(page, title="Onze lettre"), HTTP_X_WAGTAIL_SOCIAL="1"
    )
    assert response.status_code == 400 and "title" in response.json()["errors"]
    assert Contribution.objects.count() == 1


def test_submissions_are_rate_limited(client_for, employee, page, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SUBMIT_RATE_LIMIT = (1, 60)
    client = client_for(employee)
    assert client.post(SUBMIT, submission(page)).status_code == 302
    response = client.post(SUBMIT, submission(page, title="Encore"))
    assert response.status_code == 429 and response["Retry-After"]
    assert Contribution.objects.count() == 1


def test_closed_participation_takes_no_contribution(client_for, employee, section):
    set_policy(
        section, ideas_enabled=True, closing="date", closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    page = add_page(section, "Closed")
    assert client_for(employee).post(SUBMIT, submission(page)).status_code == 403
    assert not Contribution.objects.exists()


def edit_url(contribution):
    return reverse("wagtail_social_contributions:edit", args=[contribution.pk])


def test_the_author_edits_within_the_window_and_the_history_is_kept(client_for, employee, page):
    idea = make_contribution(page, employee, title="Old title", text="Old text")
    client = client_for(employee)
    assert client.get(edit_url(idea)).status_code == 200
    response = client.post(edit_url(idea), {"edit-title": "New title", "edit-text": "New text"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.text) == ("New title", "New text") and idea.edited_at is not None
    revision = ContributionRevision.objects.get()
    assert (revision.contribution, revision.title, revision.text, revision.editor) == (
        idea,
        "Old title",
        "Old text",
        employee,
    )
    assert "edited" in client.get(page.url).content.decode()


def test_an_edit_with_an_empty_title_is_refused(client_for, employee, page):
    idea = make_contribution(page, employee, title="Kept")
    response = client_for(employee).post(edit_url(idea), {"edit-title": "", "edit-text": "x"})
    assert (
        response.status_code == 400 and 'aria-describedby="id_edit-title-error' in response.content.decode()
    )
    idea.refresh_from_db()
    assert idea.title == "Kept" and not ContributionRevision.objects.exists()


def test_no_edit_after_the_window_or_by_someone_else(client_for, employee, colleague, page, settings):
    old = make_contribution(page, employee, created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert client_for(employee).post(edit_url(old), {"edit-title": "T", "edit-text": "x"}).status_code == 403
    fresh = make_contribution(page, employee)
    assert (
        client_for(colleague).post(edit_url(fresh), {"edit-title": "T", "edit-text": "x"}).status_code == 403
    )
    settings.WAGTAIL_SOCIAL_EDIT_WINDOW_MINUTES = 0
    assert (
        client_for(employee).post(edit_url(fresh), {"edit-title": "T", "edit-text": "x"}).status_code == 403
    )
    assert not ContributionRevision.objects.exists()
    assert set(Contribution.objects.values_list("title", flat=True)) == {"An idea"}


def test_a_withdrawn_contribution_is_kept_and_shown_as_withdrawn(client_for, employee, colleague, page):
    idea = make_contribution(page, employee)
    url = reverse("wagtail_social_contributions:withdraw", args=[idea.pk])
    assert client_for(colleague).post(url).status_code == 403
    assert client_for(employee).post(url).status_code == 302
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None and idea.state == "new"
    assert client_for(employee).post(url).status_code == 403  # once
    html = client_for(colleague).get(page.url).content.decode()
    assert "Withdrawn" in html and 'name="action"' not in html  # no support button
    assert client_for(employee).post(edit_url(idea), {"edit-title": "T", "edit-text": "x"}).status_code == 403


def test_the_page_lists_newest_first_and_paginates(client_for, employee, page, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_PER_PAGE = 2
    now = timezone.now()
    for n in range(3):
        make_contribution(page, employee, title=f"Idea {n}", created_at=now - datetime.timedelta(hours=3 - n))
    client = client_for(employee)
    html = client.get(page.url).content.decode()
    assert html.index("Idea 2") < html.index("Idea 1") and "Idea 0" not in html
    assert "Page 1 of 2" in html
    assert "Idea 0" in client.get(page.url + "?contributions_page=2").content.decode()


def test_a_contribution_has_its_own_page_with_its_discussion(client_for, employee, colleague, page):
    idea = make_contribution(page, employee, title="Covoiturage")
    StatusChange.objects.create(
        contribution=idea, from_state="new", to_state="under_review", changed_by=colleague
    )
    response = client_for(colleague).get(idea.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Covoiturage" in html and "Under review" in html
    # The core's discussion block, on the contribution (comments are on in the section).
    assert 'value="wagtail_social_contributions.contribution"' in html
    assert f'value="{idea.pk}"' in html


def test_a_contribution_of_a_kind_switched_off_is_not_found(client_for, employee, section):
    set_policy(section, ideas_enabled=False, questions_enabled=True)
    page = add_page(section, "Questions only")
    idea = make_contribution(page, employee)
    assert client_for(employee).get(idea.get_absolute_url()).status_code == 404
