"""Official answers (draft, publish, edit) and accepted answers of questions (``answers.py``),
on the contribution's page and through the accept endpoint."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.contributions_helpers import make_contribution, managers_group, switch_on
from tests.utils import add_page, make_comment, make_user
from wagtail_social.contributions import answers
from wagtail_social.contributions.models import QUESTION, Contribution, OfficialAnswer, StatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


@pytest.fixture
def manager(db):
    return make_user("manon", managers_group(), first_name="Manon", last_name="Gérante")


@pytest.fixture
def question(page, employee):
    return make_contribution(page, employee, QUESTION, title="Quand commence la formation ?")


def accept_url(contribution):
    return reverse("wagtail_social_contributions:accept", args=[contribution.pk])


def test_a_draft_is_invisible_then_published_above_the_discussion(client_for, manager, employee, question):
    answers.save_official_answer(question, manager, "Le 3 mars.", publish=False)
    html = client_for(employee).get(question.get_absolute_url()).content.decode()
    assert "Le 3 mars." not in html and "Official answer" not in html
    question.refresh_from_db()
    assert question.state == "open"
    answers.save_official_answer(question, manager, "Le 3 mars, en salle B.", publish=True)
    html = client_for(employee).get(question.get_absolute_url()).content.decode()
    assert "Le 3 mars, en salle B." in html and "Manon Gérante" in html
    assert html.index('id="official-answer"') < html.index("data-social-discussion")
    question.refresh_from_db()
    assert question.state == "answered"
    assert StatusChange.objects.get().to_state == "answered"


def test_editing_a_published_answer_keeps_it_published_and_records_the_edit(manager, question):
    first = answers.save_official_answer(question, manager, "Le 3 mars.", publish=True)
    published_at = first.published_at
    edited = answers.save_official_answer(question, manager, "Le 4 mars.", publish=False)
    assert edited.is_published and edited.published_at == published_at and edited.edited_at is not None
    assert OfficialAnswer.objects.get().text == "Le 4 mars."
    entry = ModelLogEntry.objects.get(action=answers.EDIT_ACTION)
    assert entry.data == {"previous": "Le 3 mars."}
    assert ModelLogEntry.objects.filter(action=answers.PUBLISH_ACTION).count() == 1
    assert StatusChange.objects.count() == 1  # answered once, not again on the edit


def test_only_managers_answer(employee, question):
    with pytest.raises(answers.AnswerRefused):
        answers.save_official_answer(question, employee, "Moi je sais", publish=True)
    assert not OfficialAnswer.objects.exists()


def test_the_author_accepts_an_answer_shown_first_and_the_question_is_answered(
    client_for, employee, colleague, question
):
    older = make_comment(question, colleague, "Demande aux RH")
    good = make_comment(question, colleague, "Le 3 mars, c'est dans l'intranet")
    client = client_for(employee)
    assert "social-contribution__accept" in client.get(question.get_absolute_url()).content.decode()
    response = client.post(accept_url(question), {"comment": good.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer_id == good.pk and question.state == "answered"
    html = client.get(question.get_absolute_url()).content.decode()
    accepted = html[html.index('id="accepted-answer"') :]
    assert (
        "Accepted answer" in accepted and "c&#x27;est dans l&#x27;intranet" in accepted.split("</section>")[0]
    )
    # One at a time: another mark replaces it; unmarking leaves the state.
    client.post(accept_url(question), {"comment": older.pk})
    question.refresh_from_db()
    assert question.accepted_answer_id == older.pk
    client.post(accept_url(question), {})
    question.refresh_from_db()
    assert question.accepted_answer_id is None and question.state == "answered"
    assert ModelLogEntry.objects.filter(action=answers.ACCEPT_ACTION).count() == 2
    assert ModelLogEntry.objects.filter(action=answers.UNACCEPT_ACTION).count() == 1


def test_a_manager_accepts_an_answer(client_for, manager, colleague, question):
    comment = make_comment(question, colleague, "Le 3 mars")
    assert client_for(manager).post(accept_url(question), {"comment": comment.pk}).status_code == 302
    assert Contribution.objects.get().accepted_answer_id == comment.pk


def test_others_may_not_accept_and_nothing_is_stored(client_for, colleague, outsider, question):
    comment = make_comment(question, colleague, "Le 3 mars")
    for user in (colleague, outsider):
        client = client_for(user)
        assert "social-contribution__accept" not in client.get(question.get_absolute_url()).content.decode()
        assert client.post(accept_url(question), {"comment": comment.pk}).status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer_id is None and question.state == "open"


def test_only_published_answers_of_this_question_can_be_accepted(
    client_for, employee, colleague, page, question
):
    other = make_contribution(page, colleague, QUESTION, title="Autre")
    elsewhere = make_comment(other, colleague, "Ailleurs")
    removed = make_comment(question, colleague, "Retiré", is_removed=True)
    client = client_for(employee)
    for comment in (elsewhere, removed):
        assert client.post(accept_url(question), {"comment": comment.pk}).status_code == 400
    assert client.post(accept_url(question), {"comment": "x"}).status_code == 400
    assert Contribution.objects.get(pk=question.pk).accepted_answer_id is None


def test_ideas_have_no_accepted_answer(client_for, employee, colleague, page):
    idea = make_contribution(page, employee)
    comment = make_comment(idea, colleague, "Bravo")
    assert client_for(employee).post(accept_url(idea), {"comment": comment.pk}).status_code == 403


def test_a_question_of_a_page_one_may_not_see_is_not_found(client_for, outsider, member, community_page):
    switch_on(community_page)
    question = make_contribution(community_page, member, QUESTION)
    comment = make_comment(question, member, "Réponse")
    assert client_for(outsider).post(accept_url(question), {"comment": comment.pk}).status_code == 404
