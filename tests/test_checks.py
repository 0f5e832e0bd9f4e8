"""System checks catch set-up mistakes with stable ids."""

import pytest
from django.test import override_settings

from wagtail_social.checks import check_setup


def ids(messages):
    return {message.id for message in messages}


def test_the_test_settings_pass():
    assert check_setup() == []


def test_missing_comments_app_setting_is_an_error():
    with override_settings(COMMENTS_APP=None):
        assert "wagtail_social.E002" in ids(check_setup())


def test_missing_required_app_is_an_error(settings):
    # Changing INSTALLED_APPS for real reloads the app registry; the check takes the list.
    apps = [app for app in settings.INSTALLED_APPS if app != "wagtail.contrib.settings"]
    errors = check_setup(installed_apps=apps)
    assert ids(errors) == {"wagtail_social.E001"}
    assert "wagtail.contrib.settings" in errors[0].msg


def test_engine_depth_below_our_ceiling_is_an_error():
    with override_settings(COMMENTS_XTD_MAX_THREAD_LEVEL=2, WAGTAIL_SOCIAL_MAX_THREAD_DEPTH=4):
        assert "wagtail_social.E003" in ids(check_setup())


def test_nonsense_numbers_are_errors():
    with override_settings(WAGTAIL_SOCIAL_COMMENTS_PER_PAGE=0):
        assert "wagtail_social.E004" in ids(check_setup())


def test_storing_ip_addresses_warns():
    with override_settings(WAGTAIL_SOCIAL_STORE_IP_ADDRESS=True):
        assert "wagtail_social.W001" in ids(check_setup())


def test_page_view_retention_below_a_day_is_an_error():
    with override_settings(WAGTAIL_SOCIAL_PAGE_VIEW_RETENTION_DAYS=0):
        errors = check_setup()
    assert [e.id for e in errors if "PAGE_VIEW_RETENTION_DAYS" in e.msg] == ["wagtail_social.E004"]


SQLITE = "django.db.backends.sqlite3"


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
    from wagtail_social.checks import SQLITE_OPTIONS

    databases = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3", "OPTIONS": SQLITE_OPTIONS}
    }
    assert check_setup(database_settings=databases) == []
