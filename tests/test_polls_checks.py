"""System checks of ``wagtail_social_polls``: for each id, a bad value gives it and a good value
does not (the AppConfig-path case for both apps is in ``test_checks.py``)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_social_polls.checks import check_polls_setup
from wagtail_social_polls.conf import settings as conf


def check_ids(**kwargs):
    return {message.id for message in check_polls_setup(**kwargs)}


def test_checks_pass_with_the_test_settings():
    assert check_polls_setup() == []


def test_missing_core_app_is_an_error():
    assert check_ids(is_installed=lambda app: app != "wagtail_social") == {"wagtail_social_polls.E001"}
    assert check_polls_setup(is_installed=lambda app: True) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, {"wagtail_social_polls.W001"}),
        ("2", {"wagtail_social_polls.W001"}),
        (3, set()),
        (10, set()),
        ("x", {"wagtail_social_polls.E002"}),
        (4.5, {"wagtail_social_polls.E002"}),
        (None, {"wagtail_social_polls.E002"}),
    ],
)
def test_secret_threshold_setting_is_checked(value, expected):
    with override_settings(WAGTAIL_SOCIAL_POLLS_SECRET_MIN_VOTERS=value):
        assert check_ids() == expected


@pytest.mark.parametrize("value", [30, (30,), (30, 0), (0, 60), ("30", "a minute"), None])
def test_a_vote_rate_limit_that_is_not_a_pair_of_positive_numbers_is_an_error(value):
    with override_settings(WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT=value):
        errors = check_polls_setup()
        assert {error.id for error in errors} == {"wagtail_social_polls.E003"}
        assert errors[0].msg.startswith(f"WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT is {value!r}; it must be ")
        with pytest.raises(ImproperlyConfigured, match="WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT"):
            _ = conf.VOTE_RATE_LIMIT


@pytest.mark.parametrize("value", [(30, 60), [1, 1]])
def test_a_vote_rate_limit_of_two_positive_numbers_passes(value):
    with override_settings(WAGTAIL_SOCIAL_POLLS_VOTE_RATE_LIMIT=value):
        assert check_polls_setup() == []
        assert tuple(value) == conf.VOTE_RATE_LIMIT


class PollsElsewhere:
    """Sends the polls' tables to another database (and the core's to the default one)."""

    def db_for_write(self, model, **hints):
        return "polls" if model._meta.app_label == "wagtail_social_polls" else None


@override_settings(DATABASE_ROUTERS=[f"{__name__}.PollsElsewhere"])
def test_polls_routed_to_an_unsupported_database_are_an_error():
    """Voting uses the core's SQL; the core's check covers the databases of its own models."""
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    mysql = {"ENGINE": "django.db.backends.mysql", "NAME": "polls"}
    errors = check_polls_setup(database_settings={"default": sqlite, "polls": mysql})
    assert [error.id for error in errors] == ["wagtail_social.E012"]
    assert "'polls'" in errors[0].msg
    assert check_polls_setup(database_settings={"default": sqlite, "polls": sqlite}) == []
    # Where the core's models are, the core's check reports (once).
    assert check_polls_setup(database_settings={"default": mysql, "polls": sqlite}) == []
