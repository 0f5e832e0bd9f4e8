"""System checks catch set-up mistakes with stable ids: for each id, a bad value gives it and a
good value does not (polls' checks: ``test_polls_checks.py``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import ERROR
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from wagtail_social.checks import SQLITE_OPTIONS, check_followup_batches, check_setup
from wagtail_social.conf import settings as conf
from wagtail_social.rendering import CommentListRenderer

SQLITE = "django.db.backends.sqlite3"
IN_MEMORY = {"default": {"ENGINE": SQLITE, "NAME": ":memory:"}}


class OwnRenderer(CommentListRenderer):
    """A host site's renderer (``COMMENT_LIST_RENDERER`` names it by its path)."""


def ids(messages):
    return {message.id for message in messages}


def test_the_test_settings_pass():
    assert check_setup() == []


# Apps and companion settings -----------------------------------------------------------------


def test_missing_required_app_is_an_error():
    errors = check_setup(is_installed=lambda app: app != "wagtail.contrib.settings")
    assert ids(errors) == {"wagtail_social.E001"}
    assert "wagtail.contrib.settings" in errors[0].msg


def test_apps_listed_by_their_appconfig_path_pass_manage_py_check():
    """Projects often list ``"django_comments_xtd.apps.CommentsXtdConfig"`` rather than the
    module: the checks compared strings and reported such apps missing (the core's E001 for three
    apps, polls' E001 for the core). A subprocess, because this process's app registry cannot be
    rebuilt from other settings (Wagtail's apps are not ready twice)."""
    env = {name: value for name, value in os.environ.items() if name != "WAGTAIL_SOCIAL_TEST_DB"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--settings=tests.settings_appconfig_paths"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "E001" not in result.stdout + result.stderr


def test_missing_comments_app_setting_is_an_error():
    with override_settings(COMMENTS_APP=None):
        assert "wagtail_social.E002" in ids(check_setup())


def test_engine_depth_below_our_ceiling_is_an_error():
    with override_settings(COMMENTS_XTD_MAX_THREAD_LEVEL=2, WAGTAIL_SOCIAL_MAX_THREAD_DEPTH=4):
        assert ids(check_setup()) == {"wagtail_social.E003"}
    with override_settings(COMMENTS_XTD_MAX_THREAD_LEVEL=4, WAGTAIL_SOCIAL_MAX_THREAD_DEPTH=4):
        assert check_setup() == []


def test_engine_depth_that_is_no_number_is_reported_not_a_crash():
    with override_settings(COMMENTS_XTD_MAX_THREAD_LEVEL="deep"):
        errors = check_setup()
    assert ids(errors) == {"wagtail_social.E005"}
    assert "COMMENTS_XTD_MAX_THREAD_LEVEL is 'deep'" in errors[0].msg


# Our settings: type and shape ------------------------------------------------------------------

BAD_VALUES = [
    # (setting without the prefix, value, id)
    ("COMMENT_MAX_LENGTH", 0, "E004"),
    ("COMMENTS_PER_PAGE", 0, "E004"),
    ("EDIT_WINDOW_MINUTES", -1, "E004"),
    ("MAX_THREAD_DEPTH", -1, "E004"),
    ("DUPLICATE_WINDOW_SECONDS", -5, "E004"),
    ("PAGE_VIEW_RETENTION_DAYS", 0, "E004"),
    ("COMMENT_MAX_LENGTH", "lots", "E005"),
    ("EDIT_WINDOW_MINUTES", 0.5, "E005"),  # int() would make it 0: editing silently off
    ("COMMENTS_PER_PAGE", True, "E005"),
    ("MAX_THREAD_DEPTH", "x", "E005"),  # and no crash of E003, which reads it
    ("PAGE_VIEW_RETENTION_DAYS", None, "E005"),
    ("STORE_IP_ADDRESS", "False", "E006"),  # a non-empty string is true
    ("INCLUDE_ASSETS", 1, "E006"),
    ("RECORD_PAGE_VIEWS", None, "E006"),
    ("REACTION_RATE_LIMIT", 60, "E007"),
    ("REACTION_RATE_LIMIT", (60, 0), "E007"),
    ("REACTION_RATE_LIMIT", (0, 60), "E007"),
    ("REACTION_RATE_LIMIT", (60, 60, 60), "E007"),
    ("REACTION_RATE_LIMIT", "60/m", "E007"),
    ("REACTION_RATE_LIMIT", (60, 1.5), "E007"),
    ("COMMENT_RATE_LIMIT", 10, "E007"),
    ("COMMENT_EDIT_RATE_LIMIT", (10,), "E007"),
    ("FLAG_RATE_LIMIT", (0, 60), "E007"),
    ("HELPFUL_RATE_LIMIT", "30", "E007"),
    ("COMMENT_LIST_RENDERER", "wagtail_social.rendering.NoSuchRenderer", "E008"),
    ("COMMENT_LIST_RENDERER", "nowhere.Renderer", "E008"),
    ("COMMENT_LIST_RENDERER", "CommentListRenderer", "E008"),
    ("COMMENT_LIST_RENDERER", CommentListRenderer, "E008"),  # the class, not its path
    ("COMMENT_LIST_RENDERER", "django.http.HttpResponse", "E009"),
    ("COMMENT_LIST_RENDERER", "wagtail_social.rendering.comment_list_renderer", "E009"),
    ("MODERATE_PERMISSION", "moderate_comments", "E010"),
    ("MODERATE_PERMISSION", "wagtail_social.moderate.comments", "E010"),
    ("MODERATE_PERMISSION", ".moderate_comments", "E010"),
    ("MODERATE_PERMISSION", "wagtail_social. moderate_comments", "E010"),
    ("MODERATE_PERMISSION", None, "E010"),
    ("REACTIONS", "like", "E011"),
    ("REACTIONS", {"kind": "like", "label": "Like"}, "E011"),
    ("REACTIONS", ["like"], "E011"),
    ("REACTIONS", [{"label": "Like"}], "E011"),
    ("REACTIONS", [{"kind": "", "label": "Nothing"}], "E011"),
    ("REACTIONS", [{"kind": 1, "label": "One"}], "E011"),
    ("REACTIONS", [{"kind": "x" * 33, "label": "Too long for the column"}], "E011"),
    ("REACTIONS", [{"kind": "like", "label": "Like"}, {"kind": "like", "label": "Love"}], "E011"),
    ("REACTIONS", [{"kind": "like"}], "E011"),
    ("REACTIONS", [{"kind": "like", "label": "Like", "emoji": 1}], "E011"),
]


@pytest.mark.parametrize(("name", "value", "check_id"), BAD_VALUES)
def test_a_setting_of_the_wrong_type_or_shape_is_an_error(name, value, check_id):
    setting = "WAGTAIL_SOCIAL_" + name
    with override_settings(**{setting: value}):
        errors = [error for error in check_setup() if error.level >= ERROR]
    assert [error.id for error in errors] == [f"wagtail_social.{check_id}"]
    assert errors[0].msg.startswith(setting + " ")  # names the setting...
    assert " must be " in errors[0].msg or "; each entry needs" in errors[0].msg  # ...and what it needs
    assert errors[0].hint


GOOD_VALUES = [
    ("COMMENT_MAX_LENGTH", 500),
    ("COMMENT_MAX_LENGTH", "500"),  # read from the environment: int() takes it
    ("COMMENTS_PER_PAGE", 1),
    ("EDIT_WINDOW_MINUTES", 0),
    ("EDIT_WINDOW_MINUTES", 30.0),
    ("MAX_THREAD_DEPTH", 0),
    ("DUPLICATE_WINDOW_SECONDS", 0),
    ("PAGE_VIEW_RETENTION_DAYS", 1),
    ("STORE_IP_ADDRESS", False),
    ("INCLUDE_ASSETS", False),
    ("RECORD_PAGE_VIEWS", False),
    ("REACTION_RATE_LIMIT", (1, 1)),
    ("REACTION_RATE_LIMIT", [120, 60]),
    ("COMMENT_LIST_RENDERER", "wagtail_social.rendering.CommentListRenderer"),
    ("COMMENT_LIST_RENDERER", "tests.test_checks.OwnRenderer"),
    ("MODERATE_PERMISSION", "auth.change_user"),
    ("REACTIONS", []),
    ("REACTIONS", ({"kind": "x" * 32, "label": "Longest kind"},)),
    ("REACTIONS", [{"kind": "like", "label": "Like"}, {"kind": "love", "label": "Love", "emoji": "❤️"}]),
]


@pytest.mark.parametrize(("name", "value"), GOOD_VALUES)
def test_a_setting_of_the_right_type_and_shape_passes(name, value):
    with override_settings(**{"WAGTAIL_SOCIAL_" + name: value}):
        assert check_setup() == []


def test_manage_py_check_refuses_a_rate_limit_that_is_not_a_pair():
    """It passed ``check``, then every reaction raised a ``TypeError``."""
    with override_settings(WAGTAIL_SOCIAL_REACTION_RATE_LIMIT=60):
        with pytest.raises(
            SystemCheckError, match=r"wagtail_social\.E007.*WAGTAIL_SOCIAL_REACTION_RATE_LIMIT is 60"
        ):
            call_command("check")
        # Read anyway, it says what is wrong instead of a TypeError where it is unpacked.
        with pytest.raises(
            ImproperlyConfigured, match=r"WAGTAIL_SOCIAL_REACTION_RATE_LIMIT is 60; .*\(60, 60\)"
        ):
            _ = conf.REACTION_RATE_LIMIT


def test_reading_a_number_that_is_no_number_names_the_setting():
    with (
        override_settings(WAGTAIL_SOCIAL_COMMENTS_PER_PAGE="lots"),
        pytest.raises(ImproperlyConfigured, match="WAGTAIL_SOCIAL_COMMENTS_PER_PAGE is 'lots'"),
    ):
        _ = conf.COMMENTS_PER_PAGE
    # What worked keeps working when read (the check reports it: E005).
    with override_settings(WAGTAIL_SOCIAL_EDIT_WINDOW_MINUTES=0.5, WAGTAIL_SOCIAL_COMMENTS_PER_PAGE="20"):
        assert (conf.EDIT_WINDOW_MINUTES, conf.COMMENTS_PER_PAGE) == (0, 20)


def test_storing_ip_addresses_warns():
    with override_settings(WAGTAIL_SOCIAL_STORE_IP_ADDRESS=True):
        assert ids(check_setup()) == {"wagtail_social.W001"}


# The database -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine",
    [
        "django.db.backends.mysql",
        "django.db.backends.oracle",
        "django.contrib.gis.db.backends.mysql",
        "django_cockroachdb",
        "django.db.backends.postgresq",  # a typo
    ],
)
def test_a_database_other_than_sqlite_or_postgresql_is_an_error(engine):
    errors = check_setup(database_settings={"default": {"ENGINE": engine, "NAME": "intranet"}})
    assert ids(errors) == {"wagtail_social.E012"}
    assert repr(engine) in errors[0].msg


