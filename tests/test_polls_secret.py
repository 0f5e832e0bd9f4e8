"""Secret ballots: nothing the application stores links a person to a choice.

The tests look at the database itself (every table, not only ours), the logs, the session, the
messages and the cache, after votes sent through the real endpoint.
"""

import logging
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection, models, transaction
from django.urls import reverse

from tests.test_polls_voting import choice, make_poll, poll_page
from tests.utils import make_user
from wagtail_social_polls.models import Choice, ChoiceTally, NamedVote, Voter
from wagtail_social_polls.models.polls import RESULTS_ALWAYS

pytestmark = pytest.mark.django_db
VOTE = reverse("wagtail_social_polls:vote")
POLL_APP = "wagtail_social_polls"


@pytest.fixture
def secret(section):
    poll = make_poll(
        "Alpha-choice", "Beta-choice", "Gamma-choice", secret=True, results_visibility=RESULTS_ALWAYS
    )
    return poll, poll_page(section, poll, "Secret")


@pytest.fixture
def voters(client_for, db):
    """Two logged-in people; logging in (session, last_login) happens before any snapshot."""
    from django.test import Client

    people = []
    for name in ("ann", "ben"):
        client = Client()
        client.force_login(make_user(name))
        people.append(client)
    return people


def send_vote(client, page, poll, *texts, **extra):
    data = {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(choice(poll, t).pk) for t in texts]}
    return client.post(VOTE, data, **extra)


def points_to(field, *targets) -> bool:
    return field.is_relation and field.related_model in targets


# The shape of what is stored ---------------------------------------------------------------


