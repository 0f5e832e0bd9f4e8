"""The employees' search page and ``{% social_search %}`` (issue 12, "Participation search"):
pages, comments, ideas, questions and polls found together, typed without accents, with
highlighted snippets, facets, "did you mean", pagination; and nothing of a private community
for anyone outside it — not in results, counts, facets, suggestions or highlights."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings

from tests.contributions_helpers import ALL_KINDS, make_contribution
from tests.search.library import rebuild
from tests.test_polls_voting import make_poll, poll_page
from tests.utils import add_page, make_comment, make_user, restrict_to_groups, set_policy
from wagtail_social.search import finder, suggestions

pytestmark = pytest.mark.django_db
URL = "/search/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class World:
    section: object
    article: object
    community: object
    comment: object
    idea: object
    question: object
    employee: object
    member: object


@pytest.fixture
def world(home, index_dir):
    cache.clear()  # rate-limit counters of earlier tests
    members = Group.objects.create(name="Parking club")
    section = add_page(home, "Vie pratique")
    set_policy(section, comments_enabled=True, polls_enabled=True, **ALL_KINDS)
    article = add_page(section, "Organisation du comité")
    colleague = make_user("bob", first_name="Bob", last_name="Durand")
    employee = make_user("alice", first_name="Alice", last_name="Martin")
    member = make_user("carol", members)
    comment = make_comment(article, colleague, text="Compte rendu de la réunion <b>du comité</b> de mardi.")
    idea = make_contribution(article, colleague, title="Des idées de covoiturage", state="accepted")
    question = make_contribution(
        article, colleague, kind="question", title="Quand ouvre la cantine ?", text="Horaires d'été"
    )
    poll_page(section, make_poll(question="Cantine : quel menu ?"), title="Sondage cantine")
    community = add_page(home, "Communauté vélo")
    set_policy(community, comments_enabled=True, **ALL_KINDS)
    restrict_to_groups(community, members)
    private = add_page(community, "Garage à vélos")
    make_comment(private, member, text="Le zorglub du parking ferme tôt.")
    make_contribution(private, member, title="Idée zorglub", text="Un parking zorglub couvert")
    rebuild()
    return World(section, article, community, comment, idea, question, employee, member)


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body(response) -> str:
    return CSRF.sub("", response.content.decode())


def search(user, **params):
    response = client_for(user).get(URL, params)
    assert response.status_code == 200
    return response.context, body(response)


# Finding


def test_a_comment_typed_without_accents_is_found_with_its_page_and_highlight(world):
    context, html = search(world.employee, q="reunion")
    assert [hit.obj.pk for hit in context["hits"]] == [world.comment.pk]
    hit = context["hits"][0]
    assert hit.kind == "comment" and hit.heading == "Comment by Bob Durand"
    assert hit.page == world.article and hit.url.endswith("#social-comments")
    assert "<mark>réunion</mark>" in str(hit.snippet)
    # the comment's own markup is escaped: only <mark> is ours
    assert "&lt;b&gt;du comité&lt;/b&gt;" in str(hit.snippet) and "<b>" not in str(hit.snippet)
    assert 'role="search"' in html and '<label for="social-search-q">' in html
    assert '<p class="social-search__status" role="status">1 result.' in html
    assert '<h2 class="social-search__heading">' in html
    assert f'href="{hit.page_url}"' in html and hit.page_url == world.article.url, hit.page_url


def test_an_idea_is_found_with_its_status(world):
    context, html = search(world.employee, q="idee covoiturage")
    assert [(hit.kind, hit.status) for hit in context["hits"]] == [("idea", "Accepted")]
    assert '<span class="social-search__state">Accepted</span>' in html
    assert context["hits"][0].url == f"/contributions/{world.idea.pk}/"


def test_pages_questions_and_polls_come_together_with_kind_facets(world):
    context, _html = search(world.employee, q="cantine")
    kinds = sorted(hit.kind for hit in context["hits"])
    assert kinds == ["page", "poll", "question"]
    assert {facet.value: facet.count for facet in context["kind_facets"]} == {
        "page": 1,
        "poll": 1,
        "question": 1,
    }
    narrowed, html = search(world.employee, q="cantine", kind=["question", "poll"])
    assert sorted(hit.kind for hit in narrowed["hits"]) == ["poll", "question"]
    assert narrowed["total"] == 2
    # the kind facet still counts every kind, the chosen ones checked
    assert {f.value: (f.count, f.selected) for f in narrowed["kind_facets"]} == {
        "page": (1, False),
        "poll": (1, True),
        "question": (1, True),
    }
    assert 'name="kind" value="poll" checked' in html and '<button type="submit"' in html


def test_section_facets_count_and_narrow(world, home):
    other = add_page(home, "Actualités")
    add_page(other, "Cantine rénovée")
    rebuild()
    context, _html = search(world.employee, q="cantine")
    assert {f.label: f.count for f in context["section_facets"]} == {"Vie pratique": 3, "Actualités": 1}
    narrowed, _html = search(world.employee, q="cantine", section=other.pk)
    assert [hit.heading for hit in narrowed["hits"]] == ["Cantine rénovée"]
    assert {f.value: f.count for f in narrowed["kind_facets"]} == {"page": 1}


def test_pagination_keeps_the_query_and_facets(world, settings):
    settings.WAGTAIL_SOCIAL_SEARCH_RESULTS_PER_PAGE = 2
    for number in range(3):
        make_comment(world.article, world.employee, text=f"Encore une réunion, la {number}e")
    rebuild()
    first, html = search(world.employee, q="reunion", kind="comment")
    assert first["total"] == 4 and len(first["hits"]) == 2
    assert '<a href="?q=reunion&amp;kind=comment" aria-current="page">' in html
    assert 'href="?q=reunion&amp;kind=comment&amp;page=2"' in html
    second, html = search(world.employee, q="reunion", kind="comment", page=2)
    assert len(second["hits"]) == 2
    assert {hit.obj.pk for hit in first["hits"]}.isdisjoint({hit.obj.pk for hit in second["hits"]})
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in html
    assert '<ol class="social-search__results" start="3">' in html


def test_empty_no_result_and_unparsable_queries(world):
    context, html = search(world.employee)
    assert not context["searched"] and "Type one or more words" in html
    context, html = search(world.employee, q="introuvable")
    assert context["total"] == 0 and context["hits"] == [] and "No result." in html
    context, html = search(world.employee, q='"" ( )')
    assert context["not_understood"] and "could not be understood" in html
    context, html = search(world.employee, q="NOT -")  # an operator and punctuation only
    assert context["not_understood"]


def test_did_you_mean_proposes_a_word_the_person_finds(world):
    context, html = search(world.employee, q="covoiturrage")
    assert context["total"] == 0
    assert context["suggestion"] == "covoiturage"
    assert 'href="?q=covoiturage"' in html


def test_did_you_mean_in_french_typography(world):
    response = client_for(world.employee).get(URL, {"q": "covoiturrage"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Vouliez-vous dire" in response.content.decode()
    assert "covoiturage</a>\u00a0?</p>" in response.content.decode()


def test_a_short_word_is_not_turned_into_an_unrelated_one(world):
    # "moudi" (stem "moud") is two edits from "mard" (mardi): too far for so short a word
    # (in the demo, "regles" became "réunira")
    assert suggestions.did_you_mean("moudi", world.employee) is None
    assert suggestions.did_you_mean("covoiturrage", world.employee) == "covoiturage"


def test_the_search_is_rate_limited_per_person(world, settings):
    settings.WAGTAIL_SOCIAL_SEARCH_RATE_LIMIT = (2, 60)
    client = client_for(world.employee)
    assert [client.get(URL, {"q": "cantine"}).status_code for _ in range(2)] == [200, 200]
    refused = client.get(URL, {"q": "cantine"})
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert client_for(world.member).get(URL, {"q": "cantine"}).status_code == 200


# Leaks: a query matching only the private community answers as a query matching nothing


@pytest.mark.parametrize("who", ["anonymous", "employee"])
def test_a_private_word_answers_exactly_as_a_word_nobody_wrote(world, who):
    user = getattr(world, who, None)
    asked = {"q": "zorglub parking"}
    private_context, private_html = search(user, **asked)
    # the same page with the community gone from the index
    world.community.get_descendants(inclusive=True).delete()
    cache.clear()
    rebuild()
    _context, nothing_html = search(user, **asked)
    assert private_html == nothing_html
    assert private_context["total"] == 0 and private_context["suggestion"] is None
    assert "zorglub" not in private_html.replace("zorglub parking", "")
    assert "Garage" not in private_html and "Communauté" not in private_html


def test_a_suggestion_never_spells_a_private_word(world):
    # "zorglubb" is one edit from the community's "zorglub": outsiders get no suggestion
    assert suggestions.did_you_mean("zorglubb", world.employee) is None
    assert suggestions.did_you_mean("zorglubb", None) is None
    assert suggestions.did_you_mean("zorglubb", world.member) == "zorglub"


def test_a_member_finds_the_community_with_its_section_facet(world):
    context, html = search(world.member, q="zorglub")
    assert sorted(hit.kind for hit in context["hits"]) == ["comment", "idea"]
    assert {f.label: f.count for f in context["section_facets"]} == {"Communauté vélo": 2}
    assert "<mark>zorglub</mark>" in html


def test_facets_and_counts_of_a_mixed_query_leave_the_community_out(world):
    context, html = search(world.employee, q="parking OR cantine")
    assert context["total"] == 3
    assert "Communauté vélo" not in html and "zorglub" not in html


def test_a_private_section_id_is_ignored_like_a_missing_one(world):
    private, _ = search(world.employee, q="cantine", section=world.community.pk)
    missing, _ = search(world.employee, q="cantine", section=987654321)
    assert private["total"] == missing["total"] == 3


# The template tag


def test_the_tag_renders_the_search_for_the_person_of_the_request(world):
    request = RequestFactory().get("/", {"q": "reunion"}, SERVER_NAME="testserver")
    request.user = world.employee
    html = Template("{% load wagtail_social_search_tags %}{% social_search %}").render(
        Context({"request": request})
    )
    assert "<mark>réunion</mark>" in html and 'role="search"' in html
    forced = Template("{% load wagtail_social_search_tags %}{% social_search query='zorglub' %}").render(
        Context({"request": request})
    )
    assert "No result." in forced and "Garage" not in forced


def test_the_backend_alias_is_found_or_refused(world):
    assert finder.search_backend().__class__.__name__ == "WhooshSearchBackend"
    with (
        override_settings(
            WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "wagtail.search.backends.database"}}
        ),
        pytest.raises(Exception, match="wagtail_social.search.backend"),
    ):
        finder.search_backend()


@pytest.mark.parametrize(
    "words",
    ["NOT cantine", "cantine NOT menu", '"compte rendu"', "(cantine OR comite) menu", "cantine AND", "é'’-"],
)
def test_query_syntax_never_fails(world, words):
    response = client_for(world.employee).get(URL, {"q": words})
    assert response.status_code == 200
    assert "zorglub" not in body(response).lower().replace(words.lower(), "")