@pytest.mark.parametrize(
    "engine",
    [
        "django.db.backends.postgresql",
        "django.contrib.gis.db.backends.postgis",
        SQLITE,
        "django.contrib.gis.db.backends.spatialite",
    ],
)
def test_sqlite_and_postgresql_are_supported(engine):
    assert check_setup(database_settings={"default": {"ENGINE": engine, "NAME": ":memory:"}}) == []


def test_an_sqlite_without_returning_is_an_error():
    errors = check_setup(database_settings=IN_MEMORY, sqlite_version=(3, 31, 1))
    assert ids(errors) == {"wagtail_social.E013"}
    assert "SQLite 3.31.1" in errors[0].msg and "3.35.0" in errors[0].msg
    assert check_setup(database_settings=IN_MEMORY, sqlite_version=(3, 35, 0)) == []
    # PostgreSQL does not care which SQLite Python has.
    postgres = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "intranet"}}
    assert check_setup(database_settings=postgres, sqlite_version=(3, 31, 1)) == []


@pytest.mark.parametrize(
    "options",
    [
        None,
        {},
        {"timeout": 20},
        {"transaction_mode": "DEFERRED", "timeout": 20},
        {"transaction_mode": "IMMEDIATE", "timeout": 1},
    ],
)
def test_sqlite_without_immediate_transactions_and_a_timeout_warns(options):
    database = {"ENGINE": SQLITE, "NAME": "db.sqlite3"}
    if options is not None:
        database["OPTIONS"] = options
    errors = check_setup(database_settings={"default": database})
    assert ids(errors) == {"wagtail_social.W002"}
    assert "database is locked" in errors[0].msg
    assert "'transaction_mode': 'IMMEDIATE'" in errors[0].hint


