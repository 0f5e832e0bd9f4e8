"""What the idea box keeps in memory between requests (the section's pages, rules and switches,
the listed pages' links, the site's state labels, rendered widgets) is never acted on once stale:
every change a reader could notice applies to the very next request. And what it lists through
its index-friendly conditions is what the plain conditions list."""

from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction, Site

from tests.contributions_helpers import make_contribution, switch_on
from tests.test_contributions_ideabox import get_box, listed
from tests.testapp.models import IdeaBoxPage
from tests.utils import add_page, make_user, restrict_to_groups, set_policy
from wagtail_social import access, generation
from wagtail_social.contributions.ideabox import unanswered
from wagtail_social.contributions.models import (
    INITIAL_STATE,
    KINDS,
    QUESTION,
    STATES,
    SUGGESTION,
    Contribution,
    ContributionSettings,
)
from wagtail_social.rendered_widgets import RememberedWidgetsMixin

pytestmark = pytest.mark.django_db


@pytest.fixture
def box(section):
    page = add_page(section, "Boîte à idées", model=IdeaBoxPage, body=[("idea_box", {"section": None})])
    switch_on(page)
    return page


def test_readable_subtree_agrees_with_readable_pages(rf, employee, member, members, box):
    private = add_page(box, "Membres")
    restrict_to_groups(private, members)
    add_page(private, "Sous-page du groupe")
    logged_in = add_page(box, "Connectés")
    PageViewRestriction.objects.create(page=logged_in, restriction_type=PageViewRestriction.LOGIN)
    secret = add_page(box, "Mot de passe")
    by_password = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="tulipe"
    )
    draft = add_page(box, "Brouillon")
    draft.unpublish()
    readers = [AnonymousUser(), employee, member, make_user("root", is_superuser=True)]
    for user in readers:
        for passed in ([], [by_password.pk]):
            request = rf.get("/")
            request.user = user
            request.session = SessionStore()
            request.session[PageViewRestriction.passed_view_restrictions_session_key] = passed
            expected = list(
                access.readable_pages(request)
                .filter(path__startswith=box.path)
                .order_by("path")
                .values_list("pk", "path")
            )
            assert access.readable_subtree(request, box) == expected, (user, passed)


def test_a_restriction_added_applies_to_the_next_request(client_for, employee, members, box):
    page = add_page(box, "Cantine")
    make_contribution(page, employee, title="Menus végétariens")
    client = client_for(employee)
    assert listed(get_box(client, box)) == ["Menus végétariens"]
    assert listed(get_box(client, box)) == ["Menus végétariens"]  # kept in memory now
    restrict_to_groups(page, members)
    assert listed(get_box(client, box)) == []


def test_a_group_joined_applies_to_the_next_request(client_for, employee, members, box):
    page = add_page(box, "Cantine")
    restrict_to_groups(page, members)
    make_contribution(page, make_user("auteur"), title="Entre membres")
    client = client_for(employee)
    assert listed(get_box(client, box)) == []
    employee.groups.add(members)  # no generation move: the groups are read per request
    assert listed(get_box(client, box)) == ["Entre membres"]


def test_a_kind_switched_off_applies_to_the_next_request(client_for, employee, box):
    page = add_page(box, "Transports")
    make_contribution(page, employee, QUESTION, title="Navette le samedi ?")
    client = client_for(employee)
    assert listed(get_box(client, box)) == ["Navette le samedi ?"]
    set_policy(page, questions_enabled=False)
    assert listed(get_box(client, box)) == []


def test_a_renamed_page_and_a_renamed_state_apply_to_the_next_request(client_for, employee, box):
    page = add_page(box, "Cantine")
    make_contribution(page, employee, title="Menus végétariens")
    client = client_for(employee)
    assert "Cantine" in get_box(client, box)
    page.title = "Restaurant d’entreprise"
    page.save_revision().publish()
    html = get_box(client, box)
    assert "Restaurant d’entreprise" in html and ">Cantine<" not in html
    labels = ContributionSettings.objects.create(site=Site.objects.get(is_default_site=True))
    labels.label_new = "À l’étude bientôt"
    labels.save()
    assert "À l’étude bientôt" in get_box(client, box)


