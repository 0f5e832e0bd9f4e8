"""A secret ballot's order, below the rows: the bytes of the database's files.

The rows of the database are the same whichever order two people vote in
(``tests/test_polls_secret.py``). Below the rows, an updated record can move inside its page and
leave its old version behind; with the ``Voter`` rows (ids grow with time) the difference tells
what the last voter chose. See docs/polls.md, "How secret ballots stay secret".

* SQLite: two copies of one prepared database file receive the same two votes in the two
  orders, through the real voting service in a process of their own; the files must be
  identical, byte for byte.
* PostgreSQL: an ``UPDATE`` writes a new row version and leaves the old one in the table's
  pages. What this file measures there is the documented limit and its remedy: the old versions
  (a record of the order) survive ``VACUUM``, and ``VACUUM FULL`` leaves only the live counters.
"""

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from tests.test_polls_voting import choice, make_poll
from tests.utils import make_user
from wagtail_social_polls import voting
from wagtail_social_polls.models import ChoiceTally
from wagtail_social_polls.models.ballots import COUNTER_OFFSET

ROOT = Path(__file__).resolve().parent.parent

# Committed for real: the files hold what was committed (and SQLite's VACUUM INTO, PostgreSQL's
# VACUUM cannot run inside a transaction).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def secret_poll(earlier_votes: int):
    """A secret poll (Alpha, Beta, Gamma) and, for ``earlier_votes`` > 0, its counters at that
    value. Returns the poll and two people, Ann and Ben, who have not voted yet."""
    poll = make_poll("Alpha", "Beta", "Gamma", secret=True)
    if earlier_votes == 1:  # three real votes, one per choice
        for name, text in (("x", "Alpha"), ("y", "Beta"), ("z", "Gamma")):
            assert voting.cast_vote(make_user(name), poll, [choice(poll, text).pk]).accepted
    elif earlier_votes:  # a value at the edge of a storage size (127: the largest one-byte integer)
        ChoiceTally.objects.bulk_create(
            ChoiceTally(choice=c, votes=earlier_votes) for c in poll.choices.all()
        )
    return poll, make_user("ann"), make_user("ben")


# SQLite: the same file whichever order ----------------------------------------------------


def vote_in_copies(template: Path, poll_id: int, copies: dict[Path, list[tuple[int, int]]]) -> None:
    """Copy ``template`` to each file of ``copies`` and cast its ballots (person, choice) there,
    in one process of its own (``tests/vote_in_file.py``)."""
    arguments = [str(poll_id)]
    for copy, ballots in copies.items():
        shutil.copyfile(template, copy)
        arguments += [*(["--"] if len(arguments) > 1 else []), str(copy), *(f"{u}:{c}" for u, c in ballots)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.ballot_file_settings"}
    subprocess.run([sys.executable, "-m", "tests.vote_in_file", *arguments], cwd=ROOT, env=env, check=True)


def differing_places(first: bytes, second: bytes) -> list[tuple[int, int]]:
    """(page number, offset in the page) of each byte that differs."""
    size = 4096
    return [
        (at // size + 1, at % size) for at, (a, b) in enumerate(zip(first, second, strict=True)) if a != b
    ]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("earlier_votes", [0, 1, 127])
def test_the_sqlite_file_is_the_same_whichever_order_two_people_vote_in(tmp_path, earlier_votes):
    """Ann then Ben vote Alpha then Beta, or Beta then Alpha (same people, same poll, same
    starting file): both files, checkpointed, are the same bytes. Before counters had a fixed
    width, a counter growing from 1 to 2 or from 127 to 128 moved in its page, and the files
    differed in 6 bytes."""
    poll, ann, ben = secret_poll(earlier_votes)
    alpha, beta = choice(poll, "Alpha").pk, choice(poll, "Beta").pk
    template = tmp_path / "template.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(template)])  # a consistent copy, WAL included
    ann_alpha_file, ann_beta_file = tmp_path / "ann-alpha.sqlite3", tmp_path / "ann-beta.sqlite3"
    vote_in_copies(
        template,
        poll.pk,
        {
            ann_alpha_file: [(ann.pk, alpha), (ben.pk, beta)],
            ann_beta_file: [(ann.pk, beta), (ben.pk, alpha)],
        },
    )
    ann_alpha, ann_beta = ann_alpha_file.read_bytes(), ann_beta_file.read_bytes()
    assert ann_alpha != template.read_bytes()  # the votes are in the file, not left in a WAL
    assert len(ann_alpha) == len(ann_beta)
    assert differing_places(ann_alpha, ann_beta) == []


# PostgreSQL: old row versions, until VACUUM FULL ------------------------------------------


def counter_versions(choice_ids) -> Counter:
    """How many times each (choice, count) appears in the bytes of the counters' table, live
    row or not: a row's data is the choice id (8 bytes) then the stored count (4 bytes), little
    endian. Reads the raw pages with ``pageinspect``, as a superuser could."""
    table = ChoiceTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        pages = b"".join(raw_page(cursor, table, number) for number in range(cursor.fetchone()[0]))
    return Counter(
        {
            (pk, votes): pages.count(
                pk.to_bytes(8, "little") + (votes + COUNTER_OFFSET).to_bytes(4, "little")
            )
            for pk in choice_ids
            for votes in range(4)
        }
    )


def raw_page(cursor, table: str, number: int) -> bytes:
    cursor.execute("SELECT get_raw_page(%s, %s)", [table, number])
    return bytes(cursor.fetchone()[0])


@pytest.fixture
def pageinspect():
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        yield
        cursor.execute("DROP EXTENSION pageinspect")


@pytest.mark.postgresql_only
def test_postgresql_keeps_old_counter_versions_until_vacuum_full(pageinspect):
    """Ann votes Alpha, then Ben Beta. The version of the counters that Ann's vote wrote
    (Alpha at 2, Beta at 1) stays in the table's pages, dead, and even after ``VACUUM`` (which
    frees the space but does not overwrite it): there, Alpha reached 2 before Beta, so Ann,
    the first of the two ``Voter`` rows, chose Alpha. ``VACUUM FULL`` rewrites the table with
    the live counters only. The limit and the remedy are in docs/polls.md."""
    poll, ann, ben = secret_poll(earlier_votes=1)
    alpha, beta, gamma = (choice(poll, text).pk for text in ("Alpha", "Beta", "Gamma"))
    assert voting.cast_vote(ann, poll, [alpha]).accepted
    assert voting.cast_vote(ben, poll, [beta]).accepted
    live = {(alpha, 2): 1, (beta, 2): 1, (gamma, 1): 1}
    table = connection.ops.quote_name(ChoiceTally._meta.db_table)

    versions = counter_versions([alpha, beta, gamma])
    assert versions[(alpha, 2)] > versions[(beta, 2)]  # Ann's version: the order can be read
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {table}")
    versions = counter_versions([alpha, beta, gamma])
    assert versions[(alpha, 2)] > versions[(beta, 2)]  # still there after VACUUM
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {table}")
    assert +counter_versions([alpha, beta, gamma]) == live  # only the live counters remain
