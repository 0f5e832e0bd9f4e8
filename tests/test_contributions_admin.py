"""The managers' "Contributions" screens (``admin_views.py``): listing and its filters, access,
the review screen's actions and the bulk status change."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.contributions_helpers import (
    ADMIN_INDEX,
    admin_review_url,
    make_contribution,
    managers_group,
    switch_on,
)
from tests.utils import add_page, make_user
from wagtail_social.contributions.models import (
    QUESTION,
    SUGGESTION,
    Contribution,
    OfficialAnswer,
    StatusChange,
)

pytestmark = pytest.mark.django_db
BULK = reverse("wagtail_social_contributions_admin:bulk_status")


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


@pytest.fixture
def managers(db):
    return managers_group()


@pytest.fixture
def manager(managers):
    return make_user("manon", managers, first_name="Manon", last_name="Gérante")


def listing(client, query="") -> str:
    return client.get(ADMIN_INDEX + query).content.decode()


def test_listing_filters_by_kind_state_assignee_section_and_title(client_for, manager, employee, page, home):
    other = add_page(home, "Autre section")
    switch_on(other)
    make_contribution(page, employee, title="Idée covoiturage")
    make_contribution(page, employee, QUESTION, title="Question cantine")
    make_contribution(page, employee, SUGGESTION, title="Suggestion coquille", state="under_review")
    make_contribution(other, employee, title="Idée ailleurs", assignee=manager)
    client = client_for(manager)
    everything = listing(client)
    for title in ("Idée covoiturage", "Question cantine", "Suggestion coquille", "Idée ailleurs"):
        assert title in everything
    assert "Question cantine" in listing(client, "?kind=question")
    assert "Idée covoiturage" not in listing(client, "?kind=question")
    under_review = listing(client, "?state=under_review")
    assert "Suggestion coquille" in under_review and "Idée covoiturage" not in under_review
    assigned = listing(client, f"?assignee={manager.pk}")
    assert "Idée ailleurs" in assigned and "Idée covoiturage" not in assigned
    in_section = listing(client, f"?section={other.pk}")
    assert "Idée ailleurs" in in_section and "Idée covoiturage" not in in_section
    searched = listing(client, "?q=cantine")
    assert "Question cantine" in searched and "Idée covoiturage" not in searched


def test_the_overdue_filter_lists_open_questions_past_their_target(client_for, manager, employee, page):
    """The listing's overdue filter is a hook (``filter_overdue_contributions``) that the answer
    targets fill with their own definition (``answer_targets.overdue``)."""
    late = make_contribution(page, employee, QUESTION, title="Vieille question")
    recent = make_contribution(page, employee, QUESTION, title="Nouvelle question")
    Contribution.objects.filter(pk=late.pk).update(answer_due_at=timezone.now() - datetime.timedelta(days=3))
    Contribution.objects.filter(pk=recent.pk).update(
        answer_due_at=timezone.now() + datetime.timedelta(days=1)
    )
    html = listing(client_for(manager), "?overdue=true")
    assert 'name="overdue"' in html
    assert "Vieille question" in html and "Nouvelle question" not in html


def test_pages_a_manager_may_not_see_never_appear(client_for, managers, member, community_page):
    switch_on(community_page)
    secret = make_contribution(community_page, member, title="Secret communautaire")
    outsider_manager = make_user("oscar", managers)
    client = client_for(outsider_manager)
    assert "Secret communautaire" not in listing(client)
    assert client.get(admin_review_url(secret)).status_code == 404
    response = client.post(admin_review_url(secret), {"action": "status", "to_state": "under_review"})
    assert response.status_code == 404
    client.post(BULK, {"ids": [secret.pk], "to_state": "under_review", "reason": ""})
    assert Contribution.objects.get().state == "new" and not StatusChange.objects.exists()


def test_non_managers_cannot_change_a_status(client_for, editor, employee, page):
    idea = make_contribution(page, employee)
    for user in (employee, editor):
        client = client_for(user)
        response = client.post(admin_review_url(idea), {"action": "status", "to_state": "under_review"})
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert "login" in response["Location"]
        response = client.post(BULK, {"ids": [idea.pk], "to_state": "under_review", "reason": ""})
        assert response.status_code in (302, 403)
        assert "Idée" not in listing(client) and "An idea" not in listing(client)
    assert Contribution.objects.get().state == "new" and not StatusChange.objects.exists()


def test_review_screen_changes_status_answers_and_assigns(client_for, manager, employee, page):
    question = make_contribution(page, employee, QUESTION, title="Quand ?")
    client = client_for(manager)
    html = client.get(admin_review_url(question)).content.decode()
    assert "Quand ?" in html and 'value="answered"' in html
    response = client.post(admin_review_url(question), {"action": "answer_draft", "text": "Bientôt"})
    assert response.status_code == 302
    assert not OfficialAnswer.objects.get().is_published
    client.post(admin_review_url(question), {"action": "answer_publish", "text": "Le 3 mars"})
    question.refresh_from_db()
    assert OfficialAnswer.objects.get().is_published and question.state == "answered"
    client.post(admin_review_url(question), {"action": "assign", "assignee": manager.pk})
    client.post(admin_review_url(question), {"action": "status", "to_state": "closed", "reason": "Résolu"})
    question.refresh_from_db()
    assert (question.assignee, question.state) == (manager, "closed")


def test_declining_without_a_reason_is_a_form_error(client_for, manager, employee, page):
    idea = make_contribution(page, employee)
    response = client_for(manager).post(admin_review_url(idea), {"action": "status", "to_state": "declined"})
    assert response.status_code == 400
    assert "Declining needs a public reason." in response.content.decode()
    assert Contribution.objects.get().state == "new" and not StatusChange.objects.exists()


def test_merge_from_the_review_screen(client_for, manager, employee, colleague, page):
    original = make_contribution(page, employee, title="Original")
    duplicate = make_contribution(page, colleague, title="Doublon")
    client = client_for(manager)
    assert "Original" in client.get(admin_review_url(duplicate)).content.decode()
    client.post(admin_review_url(duplicate), {"action": "merge", "original": original.pk})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original


def test_bulk_status_change_with_one_reason(client_for, manager, employee, page):
    ideas = [make_contribution(page, employee, title=f"Idée {n}") for n in range(3)]
    done = make_contribution(page, employee, title="Finie", state="done")
    client = client_for(manager)
    assert 'form="social-bulk-status"' in listing(client)
    ids = [idea.pk for idea in ideas[:2]] + [done.pk]
    response = client.post(BULK, {"ids": ids, "to_state": "declined", "reason": ""})
    assert response.status_code == 302 and not StatusChange.objects.exists()
    client.post(BULK, {"ids": ids, "to_state": "declined", "reason": "Hors budget"})
    states = dict(Contribution.objects.values_list("title", "state"))
    assert states == {"Idée 0": "declined", "Idée 1": "declined", "Idée 2": "new", "Finie": "done"}
    assert list(StatusChange.objects.values_list("reason", flat=True)) == ["Hors budget", "Hors budget"]


def test_listing_queries_do_not_grow_with_the_rows(client_for, manager, employee, page):
    client = client_for(manager)
    make_contribution(page, employee, title="Seule", assignee=manager)
    listing(client)  # warm the caches (content types, site)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ADMIN_INDEX).status_code == 200
        return len(queries)

    few = count()
    for n in range(12):
        make_contribution(
            add_page(page, f"Page {n}"), make_user(f"author{n}"), title=f"Idée {n}", assignee=manager
        )
    listing(client)  # the new pages moved the generation on: what each process kept is read again
    assert count() == few


def test_the_permission_is_offered_in_the_group_screen(client_for, managers):
    superuser = make_user("root", is_superuser=True, is_staff=True)
    html = client_for(superuser).get(f"/admin/groups/edit/{managers.pk}/").content.decode()
    permission = Permission.objects.get(codename="manage_contribution")
    assert f'value="{permission.pk}"' in html and "Can manage contributions" in html
