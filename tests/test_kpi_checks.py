"""System checks of ``wagtail_social_kpi``: for each id, a bad value gives it and a good value
does not; the settings are read at access time."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_social_kpi.checks import check_settings
from wagtail_social_kpi.conf import settings as conf


def check_ids(**kwargs):
    return {message.id for message in check_settings(**kwargs)}


def kpi_department(user):
    return "Everyone"


def test_checks_pass_with_the_test_settings_and_are_registered():
    assert check_settings() == []
    with override_settings(WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE=2):
        # Registered in AppConfig.ready(): ``manage.py check`` runs them.
        assert "wagtail_social_kpi.E003" in {message.id for message in checks.run_checks()}


def test_missing_core_app_is_an_error():
    assert check_ids(is_installed=lambda app: app != "wagtail_social") == {"wagtail_social_kpi.E001"}


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("MIN_GROUP_SIZE", 2, "wagtail_social_kpi.E003"),
        ("MIN_GROUP_SIZE", 0, "wagtail_social_kpi.E003"),
        ("MIN_GROUP_SIZE", "five", "wagtail_social_kpi.E002"),
        ("MIN_GROUP_SIZE", 4.5, "wagtail_social_kpi.E002"),
        ("HEAVY_CONTRIBUTOR_THRESHOLD", 0, "wagtail_social_kpi.E003"),
        ("HEAVY_CONTRIBUTOR_THRESHOLD", None, "wagtail_social_kpi.E002"),
        ("DEPARTMENT_FUNCTION", "tests.nowhere.department", "wagtail_social_kpi.E004"),
        ("DEPARTMENT_FUNCTION", 42, "wagtail_social_kpi.E004"),
        ("DEPARTMENT_FUNCTION", "tests.test_kpi_checks.__doc__", "wagtail_social_kpi.E005"),
        ("POPULATION_GROUPS", "Employees", "wagtail_social_kpi.E006"),
        ("POPULATION_GROUPS", ["Employees", ""], "wagtail_social_kpi.E006"),
        ("COMPARISON_GROUPS", {"Pilot": 1}, "wagtail_social_kpi.E006"),
        ("DEPARTMENT_GROUP_PREFIX", 3, "wagtail_social_kpi.E007"),
    ],
)
def test_a_bad_value_is_reported_with_its_id(name, value, expected):
    with override_settings(**{f"WAGTAIL_SOCIAL_KPI_{name}": value}):
        errors = check_settings()
        assert {error.id for error in errors} == {expected}
        assert errors[0].msg.startswith(f"WAGTAIL_SOCIAL_KPI_{name} is {value!r}")
        if name in ("MIN_GROUP_SIZE", "HEAVY_CONTRIBUTOR_THRESHOLD") and isinstance(value, int | float):
            # A number that works is read as before (k never below 3, a threshold at least 1);
            # only the checks object.
            assert getattr(conf, name) >= 1
        else:
            with pytest.raises(ImproperlyConfigured, match=f"WAGTAIL_SOCIAL_KPI_{name}"):
                getattr(conf, name)


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("MIN_GROUP_SIZE", 3, 3),
        ("MIN_GROUP_SIZE", "10", 10),
        ("HEAVY_CONTRIBUTOR_THRESHOLD", 1, 1),
        ("POPULATION_GROUPS", ("Employees",), ["Employees"]),
        ("COMPARISON_GROUPS", [], []),
        ("DEPARTMENT_GROUP_PREFIX", "Département : ", "Département : "),
        ("DEPARTMENT_GROUP_PREFIX", None, ""),
        ("DEPARTMENT_FUNCTION", None, None),
        ("DEPARTMENT_FUNCTION", "tests.test_kpi_checks.kpi_department", kpi_department),
    ],
)
def test_a_good_value_passes_and_is_read(name, value, read):
    with override_settings(**{f"WAGTAIL_SOCIAL_KPI_{name}": value}):
        assert check_settings() == []
        assert getattr(conf, name) == read


def test_defaults():
    assert (conf.MIN_GROUP_SIZE, conf.HEAVY_CONTRIBUTOR_THRESHOLD) == (5, 5)
    assert (conf.POPULATION_GROUPS, conf.COMPARISON_GROUPS, conf.DEPARTMENT_GROUP_PREFIX) == ([], [], "")
    assert conf.DEPARTMENT_FUNCTION is None


def test_k_is_never_below_three_even_when_the_checks_are_ignored():
    with override_settings(WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE=1):
        assert conf.MIN_GROUP_SIZE == 3


def test_departments_come_from_one_place():
    with override_settings(
        WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX="Dept: ",
        WAGTAIL_SOCIAL_KPI_DEPARTMENT_FUNCTION="tests.test_kpi_checks.kpi_department",
    ):
        assert check_ids() == {"wagtail_social_kpi.E008"}
