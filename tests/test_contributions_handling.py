"""Assignment of a contribution to a manager and merge of a duplicate into its original
(``handling.py``)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from wagtail.models import ModelLogEntry

from tests.contributions_helpers import make_contribution, managers_group, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions import answers, handling, supports
from wagtail_social.contributions.models import QUESTION, Contribution, OfficialAnswer, StatusChange, Support
from wagtail_social.features import get_feature

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def other_manager(managers):
    return make_user("marc", managers, first_name="Marc", last_name="Chef")


@pytest.fixture
def request_(home):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_the_assigned_manager_is_told(
    manager, other_manager, employee, page, django_capture_on_commit_callbacks
):
    idea = make_contribution(page, employee)
    with django_capture_on_commit_callbacks(execute=True):
        handling.assign(idea, other_manager, manager)
    assert Contribution.objects.get().assignee == other_manager
    assert [message.to for message in mail.outbox] == [["marc@example.com"]]
    message = mail.outbox[0]
    assert "Manon Gérante" in message.body and "/admin/social/contributions/review/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert ModelLogEntry.objects.get(action=handling.ASSIGN_ACTION).data == {"assignee": other_manager.pk}


def test_taking_it_oneself_sends_nothing_and_unassigning_works(
    manager, employee, page, django_capture_on_commit_callbacks
):
    idea = make_contribution(page, employee)
    with django_capture_on_commit_callbacks(execute=True):
        handling.assign(idea, manager, manager)
        handling.assign(idea, None, manager)
    assert mail.outbox == [] and Contribution.objects.get().assignee is None


def test_only_managers_assign_and_are_assigned(manager, employee, colleague, page):
    idea = make_contribution(page, employee)
    with pytest.raises(handling.HandlingRefused):
        handling.assign(idea, manager, employee)
    with pytest.raises(handling.HandlingRefused):
        handling.assign(idea, colleague, manager)
    assert Contribution.objects.get().assignee is None


def test_a_merge_moves_supports_once_per_person_with_exact_counts(
    client_for, request_, manager, employee, colleague, page
):
    original = make_contribution(page, employee, title="Covoiturage")
    duplicate = make_contribution(page, colleague, title="Partage de voitures")
    both, only_dup = make_user("both"), make_user("only")
    for person in (both,):
        supports.add_support(person, original)
    for person in (both, only_dup, employee):  # the original's author supported the duplicate
        supports.add_support(person, duplicate)
    moved = handling.merge(request_, duplicate, original, manager)
    assert moved == 1
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert (original.support_count, duplicate.support_count) == (2, 0)
    assert sorted(Support.objects.filter(contribution=original).values_list("user__username", flat=True)) == [
        "both",
        "only",
    ]
    assert not Support.objects.filter(contribution=duplicate).exists()
    assert duplicate.merged_into == original and duplicate.state == "new"
    assert supports.add_support(make_user("late"), duplicate) == supports.FROZEN
    html = client_for(colleague).get(duplicate.get_absolute_url()).content.decode()
    assert f'href="/contributions/{original.pk}/"' in html and "Merged into another contribution" in html
    assert ModelLogEntry.objects.get(action=handling.MERGE_ACTION).data == {"into": original.pk, "moved": 1}
    assert ModelLogEntry.objects.filter(action=handling.MERGED_ACTION).count() == 1


def test_merges_that_are_refused(request_, manager, employee, colleague, page, home):
    original = make_contribution(page, employee, title="Original")
    question = make_contribution(page, colleague, QUESTION, title="Question")
    elsewhere = add_page(home, "Autre section")
    switch_on(elsewhere)
    other_section = make_contribution(add_page(elsewhere, "Page"), colleague, title="Ailleurs")
    duplicate = make_contribution(page, colleague, title="Duplicate")
    for dup, orig in ((question, original), (other_section, original), (duplicate, duplicate)):
        with pytest.raises(handling.HandlingRefused):
            handling.merge(request_, dup, orig, manager)
    with pytest.raises(handling.HandlingRefused):
        handling.merge(request_, duplicate, original, employee)
    Contribution.objects.filter(pk=original.pk).update(state="declined")
    original.refresh_from_db()
    with pytest.raises(handling.HandlingRefused):
        handling.merge(request_, duplicate, original, manager)
    assert not Contribution.objects.filter(merged_into__isnull=False).exists()


def test_erasing_a_manager_unsigns_their_work(manager, employee, page):
    question = make_contribution(page, employee, QUESTION)
    handling.assign(question, manager, manager)
    answers.save_official_answer(question, manager, "Le 3 mars", publish=True)
    get_feature("questions").erase_person(manager)
    question.refresh_from_db()
    assert question.assignee is None and question.state == "answered"
    assert OfficialAnswer.objects.get().author is None and StatusChange.objects.get().changed_by is None
