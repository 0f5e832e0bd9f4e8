"""Cast votes through the real voting service into SQLite database files, each then
checkpointed (the write-ahead log copied into the file and emptied) and closed, so that each
file holds everything that was written to it.

Run by ``tests/test_polls_secret_file.py`` in a process of its own (a fresh Django, no test
database): ``python -m tests.vote_in_file POLL_ID FILE USER_ID:CHOICE_ID ... -- FILE ...``, with
``DJANGO_SETTINGS_MODULE=tests.ballot_file_settings``.
"""

import sys

import django


def vote_in(path: str, poll_id: int, ballots: list[tuple[int, int]]) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from wagtail_social_polls import voting
    from wagtail_social_polls.models import Poll

    connection.close()
    connection.settings_dict["NAME"] = path
    poll = Poll.objects.get(pk=poll_id)
    for user_id, choice_id in ballots:
        outcome = voting.cast_vote(get_user_model().objects.get(pk=user_id), poll, [choice_id])
        if outcome.code != voting.RECORDED:
            raise SystemExit(f"vote refused: {outcome.code}")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def main(arguments: list[str]) -> None:
    django.setup()
    poll_id, runs = int(arguments[0]), " ".join(arguments[1:]).split(" -- ")
    for run in runs:
        path, *ballots = run.split()
        vote_in(path, poll_id, [tuple(int(n) for n in ballot.split(":")) for ballot in ballots])


if __name__ == "__main__":
    main(sys.argv[1:])
