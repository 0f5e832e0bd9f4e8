"""What a new user hit in the reaction markup (issue 11): zero counts, "who reacted" links,
landmarks, and the empty "Your opinion" card."""

import re

import pytest
from django.test import Client

from tests.utils import add_page, make_comment, set_policy
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def reactive(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Reactive")


def test_zero_counts_are_quiet_buttons_without_a_number(client_for, employee, colleague, reactive):
    make_comment(reactive, colleague, "First")
    make_comment(reactive, colleague, "Second")
    Reaction.objects.create(user=colleague, page=reactive, kind="useful")
    html = client_for(employee).get(reactive.url).content.decode()
    assert 'class="social-reaction__count">0<' not in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"Bravo\s+0", text) and not re.search(r"Curious\s+0", text)
    quiet = re.findall(r'<button type="submit" class="social-reaction social-reaction--quiet"[^>]*>', html)
    assert len(quiet) == 3 * 4 - 1  # page and two comments, four kinds each; "useful" on the page counted
    assert re.search(r'value="add:useful"[^>]*>.*?Useful <span class="social-reaction__count">1</span>', html)


def test_who_reacted_links_are_named_by_their_visible_text(client_for, employee, colleague, reactive):
    Reaction.objects.create(user=colleague, page=reactive, kind="bravo")
    html = client_for(employee).get(reactive.url).content.decode()
    links = re.findall(r'<a class="social-reaction__who"[^>]*>.*?</a>', html)
    assert len(links) == 1
    assert "aria-label" not in links[0]
    # The visible text ("1", the emoji being hidden) starts the accessible name.
    assert re.search(
        r'<span aria-hidden="true">[^<]+</span> 1<span class="social-visually-hidden"> “Bravo”: see who reacted</span>',
        links[0],
    )
    assert "Who reacted:" in html


def test_reaction_forms_are_not_landmarks_all_named_reactions(client_for, employee, colleague, reactive):
    make_comment(reactive, colleague, "First")
    make_comment(reactive, colleague, "Second")
    html = client_for(employee).get(reactive.url).content.decode()
    forms = re.findall(r"<form[^>]*data-social-reactions[^>]*>", html)
    assert len(forms) == 3
    assert all("aria-label" not in form and "aria-labelledby" not in form for form in forms)
    assert html.count('<div class="social-reactions" role="group" aria-label="Reactions">') == 3


def test_no_empty_opinion_card_for_an_anonymous_reader(home):
    page = add_page(home, "Only reactions")
    set_policy(page, reactions_enabled=True)
    html = Client().get(page.url).content.decode()
    assert "Your opinion" not in html and 'id="social-comments"' not in html


def test_the_opinion_card_stays_where_there_is_something(client_for, employee, colleague, home):
    page = add_page(home, "Only reactions")
    set_policy(page, reactions_enabled=True)
    assert "Your opinion" in client_for(employee).get(page.url).content.decode()  # buttons to press
    Reaction.objects.create(user=colleague, page=page, kind="like")
    assert "Your opinion" in Client().get(page.url).content.decode()  # a count to read