def test_reading_the_labels_creates_no_settings_row(client_for, employee, box):
    """Wagtail's ``for_site`` creates the row on a first read: that save would move the
    generation on at each site's first view, emptying every process's memory."""
    make_contribution(add_page(box, "Cantine"), employee, title="Menus végétariens")
    number = generation.current(type("R", (), {"__dict__": {}})())
    get_box(client_for(employee), box)
    assert not ContributionSettings.objects.exists()
    assert generation.current(type("R", (), {"__dict__": {}})()) == number


def test_the_box_reads_no_page_restriction_or_policy_once_kept(client_for, employee, box):
    page = add_page(box, "Cantine")
    make_contribution(page, employee, title="Menus végétariens")
    client = client_for(employee)
    get_box(client, box)
    with CaptureQueriesContext(connection) as queries:
        get_box(client, box)
    tables = " ".join(q["sql"] for q in queries)
    assert "participationpolicy" not in tables
    assert "contributionsettings" not in tables
    box_queries = [q["sql"] for q in queries if "contributions_contribution" in q["sql"]]
    assert not any("wagtailcore_page" in sql for sql in box_queries)  # no join to the pages


def test_not_answered_yet_as_state_in_lists_the_first_states(box, employee):
    # The plain "state IN (…)" form is right only while no kind shares another's first state.
    initial = set(INITIAL_STATE.values())
    assert all(initial.intersection(STATES[kind]) == {INITIAL_STATE[kind]} for kind in KINDS)
    page = add_page(box, "Cantine")
    now = timezone.now()
    for offset, (kind, state) in enumerate((k, s) for k in KINDS for s in STATES[k]):
        make_contribution(
            page,
            employee,
            kind,
            title=f"{kind} {state}",
            state=state,
            created_at=now - timedelta(minutes=offset),
        )
    plain = Contribution.objects.none()
    for kind in KINDS:
        plain |= Contribution.objects.filter(kind=kind, state=INITIAL_STATE[kind])
    assert set(Contribution.objects.filter(unanswered())) == set(plain)
    assert {c.kind for c in plain} == {*KINDS}


def test_kinds_on_different_pages_are_narrowed(client_for, employee, box):
    """Where kinds are switched on for different pages, the top-level IN (…) is narrowed."""
    ideas_only = add_page(box, "Idées seulement")
    set_policy(ideas_only, questions_enabled=False, suggestions_enabled=False)
    both = add_page(box, "Tout")
    make_contribution(ideas_only, employee, title="Idée ici")
    make_contribution(ideas_only, employee, QUESTION, title="Question éteinte")
    make_contribution(ideas_only, employee, SUGGESTION, title="Suggestion éteinte")
    make_contribution(both, employee, QUESTION, title="Question allumée")
    assert sorted(listed(get_box(client_for(employee), box))) == ["Idée ici", "Question allumée"]


class Filters(RememberedWidgetsMixin, forms.Form):
    colour = forms.ChoiceField(choices=[("", "—"), ("red", "Rouge"), ("blue", "Bleu")], required=False)
    note = forms.CharField(help_text="Une note", required=True, max_length=10)


class PlainFilters(forms.Form):
    colour = Filters.base_fields["colour"]
    note = Filters.base_fields["note"]


@pytest.mark.parametrize("data", [None, {"colour": "red", "note": "x"}, {"colour": "blue", "note": "y"}])
def test_remembered_widgets_render_as_django_does(data):
    for _ in range(2):  # the second time from memory
        assert str(Filters(data)["colour"]) == str(PlainFilters(data)["colour"])
        assert str(Filters(data)["note"]) == str(PlainFilters(data)["note"])
    assert str(Filters({"colour": "blue", "note": "y"})["colour"]).count("selected") == 1


def test_remembered_widgets_follow_the_language_and_errors():
    class Translated(RememberedWidgetsMixin, forms.Form):
        answer = forms.ChoiceField(choices=[("yes", translation.gettext_lazy("Yes"))])

    with translation.override("en"):
        english = str(Translated()["answer"])
    with translation.override("fr"):
        french = str(Translated()["answer"])
    assert english != french
    invalid = Filters({"colour": "green", "note": "beaucoup trop long"})
    assert not invalid.is_valid()
    assert 'aria-invalid="true"' in str(invalid["note"])
    assert 'aria-invalid="true"' not in str(Filters({"colour": "red", "note": "x"})["note"])
