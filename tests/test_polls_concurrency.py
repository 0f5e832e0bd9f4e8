"""Votes sent at the same moment, through the real vote endpoint, from real threads.

The threads are those of ``tests/test_concurrency.py`` (``post_together``): each has its own
test client and database connection, and they wait at a barrier so their requests overlap. The
tests are transactional, so the threads see the poll; on SQLite they rely on the test database
being a WAL file opened with ``transaction_mode="IMMEDIATE"`` and a busy timeout.

One vote per person is the ``Voter`` unique constraint; counters move by ``votes + 1`` on
rows locked in choice order. These tests check that nothing is lost, doubled or half-written
when the requests race, and that no race ends in a server error.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations

import pytest
from django.urls import reverse

from tests.test_concurrency import post_together, server_errors  # noqa: F401 - server_errors is a fixture
from tests.test_polls_voting import make_poll, poll_page
from tests.utils import make_user
from wagtail_social_polls import voting
from wagtail_social_polls.models import ChoiceTally, NamedVote, Voter
from wagtail_social_polls.models.polls import RESULTS_ALWAYS
from wagtail_social_polls.results import results_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VOTE = reverse("wagtail_social_polls:vote")
TEXTS = ("A", "B", "C", "D")


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT = (10_000, 60)


def ballot_data(page, poll, choice_ids) -> dict:
    """What the poll's form sends: the page, the poll and the ticked choices."""
    return {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(pk) for pk in choice_ids]}


def choice_ids(poll) -> list[int]:
    return list(poll.choices.order_by("sort_order").values_list("pk", flat=True))


def tallies(poll) -> dict[int, int]:
    return dict(ChoiceTally.objects.filter(choice__poll=poll).values_list("choice_id", "votes"))


def assert_answered(results, errors: list[str], expected: dict[int, int]) -> None:
    """No server error, and the statuses counted as ``expected`` (``{status: how many}``)."""
    assert not errors, f"{len(errors)} server errors, e.g. {errors[:3]}"
    statuses = Counter(status for status, _body in results)
    assert statuses == expected, f"{statuses}; e.g. {[r for r in results if r[0] >= 500][:3]}"


def ballots_of_everyone(poll, people: int) -> list[list[int]]:
    """A different mix of one or two choices for each person, so that every counter differs."""
    ids = choice_ids(poll)
    mixes = [[ids[0]], [ids[0], ids[1]], [ids[1], ids[2]], [ids[0], ids[3]], [ids[2]], [ids[0], ids[2]]]
    return [mixes[n % len(mixes)] for n in range(people)]


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_two_hundred_employees_vote_at_once(section, server_errors, secret):  # noqa: F811
    poll = make_poll(*TEXTS, multiple=True, max_choices=2, secret=secret, results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    users = [make_user(f"voter{n}") for n in range(200)]
    ballots = ballots_of_everyone(poll, len(users))
    requests = [(user, ballot_data(page, poll, ballot)) for user, ballot in zip(users, ballots, strict=True)]
    results = post_together(requests, url=VOTE)
    assert_answered(results, server_errors, {200: 200})
    assert Voter.objects.filter(poll=poll).count() == 200
    assert set(Voter.objects.values_list("user_id", flat=True)) == {user.pk for user in users}
    sent = Counter(pk for ballot in ballots for pk in ballot)
    assert tallies(poll) == {pk: sent[pk] for pk in choice_ids(poll)}
    if secret:
        assert not NamedVote.objects.exists()
    else:
        stored = Counter(NamedVote.objects.values_list("voter__user_id", "choice_id"))
        expected = Counter(
            (user.pk, pk) for user, ballot in zip(users, ballots, strict=True) for pk in ballot
        )
        assert stored == expected
    results = results_for(poll)
    assert results.voters == 200
    assert [(item.choice_id, item.votes, item.percent) for item in results.choices] == [
        (pk, sent[pk], round(100 * sent[pk] / 200, 1)) for pk in choice_ids(poll)
    ]


def test_one_employee_sends_the_same_vote_fifty_times_at_once(section, server_errors):  # noqa: F811
    poll = make_poll(*TEXTS, results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    first, second = choice_ids(poll)[:2]
    for n in range(3):  # colleagues voted before: only the eager one's vote may move the counts
        voting.cast_vote(make_user(f"early{n}"), poll, [second])
    eager = make_user("eager")
    results = post_together([(eager, ballot_data(page, poll, [first])) for _ in range(50)], url=VOTE)
    assert_answered(results, server_errors, {200: 1, 409: 49})
    assert {json.loads(body)["code"] for status, body in results if status == 409} == {voting.ALREADY_VOTED}
    assert Voter.objects.filter(poll=poll, user=eager).count() == 1
    assert Voter.objects.filter(poll=poll).count() == 4
    assert tallies(poll) == {**dict.fromkeys(choice_ids(poll), 0), first: 1, second: 3}
    assert list(NamedVote.objects.filter(voter__user=eager).values_list("choice_id", flat=True)) == [first]


def test_one_employee_sends_fifty_different_votes_at_once(section, server_errors):  # noqa: F811
    """On a poll whose votes may change, the requests apply one after the other: whichever
    comes last, the counters hold exactly its ballot, once."""
    poll = make_poll("A", "B", "C", "D", "E", "F", multiple=True, changeable=True)
    page = poll_page(section, poll)
    ids = choice_ids(poll)
    ballots = [list(mix) for size in (1, 2, 3, 4) for mix in combinations(ids, size)][:50]
    assert len({tuple(ballot) for ballot in ballots}) == 50
    eager = make_user("eager")
    results = post_together([(eager, ballot_data(page, poll, ballot)) for ballot in ballots], url=VOTE)
    assert_answered(results, server_errors, {200: 50})
    codes = Counter(json.loads(body)["code"] for _status, body in results)
    assert codes == {voting.RECORDED: 1, voting.CHANGED: 49}
    assert Voter.objects.filter(poll=poll).count() == 1
    final = set(NamedVote.objects.filter(voter__user=eager).values_list("choice_id", flat=True))
    assert sorted(final) in ballots
    counts = tallies(poll)
    assert counts == {pk: int(pk in final) for pk in ids}
    assert sum(counts.values()) == len(final)


def test_fifty_votes_at_once_never_find_the_database_locked(section, server_errors):  # noqa: F811
    """Fifty people, two polls of the same page (half a named, half a secret ballot): on SQLite
    every write waits its turn (``BEGIN IMMEDIATE``, busy timeout) instead of failing."""
    named = make_poll(*TEXTS, question="Named")
    secret = make_poll(*TEXTS, question="Secret", secret=True)
    page = poll_page(section, named)
    page.body = [("poll", named), ("poll", secret)]
    page.save_revision().publish()
    users = [make_user(f"voter{n}") for n in range(50)]
    polls = [named, secret] * 25
    requests = [
        (user, ballot_data(page, poll, [choice_ids(poll)[n % len(TEXTS)]]))
        for n, (user, poll) in enumerate(zip(users, polls, strict=True))
    ]
    results = post_together(requests, url=VOTE)
    assert not any("locked" in error for error in server_errors), server_errors
    assert not any("locked" in body for _status, body in results)
    assert_answered(results, server_errors, {200: 50})
    for poll in (named, secret):
        assert Voter.objects.filter(poll=poll).count() == 25
        assert sum(tallies(poll).values()) == 25