@pytest.mark.parametrize(
    "database",
    [
        {"ENGINE": SQLITE, "NAME": "db.sqlite3", "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20}},
        {"ENGINE": SQLITE, "NAME": "db.sqlite3", "OPTIONS": {"transaction_mode": "immediate"}},  # 5 s
        {"ENGINE": "django.db.backends.postgresql", "NAME": "intranet"},
        {"ENGINE": SQLITE, "NAME": ":memory:"},  # tests only
    ],
)
def test_sqlite_set_up_for_concurrency_or_another_database_is_fine(database):
    assert check_setup(database_settings={"default": database}) == []


def test_the_recommended_sqlite_options_pass():
    # (The example site uses these same options; tox runs the tests without it on the path.)
    databases = {"default": {"ENGINE": SQLITE, "NAME": "x.sqlite3", "OPTIONS": SQLITE_OPTIONS}}
    assert check_setup(database_settings=databases) == []


def test_batched_follow_ups_without_a_worker_are_said_to_need_the_command(settings):
    # The suite's task backend is Django's immediate one: it runs no deferred task.
    assert "wagtail_social.W003" in ids(check_followup_batches())
    settings.WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS = 0
    assert check_followup_batches() == []
    settings.WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS = 300
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # defers
    assert check_followup_batches() == []
