"""The system checks of ``wagtail_social.contributions`` (stable ids) and the settings they guard."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_social.contributions.checks import check_contributions_setup
from wagtail_social.contributions.conf import settings

PREFIX = "WAGTAIL_SOCIAL_CONTRIBUTIONS_"


def check_ids(**kwargs) -> set[str]:
    return {message.id for message in check_contributions_setup(**kwargs)}


def test_checks_pass_with_the_test_settings():
    assert check_contributions_setup() == []


def test_a_missing_app_is_an_error():
    assert check_ids(is_installed=lambda app: app != "wagtail.documents") == {
        "wagtail_social_contributions.E001"
    }


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("TEXT_MAX_LENGTH", "lots", "E002"),
        ("TEXT_MAX_LENGTH", 0, "E003"),
        ("SUPPORT_BUDGET", -1, "E003"),
        ("SUPPORT_RATE_LIMIT", (0, 60), "E004"),
        ("IMAGE_EXTENSIONS", "png", "E005"),
        ("DOCUMENT_EXTENSIONS", [".pdf", "doc x"], "E005"),
        ("TITLE_MAX_LENGTH", 201, "E006"),
    ],
)
def test_a_setting_of_the_wrong_shape_is_an_error(name, value, expected):
    with override_settings(**{PREFIX + name: value}):
        assert check_ids() == {f"wagtail_social_contributions.{expected}"}
        with pytest.raises(ImproperlyConfigured):
            getattr(settings, name)


def test_good_values_pass_and_are_read_as_given():
    with override_settings(
        **{
            PREFIX + "DOCUMENT_EXTENSIONS": [".PDF", "odt"],
            PREFIX + "SUPPORT_BUDGET": 0,
            PREFIX + "TITLE_MAX_LENGTH": 200,
        }
    ):
        assert check_contributions_setup() == []
        assert settings.DOCUMENT_EXTENSIONS == ("pdf", "odt")
        assert settings.SUPPORT_BUDGET == 0
