"""Settings of the benchmarks: the test settings, on a file SQLite database (WAL) in the temporary
directory the bench script names in ``WAGTAIL_SOCIAL_BENCH_DB``, with DEBUG off (cached templates)."""

import os
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, TEMPLATES

BENCH_DIR = Path(__file__).resolve().parent
DEBUG = False
INSTALLED_APPS = ["bench.benchapp", *INSTALLED_APPS]
# The test URLs plus django-comments-xtd's own, which its comment_tree.html template reverses.
ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [BENCH_DIR / "templates"]}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # ":memory:" only for commands that touch no data (makemigrations); the scripts set it.
        "NAME": os.environ.get("WAGTAIL_SOCIAL_BENCH_DB", ":memory:"),
        # What docs/howto/scale-out.md recommends for production: writers queue for the lock
        # (BEGIN IMMEDIATE, 20 s busy timeout) rather than fail; bench/reactions.py's server
        # threads and its set-up share the file.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
            ),
        },
    }
}
# bench/kpi.py --database postgres: the same embedded PostgreSQL as the test suite's; and the
# server process of bench/contributions.py: the PostgreSQL its bench process started (socket
# directory and port in the environment), not one of its own.
if os.environ.get("WAGTAIL_SOCIAL_BENCH_POSTGRES_HOST"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES_HOST"],
            "PORT": os.environ.get("WAGTAIL_SOCIAL_BENCH_POSTGRES_PORT", ""),
        }
    }
elif os.environ.get("WAGTAIL_SOCIAL_BENCH_POSTGRES"):
    from tests.postgres import database_settings

    DATABASES = {"default": database_settings()}
# bench/reactions.py sends thousands of reactions per person: the limit is still counted on
# each request (the cache round trip is part of the cost), never reached.
WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (10**9, 60)
WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT = (10**9, 60)  # bench/polls.py: likewise for votes
WAGTAIL_SOCIAL_CONTRIBUTIONS_SUPPORT_RATE_LIMIT = (10**9, 60)  # bench/contributions.py: supports
