"""System checks of ``wagtail_social_polls``; ids are stable (``wagtail_social_polls.E001``...)
and listed in ``docs/reference/settings.md``. Settings are checked from :data:`SETTINGS`, one
line per setting, with the converters of :mod:`wagtail_social.setting_values`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register

from wagtail_social import setting_values as values
from wagtail_social.checks import check_database_engines, write_aliases

from .conf import PREFIX

MIN_SECRET_VOTERS = 3  # what conf.settings.SECRET_MIN_VOTERS clamps to

SETTINGS = (
    ("SECRET_MIN_VOTERS", values.whole_number()),  # below 3: W001 (clamped, so it still works)
    ("VOTE_RATE_LIMIT", values.rate_limit),
)

SETTING_ERRORS = {
    values.WHOLE_NUMBER: "wagtail_social_polls.E002",
    values.RATE_LIMIT: "wagtail_social_polls.E003",
}


@register(Tags.compatibility)
def check_polls_setup(
    app_configs=None,
    is_installed: Callable[[str], bool] = apps.is_installed,
    database_settings: Mapping | None = None,
    **kwargs,
):
    """``is_installed`` and ``database_settings`` (a ``DATABASES`` dict) stand in for the app
    registry and the settings in tests (changing ``INSTALLED_APPS`` for real reloads the
    registry, which Wagtail's apps do not survive)."""
    if not is_installed("wagtail_social"):
        # The rest (settings read with the core's converters) would only add noise.
        return [
            Error(
                "wagtail_social_polls needs the core app 'wagtail_social' in INSTALLED_APPS: "
                "it decides who may see a page and whether polls are on there.",
                hint="Add 'wagtail_social' to INSTALLED_APPS (see docs/polls.md).",
                id="wagtail_social_polls.E001",
            )
        ]
    errors = values.check_values(PREFIX, SETTINGS, SETTING_ERRORS)
    name = PREFIX + "SECRET_MIN_VOTERS"
    value = values.as_whole_number(getattr(django_settings, name, MIN_SECRET_VOTERS))
    if value is not None and value < MIN_SECRET_VOTERS:
        errors.append(
            Warning(
                f"{name} is {value}; secret ballots use {MIN_SECRET_VOTERS}: with fewer voters, "
                "results could tell who chose what.",
                hint=f"Set {name} to {MIN_SECRET_VOTERS} or more (5 is the default).",
                id="wagtail_social_polls.W001",
            )
        )
    # Voting's SQL is the core's (INSERT ... ON CONFLICT ... RETURNING); the core's check
    # covers the databases its own models use, this one any other that polls are routed to.
    aliases = write_aliases("wagtail_social_polls") - write_aliases("wagtail_social")
    databases = django_settings.DATABASES if database_settings is None else database_settings
    errors.extend(check_database_engines(databases, aliases))
    return errors
