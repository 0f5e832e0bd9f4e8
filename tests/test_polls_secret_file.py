"""A secret ballot leaves no trace of its order in the SQLite database file.

The rows of the database are the same whichever order two people vote in
(``tests/test_polls_secret.py``); this looks below the rows, at the bytes of the file, where an
updated record that changes size moves inside its page and leaves its old place behind. Two
copies of one prepared database receive the same two votes in the two orders, each through the
real voting service in a process of its own; the files must be identical, byte for byte.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.test_polls_voting import choice, make_poll
from tests.utils import make_user
from wagtail_social_polls import voting
from wagtail_social_polls.models import ChoiceTally

ROOT = Path(__file__).resolve().parent.parent

# Committed for real: the prepared file is copied from the test database (VACUUM INTO).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def prepare(directory: Path, earlier_votes: int) -> tuple[Path, int, list[int], list[int]]:
    """A database file holding a secret poll (Alpha, Beta, Gamma), two people who have not
    voted and, in ``earlier_votes`` > 0, counters at that value. Returns the file, the poll, the
    two people and the choices Alpha and Beta."""
    poll = make_poll("Alpha", "Beta", "Gamma", secret=True)
    ann, ben = make_user("ann"), make_user("ben")
    if earlier_votes == 1:  # three real votes, one per choice
        for name, text in (("x", "Alpha"), ("y", "Beta"), ("z", "Gamma")):
            assert voting.cast_vote(make_user(name), poll, [choice(poll, text).pk]).accepted
    elif earlier_votes:  # a value at the edge of a storage size (127: the largest one-byte integer)
        ChoiceTally.objects.bulk_create(
            ChoiceTally(choice=c, votes=earlier_votes) for c in poll.choices.all()
        )
    template = directory / "template.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(template)])
    return template, poll.pk, [ann.pk, ben.pk], [choice(poll, "Alpha").pk, choice(poll, "Beta").pk]


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


@pytest.mark.parametrize("earlier_votes", [0, 1, 127])
def test_the_file_is_the_same_whichever_order_two_people_vote_in(tmp_path, earlier_votes):
    """Ann then Ben vote Alpha then Beta, or Beta then Alpha (same people, same order of
    voters): both files, checkpointed, are the same bytes."""
    template, poll_id, (ann, ben), (alpha, beta) = prepare(tmp_path, earlier_votes)
    ann_alpha_file, ann_beta_file = tmp_path / "ann-alpha.sqlite3", tmp_path / "ann-beta.sqlite3"
    vote_in_copies(
        template,
        poll_id,
        {ann_alpha_file: [(ann, alpha), (ben, beta)], ann_beta_file: [(ann, beta), (ben, alpha)]},
    )
    ann_alpha, ann_beta = ann_alpha_file.read_bytes(), ann_beta_file.read_bytes()
    assert ann_alpha != template.read_bytes()  # the votes are in the file, not left in a WAL
    assert len(ann_alpha) == len(ann_beta)
    assert differing_places(ann_alpha, ann_beta) == []
