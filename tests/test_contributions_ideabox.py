"""The section-wide idea box (``ideabox``): what it lists (the section's subtree, pages the reader
may see, kinds switched on), its filters, sorts and pages, its tag and StreamField block, and a
query count that does not grow with the number of contributions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.contributions_helpers import make_contribution, switch_on
from tests.testapp.models import IdeaBoxPage
from tests.utils import add_page, make_user, restrict_to_groups, set_policy
from wagtail_social.contributions.models import ACCEPTED, ANSWERED, QUESTION, SUGGESTION, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def box(section):
    """The section page carrying the block (its own section by default) with two pages under it."""
    page = add_page(section, "Boîte à idées", model=IdeaBoxPage, body=[("idea_box", {"section": None})])
    switch_on(page)
    return page


@pytest.fixture
def pages(box):
    return add_page(box, "Cantine"), add_page(box, "Transports")


def listed(html: str) -> list[str]:
    """The titles of the box's contributions, in order."""
    box = html.split('id="social-idea-box"')[1].split("</section>")[0]
    return [
        part.split("</a>")[0].split(">")[-1] for part in box.split('class="social-contribution__title"')[1:]
    ]


def get_box(client, host, **params):
    response = client.get(host.url, {f"box-{name}": value for name, value in params.items()})
    assert response.status_code == 200
    return response.content.decode()


def test_the_block_lists_the_sections_contributions_newest_first(client_for, employee, box, pages, section):
    canteen, transport = pages
    now = timezone.now()
    make_contribution(canteen, employee, title="Menus végétariens", created_at=now - timedelta(days=2))
    make_contribution(transport, employee, QUESTION, title="Navette le samedi ?", created_at=now)
    make_contribution(
        box, employee, SUGGESTION, title="Préciser les horaires", created_at=now - timedelta(days=1)
    )
    outside = add_page(section, "Ailleurs")
    switch_on(outside)
    make_contribution(outside, employee, title="Hors section")
    html = get_box(client_for(employee), box)
    assert listed(html) == ["Navette le samedi ?", "Préciser les horaires", "Menus végétariens"]
    assert f'href="{canteen.url}"' in html  # each says on which page it was posted
    assert 'role="status"' in html and "3 found" in html


def test_only_pages_the_reader_may_see_and_kinds_switched_on(
    client_for, employee, member, members, box, pages
):
    canteen, transport = pages
    private = add_page(box, "Membres")
    restrict_to_groups(private, members)
    make_contribution(private, member, title="Secret du groupe")
    draft = add_page(box, "Brouillon")
    make_contribution(draft, employee, title="Sur un brouillon")
    draft.unpublish()
    set_policy(transport, questions_enabled=False)
    make_contribution(transport, employee, QUESTION, title="Question éteinte")
    make_contribution(transport, employee, title="Idée allumée")
    assert listed(get_box(client_for(employee), box)) == ["Idée allumée"]
    assert "Secret du groupe" in listed(get_box(client_for(member), box))


def test_nothing_for_a_reader_who_may_not_see_the_section(rf, employee, members, box):
    restrict_to_groups(box, members)
    request = rf.get("/")
    request.user = employee
    request.session = {}
    html = Template("{% load wagtail_social_contributions_tags %}{% social_idea_box page %}").render(
        Context({"request": request, "page": box})
    )
    assert html == ""


def test_the_tag_lists_any_section(rf, employee, box, pages, section):
    make_contribution(pages[0], employee, title="Par la balise")
    request = RequestFactory().get("/")
    request.user = employee
    request.session = {}
    html = Template("{% load wagtail_social_contributions_tags %}{% social_idea_box page %}").render(
        Context({"request": request, "page": section})
    )
    assert listed(html) == ["Par la balise"]


def test_the_block_may_name_another_section(client_for, employee, box, pages, section):
    other = add_page(section, "Autre rubrique")
    switch_on(other)
    make_contribution(other, employee, title="Dans une autre rubrique")
    make_contribution(pages[0], employee, title="Dans la boîte")
    chooser = add_page(section, "Vitrine", model=IdeaBoxPage, body=[("idea_box", {"section": other})])
    assert listed(get_box(client_for(employee), chooser)) == ["Dans une autre rubrique"]


