"""The status service (``statuses.py``): every transition allowed or refused, managers only, a
public reason to decline, the history, the audit log, the emails, the per-site labels and the
support freeze."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry, Site

from tests.contributions_helpers import make_contribution, managers_group, support_url, switch_on
from tests.utils import add_page, make_user, restrict_to_groups
from wagtail_social.contributions import supports
from wagtail_social.contributions.managers import managers_of, may_manage
from wagtail_social.contributions.models import (
    IDEA,
    KINDS,
    QUESTION,
    STATES,
    Contribution,
    ContributionSettings,
    StatusChange,
)
from wagtail_social.contributions.statuses import (
    LOG_ACTION,
    TRANSITIONS,
    StatusRefused,
    change_status,
    state_label,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


@pytest.fixture
def manager(db, members):
    return make_user("manon", managers_group(), members, first_name="Manon", last_name="Gérante")


def test_managers_are_active_holders_of_the_permission_who_see_the_page(
    manager, employee, page, community_page, members
):
    outside = make_user("oscar", managers_group("Other managers"))
    assert may_manage(manager, page) and may_manage(manager, community_page)
    assert may_manage(outside, page) and not may_manage(outside, community_page)
    assert not may_manage(employee, page)
    assert {u.username for u in managers_of(community_page)} == {"manon"}
    manager.is_active = False
    manager.save()
    assert not may_manage(manager, page) and manager not in managers_of(page)


TRANSITION_CASES = [
    (kind, from_state, to_state)
    for kind in KINDS
    for from_state in STATES[kind]
    for to_state in STATES[kind]
    if from_state != to_state
]


@pytest.mark.parametrize(("kind", "from_state", "to_state"), TRANSITION_CASES)
def test_every_transition_is_allowed_or_refused(manager, employee, page, kind, from_state, to_state):
    contribution = make_contribution(page, employee, kind, state=from_state)
    allowed = to_state in TRANSITIONS[kind][from_state]
    if allowed:
        change = change_status(contribution, to_state, manager, "Parce que")
        assert (change.from_state, change.to_state, change.reason, change.changed_by) == (
            from_state,
            to_state,
            "Parce que",
            manager,
        )
    else:
        with pytest.raises(StatusRefused) as refused:
            change_status(contribution, to_state, manager, "Parce que")
        assert refused.value.code == "not_allowed"
    contribution.refresh_from_db()
    assert contribution.state == (to_state if allowed else from_state)
    assert StatusChange.objects.count() == int(allowed)
    assert ModelLogEntry.objects.filter(action=LOG_ACTION).count() == int(allowed)


def test_only_managers_change_a_state(employee, colleague, page):
    idea = make_contribution(page, employee)
    for user in (employee, colleague):
        with pytest.raises(StatusRefused) as refused:
            change_status(idea, "under_review", user)
        assert refused.value.code == "not_manager"
    idea.refresh_from_db()
    assert idea.state == "new" and not StatusChange.objects.exists()


def test_declining_needs_a_public_reason(manager, employee, page):
    idea = make_contribution(page, employee)
    for reason in ("", "   "):
        with pytest.raises(StatusRefused) as refused:
            change_status(idea, "declined", manager, reason)
        assert refused.value.code == "reason_required"
    assert not StatusChange.objects.exists() and Contribution.objects.get().state == "new"
    change_status(idea, "declined", manager, "Déjà fait ailleurs")
    assert StatusChange.objects.get().reason == "Déjà fait ailleurs"


def test_withdrawn_and_merged_contributions_keep_their_state(manager, employee, page):
    withdrawn = make_contribution(page, employee)
    Contribution.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2026-01-01T00:00Z")
    withdrawn.refresh_from_db()
    original = make_contribution(page, employee, title="Original")
    merged = make_contribution(page, employee, title="Duplicate", merged_into=original)
    for contribution, code in ((withdrawn, "withdrawn"), (merged, "merged")):
        with pytest.raises(StatusRefused) as refused:
            change_status(contribution, "under_review", manager)
        assert refused.value.code == code
    assert not StatusChange.objects.exists()


def test_a_stale_state_is_refused(manager, employee, page):
    idea = make_contribution(page, employee)
    stale = Contribution.objects.get(pk=idea.pk)
    change_status(idea, "under_review", manager)
    with pytest.raises(StatusRefused) as refused:
        change_status(stale, "accepted", manager)  # still believes it is "new"
    assert refused.value.code == "changed_meanwhile"
    assert StatusChange.objects.count() == 1


def test_history_is_shown_on_the_contribution_oldest_first(client_for, manager, employee, page):
    idea = make_contribution(page, employee)
    change_status(idea, "under_review", manager, "On regarde")
    change_status(idea, "declined", manager, "Trop cher")
    html = client_for(employee).get(idea.get_absolute_url()).content.decode()
    history = html[html.index("Status history") :]
    assert history.index("Under review") < history.index("On regarde") < history.index("Declined")
    assert "Trop cher" in history and "<time datetime=" in history


def test_author_and_supporters_are_told_except_who_changed_and_who_lost_access(
    manager, employee, colleague, member, page, members, django_capture_on_commit_callbacks
):
    idea = make_contribution(page, employee)
    lost = make_user("lea")
    for person in (colleague, member, manager, lost):
        assert supports.add_support(person, idea) == supports.SUPPORTED
    inactive = make_user("ian")
    supports.add_support(inactive, idea)
    inactive.is_active = False
    inactive.save()
    # The page becomes private to the members' group: Léa and Bob may no longer see it.
    restrict_to_groups(page, members)
    employee.groups.add(members)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(idea, "accepted", manager, "Bonne idée")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["alice@example.com", "carol@example.com"]
    for message in mail.outbox:
        assert "Bonne idée" in message.body and f"http://testserver/contributions/{idea.pk}/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "Bonne idée" in html


def test_a_manager_changing_their_own_idea_gets_no_email(
    manager, colleague, page, django_capture_on_commit_callbacks
):
    idea = make_contribution(page, manager)
    supports.add_support(colleague, idea)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(idea, "under_review", manager)
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


def test_done_and_declined_freeze_supports_and_return_the_budget(
    client_for, manager, employee, colleague, page
):
    first = make_contribution(page, employee, title="First")
    second = make_contribution(page, employee, title="Second")
    assert supports.add_support(colleague, first, section=page, budget=1) == supports.SUPPORTED
    assert supports.add_support(colleague, second, section=page, budget=1) == supports.OVER_BUDGET
    change_status(first, "declined", manager, "Non")
    assert supports.add_support(colleague, second, section=page, budget=1) == supports.SUPPORTED
    response = client_for(colleague).post(support_url(first), {"action": "remove"})
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.support_count == 1


def test_sites_rename_states_everywhere(
    client_for, manager, employee, colleague, page, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    ContributionSettings.objects.create(site=site, label_accepted="Retenue", label_open="En attente")
    assert state_label("accepted", site) == "Retenue"
    assert state_label("done", site) == "Done"
    idea = make_contribution(page, employee)
    question = make_contribution(page, employee, QUESTION, title="Quand ?")
    supports.add_support(colleague, idea)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(idea, "accepted", manager)
    html = client_for(colleague).get(page.url).content.decode()
    assert "Retenue" in html and "En attente" in html
    assert "Retenue" in client_for(colleague).get(idea.get_absolute_url()).content.decode()
    assert any("Retenue" in message.subject for message in mail.outbox)
    listing = client_for(manager).get("/admin/social/contributions/").content.decode()
    assert "Retenue" in listing and "En attente" in listing
    assert question.kind == QUESTION and idea.kind == IDEA
