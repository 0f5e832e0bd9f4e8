"""Settings for ``tests/vote_in_file.py``: the test settings, always on SQLite; the script names
the database file (a copy of a prepared database) before its first query."""

import os

os.environ.pop("WAGTAIL_SOCIAL_TEST_DB", None)  # never start a PostgreSQL server for this

from tests.settings import *  # noqa: E402, F403