def test_filters_by_kind_and_state_and_not_answered_yet(client_for, employee, box, pages):
    canteen, _transport = pages
    make_contribution(canteen, employee, title="Idée nouvelle")
    make_contribution(canteen, employee, title="Idée acceptée", state=ACCEPTED)
    make_contribution(canteen, employee, QUESTION, title="Question ouverte")
    make_contribution(canteen, employee, QUESTION, title="Question répondue", state=ANSWERED)
    client = client_for(employee)
    assert set(listed(get_box(client, box, kind="idea"))) == {"Idée nouvelle", "Idée acceptée"}
    assert listed(get_box(client, box, state=ACCEPTED)) == ["Idée acceptée"]
    html = get_box(client, box, state="unanswered")
    assert set(listed(html)) == {"Idée nouvelle", "Question ouverte"}
    assert "not answered yet" in html  # the current filter, announced
    assert "selected>Not answered yet" in html.replace('value="unanswered" ', "")
    assert listed(get_box(client, box, kind=QUESTION, state="unanswered")) == ["Question ouverte"]
    # A hand-edited value is ignored, never an error.
    assert len(listed(get_box(client, box, kind="nonsense"))) == 4


def test_sorts(client_for, employee, colleague, box, pages):
    canteen, _transport = pages
    now = timezone.now()
    old = make_contribution(canteen, employee, title="Ancienne", created_at=now - timedelta(days=9))
    popular = make_contribution(canteen, employee, title="Populaire", created_at=now - timedelta(days=5))
    make_contribution(canteen, employee, title="Récente", created_at=now)
    make_contribution(
        canteen, employee, title="Acceptée ancienne", state=ACCEPTED, created_at=now - timedelta(days=20)
    )
    popular.support_count = 2
    popular.save()
    old.support_count = 1
    old.save()
    client = client_for(employee)
    assert listed(get_box(client, box, sort="supported"))[:2] == ["Populaire", "Ancienne"]
    assert listed(get_box(client, box, sort="unanswered")) == [
        "Ancienne",
        "Populaire",
        "Récente",
        "Acceptée ancienne",
    ]


def test_withdrawn_are_left_out_unless_asked_and_then_shown_as_withdrawn(client_for, employee, box, pages):
    make_contribution(pages[0], employee, title="Retirée", withdrawn_at=timezone.now())
    make_contribution(pages[0], employee, title="Vivante")
    client = client_for(employee)
    assert listed(get_box(client, box)) == ["Vivante"]
    html = get_box(client, box, withdrawn="on")
    assert set(listed(html)) == {"Retirée", "Vivante"}
    assert "social-contribution--withdrawn" in html


@pytest.mark.django_db
def test_pages_keep_the_filters(client_for, employee, box, pages, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_PER_PAGE = 2
    for n in range(5):
        make_contribution(pages[0], employee, QUESTION, title=f"Question {n}")
    make_contribution(pages[0], employee, title="Une idée")
    client = client_for(employee)
    html = get_box(client, box, kind=QUESTION)
    assert 'href="?box-kind=question&amp;box-sort=newest&amp;box-page=2#social-idea-box"' in html
    second = get_box(client, box, kind=QUESTION, sort="newest", page=2)
    assert listed(second) == ["Question 2", "Question 1"]
    assert 'href="?box-kind=question&amp;box-sort=newest#social-idea-box" rel="prev"' in second
    assert "Page 2 of 3" in second


def test_the_filter_form_is_labelled(client_for, employee, box):
    html = get_box(client_for(employee), box)
    for name in ("kind", "state", "sort", "withdrawn"):
        assert f'<label for="id_box-{name}">' in html
    assert 'method="get"' in html


def test_supports_in_the_box(client_for, employee, colleague, box, pages):
    idea = make_contribution(pages[0], employee, title="À soutenir")
    Support.objects.create(contribution=idea, user=colleague)
    html = get_box(client_for(colleague), box)
    assert 'aria-pressed="true"' in html and "Remove my support" in html


def test_the_script_is_linked_once(client_for, employee, box):
    html = get_box(client_for(employee), box)  # the box and the page's own block
    assert html.count("wagtail_social_contributions/js/contributions.js") == 1


def test_query_count_is_constant_in_the_number_of_contributions(client_for, colleague, box, pages):
    authors = [make_user(f"author{n}") for n in range(5)]
    client = client_for(colleague)
    counts = {}
    made = 0
    for size in (10, 100):
        for n in range(made, size):
            page = pages[n % 2]
            idea = make_contribution(page, authors[n % 5], title=f"Idea {n}")
            Support.objects.create(contribution=idea, user=colleague)
            make_contribution(page, authors[n % 5], QUESTION, title=f"Question {n}")
        made = size
        client.get(box.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            html = get_box(client, box, sort="supported")
        counts[size] = len(captured)
        assert len(listed(html)) == 10
    assert counts[10] == counts[100], counts
