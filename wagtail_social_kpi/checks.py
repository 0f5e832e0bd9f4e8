"""System checks of ``wagtail_social_kpi``; ids are stable (``wagtail_social_kpi.E001``...).

Every setting's type and shape is checked from :data:`SETTINGS`, one line per setting, with the
core's converters (``wagtail_social.setting_values``) and two of our own; the checks that span
settings (both department sources set) follow.

======================  ==========================================================================
wagtail_social_kpi.E001  ``wagtail_social`` is not installed: there are no records to count
wagtail_social_kpi.E002  a number setting is not a whole number
wagtail_social_kpi.E003  a number setting is below its minimum (k below 3, a threshold below 1)
wagtail_social_kpi.E004  ``DEPARTMENT_FUNCTION`` cannot be imported
wagtail_social_kpi.E005  ``DEPARTMENT_FUNCTION`` names something that is not callable
wagtail_social_kpi.E006  ``POPULATION_GROUPS`` or ``COMPARISON_GROUPS`` is not a list of group names
wagtail_social_kpi.E007  ``DEPARTMENT_GROUP_PREFIX`` is not a string
wagtail_social_kpi.E008  both ``DEPARTMENT_GROUP_PREFIX`` and ``DEPARTMENT_FUNCTION`` are set
wagtail_social_kpi.E009  ``OPT_IN_RATE_LIMIT`` is not a pair of positive whole numbers
======================  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error

from wagtail_social import setting_values as values

from .conf import MIN_GROUP_SIZE_FLOOR, PREFIX
from .values import GROUP_NAMES, NOT_CALLABLE, PREFIX_STRING, dotted_callable, group_names, group_prefix

SETTINGS = (
    ("POPULATION_GROUPS", group_names),
    ("COMPARISON_GROUPS", group_names),
    ("DEPARTMENT_GROUP_PREFIX", group_prefix),
    ("DEPARTMENT_FUNCTION", dotted_callable),
    ("MIN_GROUP_SIZE", values.whole_number(minimum=MIN_GROUP_SIZE_FLOOR)),
    ("HEAVY_CONTRIBUTOR_THRESHOLD", values.whole_number(minimum=1)),
    ("OPT_IN_RATE_LIMIT", values.rate_limit),
)

SETTING_ERRORS = {
    values.WHOLE_NUMBER: "wagtail_social_kpi.E002",
    values.MINIMUM: "wagtail_social_kpi.E003",
    values.IMPORT: "wagtail_social_kpi.E004",
    NOT_CALLABLE: "wagtail_social_kpi.E005",
    GROUP_NAMES: "wagtail_social_kpi.E006",
    PREFIX_STRING: "wagtail_social_kpi.E007",
    values.RATE_LIMIT: "wagtail_social_kpi.E009",
}


def check_settings(app_configs=None, is_installed: Callable[[str], bool] = apps.is_installed, **kwargs):
    """``is_installed`` stands in for the app registry in tests (changing ``INSTALLED_APPS`` for
    real reloads the registry, which Wagtail's apps do not survive)."""
    errors = []
    if not is_installed("wagtail_social"):
        errors.append(
            Error(
                "wagtail_social_kpi needs 'wagtail_social' in INSTALLED_APPS: its records are what the "
                "figures count.",
                hint="Add 'wagtail_social' to INSTALLED_APPS (see the README).",
                id="wagtail_social_kpi.E001",
            )
        )
    errors.extend(values.check_values(PREFIX, SETTINGS, SETTING_ERRORS))
    errors.extend(check_department_sources())
    return errors


def check_department_sources() -> list:
    """Departments come from one place: a group prefix or a function, not both."""
    prefix = getattr(django_settings, PREFIX + "DEPARTMENT_GROUP_PREFIX", None)
    function = getattr(django_settings, PREFIX + "DEPARTMENT_FUNCTION", None)
    if prefix and function:
        return [
            Error(
                f"{PREFIX}DEPARTMENT_GROUP_PREFIX and {PREFIX}DEPARTMENT_FUNCTION are both set; "
                "a person's department must come from one of them.",
                hint="Keep the one that knows your departments and remove the other.",
                id="wagtail_social_kpi.E008",
            )
        ]
    return []
