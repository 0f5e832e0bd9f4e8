"""System checks of ``wagtail_social_polls``; ids are stable (``wagtail_social_polls.E001``...)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register

from .conf import PREFIX

MIN_SECRET_VOTERS = 3  # what conf.settings.SECRET_MIN_VOTERS clamps to


@register(Tags.compatibility)
def check_polls_setup(app_configs=None, installed_apps=None, **kwargs):
    """``installed_apps`` stands in for ``INSTALLED_APPS`` in tests (changing it for real
    reloads the app registry)."""
    errors = []
    installed = django_settings.INSTALLED_APPS if installed_apps is None else installed_apps
    if "wagtail_social" not in installed:
        errors.append(
            Error(
                "wagtail_social_polls needs the core app 'wagtail_social' in INSTALLED_APPS: "
                "it decides who may see a page and whether polls are on there.",
                hint="Add 'wagtail_social' to INSTALLED_APPS (see docs/polls.md).",
                id="wagtail_social_polls.E001",
            )
        )
    name = PREFIX + "SECRET_MIN_VOTERS"
    raw = getattr(django_settings, name, None)
    if raw is not None:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.append(
                Error(f"{name} must be a whole number, not {raw!r}.", id="wagtail_social_polls.E002")
            )
        else:
            if value < MIN_SECRET_VOTERS:
                errors.append(
                    Warning(
                        f"{name} is {value}; secret ballots use {MIN_SECRET_VOTERS}: with fewer voters, "
                        "results could tell who chose what.",
                        hint=f"Set {name} to {MIN_SECRET_VOTERS} or more (5 is the default).",
                        id="wagtail_social_polls.W001",
                    )
                )
    return errors
