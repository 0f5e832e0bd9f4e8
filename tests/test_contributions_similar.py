"""Similar contributions while writing (``similar``): the endpoint's JSON and HTML fragment,
matched through the site's search backend, limited to what the writer may see in the section,
rate-limited per person; without JavaScript, on the page that sends a form back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.contributions_helpers import SUBMIT, make_contribution, submission, switch_on
from tests.utils import add_page, restrict_to_groups, set_policy
from wagtail_social.contributions.models import QUESTION

pytestmark = pytest.mark.django_db
SIMILAR = reverse("wagtail_social_contributions:similar")
SCRIPT = {"HTTP_X_WAGTAIL_SOCIAL": "1"}


@pytest.fixture
def box(section):
    page = add_page(section, "Boîte à idées")
    switch_on(page)
    return page


@pytest.fixture
def canteen(box):
    return add_page(box, "Cantine")


def ask(client, page, q, kind="idea", **extra):
    return client.get(SIMILAR, {"page": page.pk, "kind": kind, "q": q}, **extra)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_json_and_fragment(client_for, employee, colleague, box, canteen):
    idea = make_contribution(canteen, colleague, title="Covoiturage entre collègues")
    make_contribution(box, colleague, QUESTION, title="Parking vélo couvert")
    client = client_for(employee)
    response = ask(client, canteen, "covoiturage", **SCRIPT)
    assert titles(response) == ["Covoiturage entre collègues"]
    body = response.json()
    assert body["results"][0]["url"] == idea.get_absolute_url()
    assert f'href="{idea.get_absolute_url()}"' in body["html"]
    # Without the script's header: the fragment alone.
    fragment = ask(client, canteen, "covoiturage").content.decode()
    assert "Covoiturage entre collègues" in fragment and "<html" not in fragment


def test_matches_while_typing_and_any_word(client_for, employee, colleague, canteen):
    make_contribution(canteen, colleague, title="Covoiturage entre collègues")
    make_contribution(canteen, colleague, title="Cantine bio le vendredi")
    client = client_for(employee)
    assert titles(ask(client, canteen, "covoit", **SCRIPT)) == ["Covoiturage entre collègues"]
    assert set(titles(ask(client, canteen, "cantine ou covoiturage", **SCRIPT))) == {
        "Covoiturage entre collègues",
        "Cantine bio le vendredi",
    }
    assert titles(ask(client, canteen, "co", **SCRIPT)) == []  # too short to ask anything


def test_at_most_five_of_the_same_section_that_the_writer_may_see(
    client_for, employee, colleague, members, section, box, canteen
):
    for n in range(7):
        make_contribution(canteen, colleague, title=f"Navette numéro {n}")
    make_contribution(canteen, colleague, title="Navette retirée", withdrawn_at=timezone.now())
    private = add_page(box, "Membres")
    restrict_to_groups(private, members)
    make_contribution(private, colleague, title="Navette secrète")
    elsewhere = add_page(section, "Ailleurs")
    switch_on(elsewhere)
    make_contribution(elsewhere, colleague, title="Navette d'ailleurs")
    found = titles(ask(client_for(employee), canteen, "navette", **SCRIPT))
    assert len(found) == 5
    assert all(title.startswith("Navette numéro") for title in found)


def test_refusals(client, client_for, employee, outsider, members, box, canteen):
    assert ask(client, canteen, "navette", **SCRIPT).status_code == 401
    restricted = add_page(box, "Restreinte")
    restrict_to_groups(restricted, members)
    assert ask(client_for(outsider), restricted, "navette").status_code == 404
    set_policy(canteen, ideas_enabled=False)
    assert ask(client_for(employee), canteen, "navette", **SCRIPT).status_code == 403
    assert client_for(employee).post(SIMILAR, {"page": canteen.pk, "q": "x"}).status_code == 405


def test_rate_limited_per_person(client_for, employee, colleague, canteen, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SIMILAR_RATE_LIMIT = (3, 60)
    client = client_for(employee)
    for _n in range(3):
        assert ask(client, canteen, "navette", **SCRIPT).status_code == 200
    refused = ask(client, canteen, "navette", **SCRIPT)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert ask(client_for(colleague), canteen, "navette", **SCRIPT).status_code == 200


def test_the_form_has_the_region_and_the_url(client_for, employee, canteen):
    html = client_for(employee).get(canteen.url).content.decode()
    assert f'data-similar-url="{SIMILAR}"' in html
    assert 'id="idea-similar" data-social-similar aria-live="polite"' in html


def test_without_javascript_the_corrected_form_shows_similar_ones(client_for, employee, colleague, canteen):
    make_contribution(canteen, colleague, title="Covoiturage entre collègues")
    response = client_for(employee).post(SUBMIT, submission(canteen, title="Covoiturage du lundi", text=""))
    assert response.status_code == 400
    html = response.content.decode()
    region = html.split('id="idea-similar"')[1].split("</div>")[0]
    assert "Covoiturage entre collègues" in region