def test_only_named_votes_may_hold_a_person_and_a_choice():
    """Across the app's models, the one table joining a voter and a choice is NamedVote, which
    secret polls never write (next test). A new model doing so would fail here."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    both = []
    for model in apps.get_app_config(POLL_APP).get_models():
        fields = model._meta.get_fields()
        person = any(points_to(f, user_model, Voter) and f.concrete for f in fields)
        ballot = any(points_to(f, Choice, ChoiceTally) and f.concrete for f in fields)
        if person and ballot:
            both.append(model)
    assert both == [NamedVote]


def test_counters_and_voter_rows_carry_nothing_that_could_line_them_up():
    tally_fields = {f.name for f in ChoiceTally._meta.concrete_fields}
    assert tally_fields == {"choice", "votes"}  # no id, no timestamp, no voter
    assert ChoiceTally._meta.pk.name == "choice"  # no autoincrement id in order of votes
    voter_fields = {f.name for f in Voter._meta.concrete_fields}
    assert voter_fields == {"id", "poll", "user", "voted_on"}  # no choice, no ballot, no timestamp
    assert not any(
        isinstance(f, (models.DateField, models.TimeField)) for f in ChoiceTally._meta.concrete_fields
    )
    # The voter row's only date is the day of a NAMED vote, never written for a secret poll
    # (tests/test_polls_activity.py): no time of day anywhere.
    dated = [
        f.name for f in Voter._meta.concrete_fields if isinstance(f, (models.DateField, models.TimeField))
    ]
    assert dated == ["voted_on"]
    assert not isinstance(Voter._meta.get_field("voted_on"), models.DateTimeField)


def test_secret_voter_rows_carry_no_day(voters, secret):
    poll, page = secret
    send_vote(voters[0], page, poll, "Alpha-choice")
    send_vote(voters[1], page, poll, "Beta-choice")
    assert list(Voter.objects.filter(poll=poll).values_list("voted_on", flat=True)) == [None, None]


def test_secret_votes_write_no_row_joining_a_person_and_a_choice(voters, secret):
    poll, page = secret
    send_vote(voters[0], page, poll, "Alpha-choice")
    send_vote(voters[1], page, poll, "Beta-choice")
    assert Voter.objects.filter(poll=poll).count() == 2
    assert not NamedVote.objects.exists()
    assert dict(ChoiceTally.objects.filter(choice__poll=poll).values_list("choice__text", "votes")) == {
        "Alpha-choice": 1,
        "Beta-choice": 1,
        "Gamma-choice": 0,
    }


def test_the_first_vote_creates_every_counter(voters, secret):
    poll, page = secret
    send_vote(voters[0], page, poll, "Gamma-choice")
    assert ChoiceTally.objects.filter(choice__poll=poll).count() == 3


# Nothing in the database tells who chose what ----------------------------------------------


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table of the database, in the order the database returns them
    (on PostgreSQL, the physical order: updated rows move, and that order is visible too)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = tuple(column[0] for column in cursor.description)
            tables[table] = [(columns, tuple(plain(value) for value in row)) for row in cursor.fetchall()]
    return tables


def plain(value):
    return (
        bytes(value)
        if isinstance(value, memoryview)
        else repr(value)
        if isinstance(value, (dict, list))
        else value
    )


def new_rows(before, after) -> dict[str, list[tuple]]:
    """Rows of ``after`` not in ``before``, per table; autoincrement ids replaced by their rank
    (PostgreSQL sequences do not roll back, so the raw numbers differ between the two states)."""
    changes = {}
    for table, rows in after.items():
        old = Counter(before.get(table, []))
        added = []
        for row in rows:
            if old[row]:
                old[row] -= 1
            else:
                added.append(row)
        if added:
            changes[table] = rank_ids(added)
    return changes


def rank_ids(rows):
    columns = rows[0][0]
    if "id" not in columns:
        return [values for _columns, values in rows]
    position = columns.index("id")
    order = {value: rank for rank, value in enumerate(sorted(values[position] for _c, values in rows))}
    return [values[:position] + (order[values[position]],) + values[position + 1 :] for _c, values in rows]


class _Undo(Exception):
    pass


def changes_undone(act, before) -> dict:
    """The rows ``act()`` adds to the database, then undone (rolled back to how it was)."""
    try:
        with transaction.atomic():
            act()
            changes = new_rows(before, snapshot())
            raise _Undo
    except _Undo:
        return changes


def test_swapping_two_voters_choices_leaves_the_database_identical(voters, secret):
    """Ann chooses Alpha and Ben Beta, or Ann Beta and Ben Alpha: if anything stored told them
    apart, the two databases would differ. They do not, so nobody can tell who chose what."""
    poll, page = secret
    before = snapshot()

    def state(first, second):
        def vote_both():
            assert send_vote(voters[0], page, poll, first).status_code == 302
            assert send_vote(voters[1], page, poll, second).status_code == 302

        return changes_undone(vote_both, before)

    ann_alpha = state("Alpha-choice", "Beta-choice")
    ann_beta = state("Beta-choice", "Alpha-choice")
    assert set(ann_alpha) == {Voter._meta.db_table, ChoiceTally._meta.db_table}  # no log, no session
    assert ann_alpha == ann_beta


def test_named_votes_do_differ_so_the_comparison_can_tell(voters, section):
    """The same comparison on a named poll sees the difference (the test above can fail)."""
    poll = make_poll("Alpha-choice", "Beta-choice")
    page = poll_page(section, poll, "Named")
    before = snapshot()

    def state(first, second):
        def vote_both():
            send_vote(voters[0], page, poll, first)
            send_vote(voters[1], page, poll, second)

        return changes_undone(vote_both, before)

    assert state("Alpha-choice", "Beta-choice") != state("Beta-choice", "Alpha-choice")


@pytest.mark.postgresql_only  # transaction ids on rows are PostgreSQL's
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # real commits, real transaction ids
def test_counters_all_carry_the_last_voters_transaction_id(voters, secret):
    """``xmin`` (the writing transaction) is readable by anyone who may SELECT the table: every
    counter of the poll carries the same one, so the last voter's cannot single out a choice."""
    poll, page = secret
    send_vote(voters[0], page, poll, "Alpha-choice")
    send_vote(voters[1], page, poll, "Beta-choice")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT t.xmin::text FROM {ChoiceTally._meta.db_table} t "  # noqa: S608
            f"JOIN {Choice._meta.db_table} c ON c.id = t.choice_id WHERE c.poll_id = %s",
            [poll.pk],
        )
        assert len(cursor.fetchall()) == 1


# Nor anything outside it -------------------------------------------------------------------


def test_no_log_session_message_cache_or_response_holds_the_choice(voters, secret, caplog):
    poll, page = secret
    caplog.set_level(logging.DEBUG)
    response = send_vote(voters[0], page, poll, "Alpha-choice")
    for _n in range(5):  # enough voters for the results to show
        send_vote(voters[1] if _n == 0 else login(f"x{_n}"), page, poll, "Beta-choice")
    assert "Alpha-choice" not in caplog.text
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Thank you: your vote is recorded."]
    for session in Session.objects.all():
        data = session.get_decoded()
        assert "Alpha-choice" not in repr(data) and "choice" not in repr(data).lower()
    for key, value in getattr(cache, "_cache", {}).items():  # local-memory cache: pickles
        assert "choice" not in key and b"Alpha-choice" not in value
    # The voter's own page and the script's answer do not say what they chose either.
    html = voters[0].get(page.url).content.decode()
    assert "social-poll__results" in html and "(your answer)" not in html and " checked" not in html
    body = send_vote(login("late"), page, poll, "Alpha-choice", HTTP_X_WAGTAIL_SOCIAL="1").json()
    assert body["ok"] and "(your answer)" not in body["html"] and " checked" not in body["html"]


def login(name):
    from django.test import Client

    client = Client()
    client.force_login(make_user(name))
    return client
