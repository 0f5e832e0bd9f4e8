"""Votes in the participation figures (``wagtail_social_polls/feature.py``): a named vote counts
on its day, a secret ballot (and a named vote older than the day's record) over its poll's open
window, on the first page the poll is placed on. Days are local (Europe/Paris in the tests):
the times below are picked where the UTC date and the local date differ."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.test_polls_voting import choice, make_poll, poll_page, vote
from tests.utils import add_page
from wagtail_social.features import get_feature
from wagtail_social_polls import voting
from wagtail_social_polls.feature import NEVER, export_votes
from wagtail_social_polls.models import NamedVote, Poll, PollPlacement, Voter
from wagtail_social_polls.models.polls import RESULTS_ALWAYS

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def activity_rows(kind: str) -> list[dict]:
    activity = {activity.kind: activity for activity in get_feature("polls").activities}[kind]
    return list(activity.rows())


def placed(poll, *pages) -> Poll:
    for page in pages:
        PollPlacement.objects.create(poll=poll, page=page)
    return poll


def test_polls_declare_a_dated_and_a_windowed_engagement():
    activities = {activity.kind: activity for activity in get_feature("polls").activities}
    assert set(activities) == {"vote", "poll_window"}
    assert {activity.counts_as for activity in activities.values()} == {"engaged"}
    assert not activities["vote"].windowed and activities["poll_window"].windowed


def test_a_named_vote_through_the_endpoint_counts_on_its_day(client_for, employee, section):
    poll = make_poll(results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    assert vote(client_for(employee), page, poll, choice(poll, "Yes")).status_code == 302
    assert activity_rows("vote") == [{"person": employee.pk, "page": page.pk, "day": timezone.localdate()}]
    assert activity_rows("poll_window") == []


def test_a_named_vote_is_dated_in_the_site_time_zone_by_its_insert(employee, article):
    poll = placed(make_poll(), article)
    # 23:30 UTC on 10 March is 00:30 on 11 March in Paris.
    with CaptureQueriesContext(connection) as captured:
        assert voting.cast_vote(
            employee, poll, [choice(poll, "Yes").pk], now=at(2026, 3, 10, 23, 30)
        ).accepted
    assert Voter.objects.get(poll=poll).voted_on == datetime.date(2026, 3, 11)
    voter_table = Voter._meta.db_table
    writes = [q["sql"] for q in captured.captured_queries if voter_table in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("INSERT") and "voted_on" in writes[0]  # one statement
    assert activity_rows("vote") == [
        {"person": employee.pk, "page": article.pk, "day": datetime.date(2026, 3, 11)}
    ]


def test_a_changed_vote_moves_the_day_an_unchanged_one_does_not(employee, article):
    poll = placed(make_poll(changeable=True), article)
    yes, no = choice(poll, "Yes").pk, choice(poll, "No").pk
    assert voting.cast_vote(employee, poll, [yes], now=at(2026, 3, 2, 9)).code == voting.RECORDED
    assert voting.cast_vote(employee, poll, [no], now=at(2026, 3, 5, 9)).code == voting.CHANGED
    assert Voter.objects.get(poll=poll).voted_on == datetime.date(2026, 3, 5)
    assert voting.cast_vote(employee, poll, [no], now=at(2026, 3, 9, 9)).code == voting.UNCHANGED
    assert [row["day"] for row in activity_rows("vote")] == [datetime.date(2026, 3, 5)]


def test_a_secret_vote_has_no_day_and_counts_over_the_polls_window(employee, colleague, article):
    # Opens 23:30 UTC on 1 March (2 March in Paris); closes 22:30 UTC on 31 March, which is
    # 00:30 on 1 April in Paris (summer time since 29 March).
    poll = placed(
        make_poll(secret=True, opens_at=at(2026, 3, 1, 23, 30), closes_at=at(2026, 3, 31, 22, 30)), article
    )
    for person, text in ((employee, "Yes"), (colleague, "No")):
        assert voting.cast_vote(person, poll, [choice(poll, text).pk], now=at(2026, 3, 15, 12)).accepted
    with connection.cursor() as cursor:  # the stored column itself, not what the ORM makes of it
        cursor.execute(f"SELECT voted_on FROM {Voter._meta.db_table} WHERE poll_id = %s", [poll.pk])  # noqa: S608
        assert cursor.fetchall() == [(None,), (None,)]
    assert activity_rows("vote") == []
    window = {"page": article.pk, "day": datetime.date(2026, 3, 2), "until": datetime.date(2026, 4, 1)}
    assert sorted(activity_rows("poll_window"), key=lambda row: row["person"]) == [
        {"person": employee.pk, **window},
        {"person": colleague.pk, **window},
    ]


def test_a_poll_that_opens_on_saving_and_never_closes(employee, article):
    poll = placed(make_poll(secret=True), article)
    Poll.objects.filter(pk=poll.pk).update(created_at=at(2026, 6, 30, 22, 15))  # 1 July in Paris
    assert voting.cast_vote(employee, poll, [choice(poll, "Yes").pk], now=at(2026, 7, 3, 8)).accepted
    assert activity_rows("poll_window") == [
        {"person": employee.pk, "page": article.pk, "day": datetime.date(2026, 7, 1), "until": NEVER}
    ]


def test_named_votes_from_before_the_day_was_recorded_count_over_the_window(employee, article):
    poll = placed(make_poll(opens_at=at(2026, 1, 5, 8), closes_at=at(2026, 1, 20, 8)), article)
    Voter.objects.create(poll=poll, user=employee)  # as migration 0004 left it: no day
    assert activity_rows("vote") == []
    assert activity_rows("poll_window") == [
        {
            "person": employee.pk,
            "page": article.pk,
            "day": datetime.date(2026, 1, 5),
            "until": datetime.date(2026, 1, 20),
        }
    ]


def test_a_poll_on_two_pages_counts_on_the_first_and_one_placed_nowhere_not_at_all(employee, section):
    first, second = add_page(section, "First"), add_page(section, "Second")
    named = placed(make_poll(), second, first)
    secret = placed(make_poll(secret=True), second, first)
    nowhere = make_poll()
    for poll in (named, secret, nowhere):
        assert voting.cast_vote(employee, poll, [choice(poll, "Yes").pk]).accepted
    assert [row["page"] for row in activity_rows("vote")] == [first.pk]
    assert [row["page"] for row in activity_rows("poll_window")] == [first.pk]
    PollPlacement.objects.create(poll=nowhere, page=second)  # placed again: counted again
    assert sorted(row["page"] for row in activity_rows("vote")) == [first.pk, second.pk]


def test_the_rows_have_exactly_the_declared_keys(employee, colleague, article):
    assert voting.cast_vote(employee, placed(make_poll(), article), []).code == voting.NOTHING_CHOSEN
    named, secret = placed(make_poll(), article), placed(make_poll(secret=True), article)
    for poll in (named, secret):
        assert voting.cast_vote(colleague, poll, [choice(poll, "No").pk]).accepted
    for activity in get_feature("polls").activities:
        rows = list(activity.rows())
        assert len(rows) == 1, activity.kind
        assert set(rows[0]) == {"person", "page", "day"} | ({"until"} if activity.windowed else set())
        assert all(isinstance(rows[0][key], datetime.date) for key in ("day", "until") if key in rows[0])


def test_export_gives_a_named_votes_day_and_erasure_keeps_the_figures(employee, article):
    named = placed(make_poll(question="Named?"), article)
    secret = placed(make_poll(question="Secret?", secret=True), article)
    assert voting.cast_vote(employee, named, [choice(named, "Yes").pk], now=at(2026, 3, 10, 23, 30)).accepted
    assert voting.cast_vote(employee, secret, [choice(secret, "No").pk]).accepted
    assert export_votes(employee) == [
        {
            "poll": named.pk,
            "question": "Named?",
            "secret": False,
            "choices": ["Yes"],
            "voted_on": "2026-03-11",
        },
        {"poll": secret.pk, "question": "Secret?", "secret": True, "choices": []},
    ]
    before = (activity_rows("vote"), activity_rows("poll_window"))
    get_feature("polls").erase_person(employee)
    assert not NamedVote.objects.exists()
    assert (activity_rows("vote"), activity_rows("poll_window")) == before
