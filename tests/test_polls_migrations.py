"""Migration 0003 converts the counters stored before it (counts) to the fixed width (count +
``COUNTER_OFFSET``), and back when it is reversed. Migration 0004 adds the day of named votes;
voters recorded before it keep no day."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.test_polls_voting import make_poll
from tests.utils import make_user
from wagtail_social_polls.models import ChoiceTally, Voter
from wagtail_social_polls.models.ballots import COUNTER_OFFSET
from wagtail_social_polls.results import results_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # schema changes
APP = "wagtail_social_polls"
BEFORE, FIXED_WIDTH = (APP, "0002_placements"), (APP, "0003_fixed_width_counters")
DATED = (APP, "0004_voter_voted_on")


def migrate(target):
    """Migrate to ``target`` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def stored(choice_id: int) -> int:
    table, column = ChoiceTally._meta.db_table, ChoiceTally._meta.get_field("votes").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE choice_id = %s", [choice_id])  # noqa: S608
        return cursor.fetchone()[0]


def test_existing_counts_are_converted_both_ways():
    poll = make_poll("Yes", "No")
    yes, no = poll.choices.order_by("sort_order")
    try:
        old_tally = migrate(BEFORE).get_model(APP, "ChoiceTally")
        old_tally.objects.bulk_create(
            [old_tally(choice_id=yes.pk, votes=5), old_tally(choice_id=no.pk, votes=0)]
        )
        migrate(FIXED_WIDTH)
        assert (stored(yes.pk), stored(no.pk)) == (5 + COUNTER_OFFSET, COUNTER_OFFSET)
        assert [c.votes for c in results_for(poll).choices] == [5, 0]
        assert ChoiceTally.objects.get(choice=yes).votes == 5
        migrate(BEFORE)
        assert dict(old_tally.objects.values_list("choice_id", "votes")) == {yes.pk: 5, no.pk: 0}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes(APP)[0])


def test_voters_recorded_before_the_day_existed_keep_none():
    poll = make_poll("Yes", "No")
    person = make_user("early")
    try:
        old_voter = migrate(FIXED_WIDTH).get_model(APP, "Voter")
        old_voter.objects.create(poll_id=poll.pk, user_id=person.pk)
        migrate(DATED)
        assert Voter.objects.get(poll=poll).voted_on is None  # counted over the poll's window
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes(APP)[0])
