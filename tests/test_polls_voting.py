"""Voting in polls through the real endpoint: rules, access, messages, rendering, placements."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.testapp.models import PollPage, PollTagPage
from tests.utils import add_page, make_user, set_policy
from wagtail_social_polls import voting
from wagtail_social_polls.blocks import poll_ids_in_content
from wagtail_social_polls.models import Choice, ChoiceTally, NamedVote, Poll, PollPlacement, Voter
from wagtail_social_polls.models.polls import (
    RESULTS_AFTER_CLOSE,
    RESULTS_AFTER_VOTE,
    RESULTS_ALWAYS,
    RESULTS_EDITORS,
)

pytestmark = pytest.mark.django_db
VOTE = reverse("wagtail_social_polls:vote")
SCRIPT = {"HTTP_X_WAGTAIL_SOCIAL": "1"}


def make_poll(*texts, **fields) -> Poll:
    poll = Poll.objects.create(question=fields.pop("question", "Lunch?"), **fields)
    for number, text in enumerate(texts or ("Yes", "No", "Maybe")):
        Choice.objects.create(poll=poll, text=text, sort_order=number)
    return poll


def choice(poll, text) -> Choice:
    return poll.choices.get(text=text)


def poll_page(parent, poll, title="Pulse") -> PollPage:
    return add_page(parent, title, model=PollPage, body=[("poll", poll)])


def vote(client, page, poll, *choices, **extra):
    data = {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(c.pk) for c in choices]}
    return client.post(VOTE, data, **extra)


def tallies(poll) -> dict:
    return {
        t.choice.text: t.votes for t in ChoiceTally.objects.filter(choice__poll=poll).select_related("choice")
    }


@pytest.fixture
def poll(db):
    return make_poll(results_visibility=RESULTS_ALWAYS)


@pytest.fixture
def page(section, poll):
    return poll_page(section, poll)


# Casting a vote ----------------------------------------------------------------------------


def test_plain_form_vote_counts_and_redirects_to_the_poll(client_for, employee, poll, page):
    response = vote(client_for(employee), page, poll, choice(poll, "Yes"))
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#poll-{poll.pk}"
    assert Voter.objects.filter(poll=poll, user=employee).count() == 1
    assert tallies(poll) == {"Yes": 1, "No": 0, "Maybe": 0}
    assert list(NamedVote.objects.values_list("choice__text", flat=True)) == ["Yes"]
    # The message waits for the host's template (Django's messages); the poll says it too.
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Thank you: your vote is recorded."]
    html = client_for(employee).get(page.url).content.decode()
    assert "You have voted." in html
    assert 'name="choice"' not in html  # not changeable: no form any more


def test_script_vote_gets_json_with_the_fresh_poll(client_for, employee, colleague, poll, page):
    vote(client_for(colleague), page, poll, choice(poll, "No"))
    response = vote(client_for(employee), page, poll, choice(poll, "Yes"), **SCRIPT)
    body = response.json()
    assert response.status_code == 200 and body["ok"] and body["code"] == voting.RECORDED
    assert body["message"] == "Thank you: your vote is recorded."
    assert f'id="poll-{poll.pk}"' in body["html"] and "<table" in body["html"]
    assert "Results: 2 people voted" in body["html"]
    assert "50 %" in body["html"] and 'style="width: 50.0%"' in body["html"]
    assert "<script" not in body["html"]  # the page already has the assets


def test_second_vote_is_refused_by_the_database(client_for, employee, poll, page):
    client = client_for(employee)
    vote(client, page, poll, choice(poll, "Yes"))
    response = vote(client, page, poll, choice(poll, "No"), **SCRIPT)
    assert response.status_code == 409
    assert response.json()["message"] == "You have already voted in this poll."
    assert tallies(poll) == {"Yes": 1, "No": 0, "Maybe": 0}
    with pytest.raises(IntegrityError), transaction.atomic():
        Voter.objects.create(poll=poll, user=employee)


def test_refused_vote_inside_a_transaction_leaves_it_usable(employee, poll, page):
    voting.cast_vote(employee, poll, [choice(poll, "Yes").pk])
    with transaction.atomic():
        outcome = voting.cast_vote(employee, poll, [choice(poll, "No").pk])
        assert outcome.code == voting.ALREADY_VOTED
        assert Voter.objects.count() == 1  # the outer transaction still runs queries


def test_multiple_choice_counts_each_choice(client_for, employee, section):
    poll = make_poll("A", "B", "C", multiple=True, min_choices=1, max_choices=2)
    page = poll_page(section, poll)
    response = vote(client_for(employee), page, poll, choice(poll, "A"), choice(poll, "C"))
    assert response.status_code == 302
    assert tallies(poll) == {"A": 1, "B": 0, "C": 1}
    assert 'type="checkbox"' in client_for(make_user("zoe")).get(page.url).content.decode()


# Changing a vote ---------------------------------------------------------------------------


@pytest.fixture
def changeable(section):
    poll = make_poll("A", "B", "C", changeable=True, multiple=True, max_choices=2)
    return poll, poll_page(section, poll, "Changeable")


def test_vote_change_moves_the_counts(client_for, employee, colleague, changeable):
    poll, page = changeable
    a, b, c = (choice(poll, t) for t in "ABC")
    vote(client_for(colleague), page, poll, a)
    client = client_for(employee)
    vote(client, page, poll, a, b)
    html = client.get(page.url).content.decode()
    assert "You may change your vote until the poll closes." in html
    assert f'value="{a.pk}" id="poll-{poll.pk}-choice-{a.pk}" checked' in html
    response = vote(client, page, poll, b, c, **SCRIPT)
    assert response.json()["code"] == voting.CHANGED
    assert tallies(poll) == {"A": 1, "B": 1, "C": 1}
    assert set(NamedVote.objects.filter(voter__user=employee).values_list("choice__text", flat=True)) == {
        "B",
        "C",
    }
    assert Voter.objects.filter(poll=poll).count() == 2
    assert vote(client, page, poll, c, b, **SCRIPT).json()["code"] == voting.UNCHANGED
    assert tallies(poll) == {"A": 1, "B": 1, "C": 1}


def test_vote_change_after_closing_is_refused(client_for, employee, changeable):
    poll, page = changeable
    client = client_for(employee)
    vote(client, page, poll, choice(poll, "A"))
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    response = vote(client, page, poll, choice(poll, "B"), **SCRIPT)
    assert response.status_code == 403
    assert "closed" in response.json()["message"]
    assert tallies(poll) == {"A": 1, "B": 0, "C": 0}


def test_a_secret_vote_cannot_be_changed_even_if_flagged_changeable(employee, section):
    poll = make_poll(secret=True, changeable=True)  # clean() refuses this; the rule holds anyway
    voting.cast_vote(employee, poll, [choice(poll, "Yes").pk])
    outcome = voting.cast_vote(employee, poll, [choice(poll, "No").pk])
    assert outcome.code == voting.ALREADY_VOTED and outcome.message == "You have already voted in this poll."
    assert tallies(poll) == {"Yes": 1, "No": 0, "Maybe": 0}


def test_a_vote_cast_in_secret_is_not_changed_after_the_poll_turns_named(employee):
    poll = make_poll(secret=True)
    voting.cast_vote(employee, poll, [choice(poll, "Yes").pk])
    Poll.objects.filter(pk=poll.pk).update(secret=False, changeable=True)
    poll.refresh_from_db()
    assert voting.cast_vote(employee, poll, [choice(poll, "No").pk]).code == voting.ALREADY_VOTED
    assert tallies(poll) == {"Yes": 1, "No": 0, "Maybe": 0}


# Opening and closing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (timedelta(0), None, voting.RECORDED),  # opens at opens_at exactly
        (timedelta(microseconds=1), None, voting.NOT_OPEN),
        (None, timedelta(0), voting.CLOSED),  # closed at closes_at exactly
        (None, timedelta(microseconds=1), voting.RECORDED),
        (None, -timedelta(days=1), voting.CLOSED),
    ],
)
def test_window_boundaries(employee, opens, closes, code):
    now = timezone.now()
    poll = make_poll(
        opens_at=now + opens if opens is not None else None,
        closes_at=now + closes if closes is not None else None,
    )
    outcome = voting.cast_vote(employee, poll, [choice(poll, "Yes").pk], now=now)
    assert outcome.code == code
    assert Voter.objects.filter(poll=poll).exists() == (code == voting.RECORDED)


def test_scheduled_poll_says_when_it_opens(client_for, employee, section):
    poll = make_poll(opens_at=timezone.now() + timedelta(days=2))
    page = poll_page(section, poll)
    client = client_for(employee)
    html = client.get(page.url).content.decode()
    assert "Not open yet: opens on" in html and 'name="choice"' not in html
    response = vote(client, page, poll, choice(poll, "Yes"))
    assert response.status_code == 403
    assert "This poll is not open yet: it opens on" in response.content.decode()
    assert f'href="{page.url}#poll-{poll.pk}"' in response.content.decode()
    assert not Voter.objects.exists()


def test_closed_poll_refuses_and_says_so(client_for, employee, section):
    poll = make_poll(closes_at=timezone.now() - timedelta(minutes=1))
    page = poll_page(section, poll)
    client = client_for(employee)
    assert "Closed on" in client.get(page.url).content.decode()
    response = vote(client, page, poll, choice(poll, "Yes"), **SCRIPT)
    assert response.status_code == 403
    assert response.json()["message"] == "This poll is closed: votes are no longer accepted."
    assert not Voter.objects.exists() and not ChoiceTally.objects.exists()


# Validation of choices ---------------------------------------------------------------------


@pytest.fixture
def pick_two(section):
    poll = make_poll("A", "B", "C", "D", multiple=True, min_choices=2, max_choices=3)
    return poll, poll_page(section, poll, "Pick two")


@pytest.mark.parametrize(
    ("picked", "code", "message"),
    [
        ("A", voting.TOO_FEW, "Choose at least 2 answers."),
        ("ABCD", voting.TOO_MANY, "Choose at most 3 answers."),
        ("", voting.NOTHING_CHOSEN, "Choose an answer before voting."),
        ("AA", voting.DUPLICATE_CHOICE, "Each answer can be chosen only once."),
    ],
)
def test_choice_counts_are_checked(client_for, employee, pick_two, picked, code, message):
    poll, page = pick_two
    response = vote(client_for(employee), page, poll, *(choice(poll, t) for t in picked), **SCRIPT)
    assert response.status_code == 400
    body = response.json()
    assert (body["ok"], body["code"], body["message"]) == (False, code, message)
    # The poll comes back with the error tied to the choices.
    assert f'aria-describedby="poll-{poll.pk}-hint poll-{poll.pk}-error" aria-invalid="true"' in body["html"]
    assert f'<p class="social-poll__error" id="poll-{poll.pk}-error">{message}</p>' in body["html"]
    assert not Voter.objects.exists() and not ChoiceTally.objects.exists()


def test_single_choice_poll_takes_one_answer(client_for, employee, poll, page):
    response = vote(client_for(employee), page, poll, choice(poll, "Yes"), choice(poll, "No"))
    assert response.status_code == 400
    assert "Choose only one answer." in response.content.decode()
    assert not Voter.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "", "-1", "1.5", str(10**30)])
def test_unknown_or_malformed_choice_is_400(client_for, employee, poll, page, value):
    data = {"page": str(page.pk), "poll": str(poll.pk), "choice": [value]}
    response = client_for(employee).post(VOTE, data)
    assert response.status_code == 400
    assert "not part of this poll" in response.content.decode()
    assert not Voter.objects.exists()


def test_choice_of_another_poll_is_unknown(client_for, employee, poll, page):
    other = make_poll("Elsewhere")
    response = vote(client_for(employee), page, poll, choice(other, "Elsewhere"), **SCRIPT)
    assert response.status_code == 400 and response.json()["code"] == voting.UNKNOWN_CHOICE
    assert not Voter.objects.exists() and not ChoiceTally.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"poll": "abc"},
        {"poll": ""},
        {"poll": "999999"},
        {"poll": str(10**30)},
        {"page": "abc"},
        {"page": "999999"},
        {"page": str(10**30)},
    ],
)
def test_bad_page_or_poll_is_404(client_for, employee, poll, page, data):
    payload = {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(choice(poll, "Yes").pk)], **data}
    assert client_for(employee).post(VOTE, payload).status_code == 404
    assert not Voter.objects.exists()


# Access ------------------------------------------------------------------------------------


def test_get_is_405_and_missing_csrf_is_403(employee, poll, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    assert client.get(VOTE).status_code == 405
    assert vote(client, page, poll, choice(poll, "Yes")).status_code == 403
    assert not Voter.objects.exists()


def test_anonymous_is_sent_to_login_or_told_with_a_script(client, poll, page):
    response = vote(client, page, poll, choice(poll, "Yes"))
    assert response.status_code == 302 and "login" in response["Location"]
    response = vote(client, page, poll, choice(poll, "Yes"), **SCRIPT)
    assert response.status_code == 401 and response.json()["message"] == "Log in to vote."
    html = client.get(page.url).content.decode()
    assert "Log in to vote" in html and 'name="choice"' not in html
    assert not Voter.objects.exists()


class TestPrivateCommunity:
    @pytest.fixture
    def private_poll(self, db):
        return make_poll(question="Community only", results_visibility=RESULTS_ALWAYS)

    @pytest.fixture
    def topic(self, community, private_poll):
        return poll_page(community, private_poll, "Topic")

    def test_member_votes(self, client_for, member, private_poll, topic):
        assert "Community only" in client_for(member).get(topic.url).content.decode()
        assert vote(client_for(member), topic, private_poll, choice(private_poll, "Yes")).status_code == 302
        assert Voter.objects.count() == 1

    def test_non_member_and_anonymous_get_the_same_404(
        self, client_for, client, outsider, private_poll, topic
    ):
        yes = choice(private_poll, "Yes")
        missing = {"page": "999999", "poll": str(private_poll.pk), "choice": [str(yes.pk)]}
        expected = client_for(outsider).post(VOTE, missing)
        for someone in (client_for(outsider), Client()):
            response = vote(someone, topic, private_poll, yes)
            assert response.status_code == 404 == expected.status_code
            assert response.content == expected.content
        assert not Voter.objects.exists()

    def test_poll_not_shown_on_the_public_page_is_404(self, client_for, member, private_poll, topic, page):
        # The member may see both pages, but the private poll is not on the public one.
        response = vote(client_for(member), page, private_poll, choice(private_poll, "Yes"))
        assert response.status_code == 404
        assert not Voter.objects.exists()


def test_polls_switched_off_by_policy(client_for, employee, poll, page):
    set_policy(page, polls_enabled=False)
    client = client_for(employee)
    html = client.get(page.url).content.decode()
    assert "social-poll" not in html and "Lunch?" not in html
    response = vote(client, page, poll, choice(poll, "Yes"))
    assert response.status_code == 403
    assert "Polls are not open on this page." in response.content.decode()
    assert not Voter.objects.exists()


def test_policy_switch_is_inherited_from_the_section(client_for, employee, section, poll, page):
    set_policy(section, comments_enabled=True, polls_enabled=False)
    assert vote(client_for(employee), page, poll, choice(poll, "Yes")).status_code == 403


def test_rate_limit_answers_429_per_person(client_for, employee, colleague, section, settings):
    settings.WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT = (2, 60)
    polls = [make_poll(question=f"Q{n}") for n in range(3)]
    pages = [poll_page(section, p, f"P{n}") for n, p in enumerate(polls)]
    client = client_for(employee)
    for p, pg in zip(polls[:2], pages[:2], strict=True):
        assert vote(client, pg, p, choice(p, "Yes")).status_code == 302
    response = vote(client, pages[2], polls[2], choice(polls[2], "Yes"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert not Voter.objects.filter(poll=polls[2]).exists()
    assert vote(client_for(colleague), pages[2], polls[2], choice(polls[2], "Yes")).status_code == 302


# Placements --------------------------------------------------------------------------------


def test_publishing_keeps_placements_in_step_with_the_body(client_for, employee, poll, page):
    assert PollPlacement.objects.filter(poll=poll, page=page, source="content").exists()
    page.body = [("paragraph", "No poll any more")]
    page.save_revision().publish()
    assert not PollPlacement.objects.filter(page=page).exists()
    assert vote(client_for(employee), page, poll, choice(poll, "Yes")).status_code == 404


def test_a_draft_or_preview_does_not_place_a_poll(client_for, employee, section, poll):
    page = add_page(section, "Empty", model=PollPage)
    page.body = [("poll", poll)]
    page.save_revision()  # a draft: not published
    assert not PollPlacement.objects.filter(page=page).exists()
    request_page = PollPage.objects.get(pk=page.pk)
    request_page.body = [("poll", poll)]
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = employee
    request.session = {}
    request.is_preview = True
    assert "Lunch?" in request_page.serve_preview(request, "").render().content.decode()
    assert not PollPlacement.objects.filter(page=page).exists()
    assert vote(client_for(employee), page, poll, choice(poll, "Yes")).status_code == 404


def test_polls_nested_in_a_struct_block_are_found(section):
    poll = make_poll(question="Nested")
    page = add_page(section, "Nested", model=PollPage, body=[("column", {"title": "Side", "poll": poll})])
    assert poll_ids_in_content(page) == {poll.pk}
    assert PollPlacement.objects.filter(poll=poll, page=page).exists()


def test_template_tag_places_its_poll_on_first_live_render(client_for, employee, section, poll):
    page = add_page(section, "Tagged", model=PollTagPage, poll=poll)
    client = client_for(employee)
    assert vote(client, page, poll, choice(poll, "Yes")).status_code == 404  # never shown yet
    html = client.get(page.url).content.decode()
    assert f'id="poll-{poll.pk}"' in html and "wagtail_social_polls.js" in html
    assert PollPlacement.objects.get(poll=poll, page=page).source == "template"
    assert vote(client, page, poll, choice(poll, "Yes")).status_code == 302
    page.save_revision().publish()  # publishing keeps what the template placed
    assert PollPlacement.objects.filter(poll=poll, page=page).exists()


def test_tag_shows_nothing_on_a_page_the_reader_cannot_see(client_for, outsider, community, poll):
    page = add_page(community, "Tagged private", model=PollTagPage, poll=poll)
    assert client_for(outsider).get(page.url).status_code != 200  # Wagtail itself refuses the page
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user, request.session = outsider, {}
    rendered = Template("{% load wagtail_social_polls_tags %}{% social_poll poll %}").render(
        Context({"request": request, "page": page, "poll": poll})
    )
    assert rendered == ""
    assert not PollPlacement.objects.filter(page=page).exists()


# Results visibility ------------------------------------------------------------------------


def results_shown(client, page) -> bool:
    return 'class="social-poll__results"' in client.get(page.url).content.decode()


def test_results_always(client, poll, page):
    assert results_shown(client, page)


def test_results_after_vote(client_for, employee, section):
    poll = make_poll(results_visibility=RESULTS_AFTER_VOTE)
    page = poll_page(section, poll)
    client = client_for(employee)
    assert not results_shown(client, page)
    assert "Results are shown once you have voted." in client.get(page.url).content.decode()
    vote(client, page, poll, choice(poll, "No"))
    html = client.get(page.url).content.decode()
    assert 'class="social-poll__results"' in html
    assert 'No <span class="social-poll__mine-label">(your answer)</span>' in html


def test_results_after_close(client_for, employee, section):
    poll = make_poll(results_visibility=RESULTS_AFTER_CLOSE, closes_at=timezone.now() + timedelta(days=1))
    page = poll_page(section, poll)
    client = client_for(employee)
    vote(client, page, poll, choice(poll, "Yes"))
    assert not results_shown(client, page)
    assert "Results are shown once the poll closes, on" in client.get(page.url).content.decode()
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    assert results_shown(client, page)


def test_results_to_editors_only(client_for, employee, section):
    poll = make_poll(results_visibility=RESULTS_EDITORS)
    page = poll_page(section, poll)
    vote(client_for(employee), page, poll, choice(poll, "Yes"))
    assert not results_shown(client_for(employee), page)
    assert (
        "Results are shown to the editors of this poll only."
        in client_for(employee).get(page.url).content.decode()
    )
    poll_editor = make_user("pe")
    poll_editor.user_permissions.add(Permission.objects.get(codename="change_poll"))
    assert results_shown(client_for(poll_editor), page)


@pytest.mark.parametrize(("voters", "shown"), [(4, False), (5, True)])
def test_secret_results_wait_for_k_voters_even_for_editors(client_for, section, voters, shown):
    poll = make_poll(secret=True, results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    for n in range(voters):
        voting.cast_vote(make_user(f"v{n}"), poll, [choice(poll, "Yes").pk])
    admin = make_user("root", is_superuser=True, is_staff=True)
    for viewer in (admin, make_user("reader")):
        html = client_for(viewer).get(page.url).content.decode()
        assert ('class="social-poll__results"' in html) == shown
        assert ("Results appear once 5 people have voted." in html) == (not shown)


@override_settings(WAGTAIL_SOCIAL_POLLS_SECRET_MIN_VOTERS=1)
def test_threshold_never_goes_below_three(client_for, section):
    poll = make_poll(secret=True, results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    for n in range(2):
        voting.cast_vote(make_user(f"v{n}"), poll, [choice(poll, "Yes").pk])
    html = client_for(make_user("reader")).get(page.url).content.decode()
    assert "Results appear once 3 people have voted." in html


def test_named_threshold_does_not_apply(client_for, employee, poll, page):
    vote(client_for(employee), page, poll, choice(poll, "Yes"))
    assert results_shown(client_for(employee), page)


# Rendering ---------------------------------------------------------------------------------


def test_poll_markup_is_accessible_html(client_for, employee, poll, page):
    html = client_for(employee).get(page.url).content.decode()
    assert f'<section class="social-poll social-poll--open" id="poll-{poll.pk}"' in html
    assert "<fieldset" in html and '<legend class="social-poll__legend">Your answer</legend>' in html
    assert f'aria-describedby="poll-{poll.pk}-hint"' in html and "Choose one answer." in html
    yes = choice(poll, "Yes")
    assert f'<input type="radio" name="choice" value="{yes.pk}" id="poll-{poll.pk}-choice-{yes.pk}">' in html
    assert f'<label for="poll-{poll.pk}-choice-{yes.pk}">Yes</label>' in html
    assert 'role="status" aria-live="polite"' in html
    assert '<th scope="row">Yes</th>' in html and "0 %" in html


def test_page_without_request_context_renders_no_poll(poll, page):
    # ``{{ page.body }}`` gives the block no request: it cannot check access, so shows nothing.
    assert "Lunch?" not in str(PollPage.objects.get(pk=page.pk).body)


@pytest.mark.parametrize("secret", [False, True])
def test_rendering_queries_do_not_grow_with_votes(client_for, employee, section, secret):
    counts = {}
    for size in (10, 1000):
        poll = make_poll(secret=secret, results_visibility=RESULTS_ALWAYS, question=f"Size {size}")
        page = poll_page(section, poll, f"Size {size}")
        users = make_users(size, prefix=f"s{size}")
        voters = Voter.objects.bulk_create(Voter(poll=poll, user=user) for user in users)
        yes, no = choice(poll, "Yes"), choice(poll, "No")
        ChoiceTally.objects.bulk_create(
            [ChoiceTally(choice=yes, votes=size - 3), ChoiceTally(choice=no, votes=3)]
        )
        if not secret:
            NamedVote.objects.bulk_create(
                NamedVote(voter=voter, choice=yes if n >= 3 else no) for n, voter in enumerate(voters)
            )
        client = client_for(employee)
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        assert f"Results: {size} people voted" in html
        counts[size] = len(captured)
    assert counts[10] == counts[1000], counts


def make_users(count, prefix):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.bulk_create(User(username=f"{prefix}-{n}") for n in range(count))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # foreign keys are checked at commit
def test_a_choice_deleted_while_the_vote_travels_is_refused_not_a_server_error(employee, section):
    """The endpoint keeps a poll's choice ids for the generation; a choice deleted since (by an
    editor, in another process) is refused by the database, and the vote with it."""
    from wagtail_social_polls import voting

    poll = make_poll("Yes", "No")
    known_ids = list(poll.choices.values_list("pk", flat=True))
    gone = choice(poll, "No")
    gone_id = gone.pk
    gone.delete()
    outcome = voting.cast_vote(employee, poll, [gone_id], poll_choice_ids=known_ids)
    assert outcome.code == voting.UNKNOWN_CHOICE
    assert not Voter.objects.filter(poll=poll).exists()


def test_polls_are_found_in_lists_and_nested_streams_without_loading_them():
    """``poll_ids_in_content`` reads the raw JSON, where a poll is its id: both list formats
    (items as ``{"type": "item", ...}`` since Wagtail 2.16, bare before) and nested streams."""
    from wagtail import blocks

    from wagtail_social_polls.blocks import PollChooserBlock, _poll_ids

    stream = blocks.StreamBlock(
        [
            ("polls", blocks.ListBlock(PollChooserBlock())),
            ("inner", blocks.StreamBlock([("poll", PollChooserBlock()), ("text", blocks.TextBlock())])),
        ]
    )
    raw = [
        {"type": "polls", "value": [{"type": "item", "value": 4, "id": "a"}, 5], "id": "b"},
        {"type": "inner", "value": [{"type": "poll", "value": 6}, {"type": "text", "value": "7"}]},
        {"type": "gone", "value": 8},  # a block type since removed from the definition
    ]
    with CaptureQueriesContext(connection) as queries:
        assert sorted(_poll_ids(stream, raw)) == [4, 5, 6]
    assert not queries.captured_queries
