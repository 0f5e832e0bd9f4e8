"""System checks of ``wagtail_social.contributions``; ids are stable
(``wagtail_social_contributions.E001``...). Settings are checked from :data:`SETTINGS`, one line
per setting, with the converters ``conf`` reads them through."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.checks import Error, Tags, register

from wagtail_social import setting_values as values

from .conf import EXTENSIONS, HOLIDAYS, PREFIX, extensions, holidays, title_length

SETTINGS = (
    ("TITLE_MAX_LENGTH", title_length),
    ("TEXT_MAX_LENGTH", values.whole_number(minimum=1)),
    ("QUOTE_MAX_LENGTH", values.whole_number(minimum=1)),
    ("PER_PAGE", values.whole_number(minimum=1)),
    ("IMAGE_EXTENSIONS", extensions),
    ("IMAGE_MAX_BYTES", values.whole_number(minimum=1)),
    ("DOCUMENT_EXTENSIONS", extensions),
    ("DOCUMENT_MAX_BYTES", values.whole_number(minimum=1)),
    ("SUPPORT_BUDGET", values.whole_number(minimum=0)),
    ("SUBMIT_RATE_LIMIT", values.rate_limit),
    ("EDIT_RATE_LIMIT", values.rate_limit),
    ("SUPPORT_RATE_LIMIT", values.rate_limit),
    ("HOLIDAYS", holidays),
)

SETTING_ERRORS = {
    values.WHOLE_NUMBER: "wagtail_social_contributions.E002",
    values.MINIMUM: "wagtail_social_contributions.E003",
    values.RATE_LIMIT: "wagtail_social_contributions.E004",
    EXTENSIONS: "wagtail_social_contributions.E005",
    "title_length": "wagtail_social_contributions.E006",
    HOLIDAYS: "wagtail_social_contributions.E020",
}

REQUIRED_APPS = ("wagtail_social", "wagtail.images", "wagtail.documents")


@register(Tags.compatibility)
def check_contributions_setup(
    app_configs=None, is_installed: Callable[[str], bool] = apps.is_installed, **kwargs
) -> list[Error]:
    """``is_installed`` stands in for the app registry in tests."""
    missing = [name for name in REQUIRED_APPS if not is_installed(name)]
    if missing:
        return [
            Error(
                f"wagtail_social.contributions needs {', '.join(repr(m) for m in missing)} in INSTALLED_APPS: "
                "the core decides who may see a page and whether a kind is on there; ideas carry "
                "Wagtail images and documents.",
                hint="Add them to INSTALLED_APPS (see docs/contributions.md).",
                id="wagtail_social_contributions.E001",
            )
        ]
    return values.check_values(PREFIX, SETTINGS, SETTING_ERRORS)
