"""System checks for the set-up mistakes we have seen; ids are stable (``wagtail_social.E001``...)."""

from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register

from .conf import settings

REQUIRED_APPS = (
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.settings",
)


@register(Tags.compatibility)
def check_setup(app_configs=None, installed_apps=None, **kwargs):
    errors = []
    installed = django_settings.INSTALLED_APPS if installed_apps is None else installed_apps
    for app in REQUIRED_APPS:
        if app not in installed:
            errors.append(
                Error(
                    f"wagtail_social needs '{app}' in INSTALLED_APPS.",
                    hint="See the installation section of the README.",
                    id="wagtail_social.E001",
                )
            )
    if getattr(django_settings, "COMMENTS_APP", None) != "django_comments_xtd":
        errors.append(
            Error(
                "COMMENTS_APP must be 'django_comments_xtd': it is the comments engine of wagtail_social.",
                hint="Add COMMENTS_APP = 'django_comments_xtd' to your settings.",
                id="wagtail_social.E002",
            )
        )
    xtd_depth = getattr(django_settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 0)
    if xtd_depth < settings.MAX_THREAD_DEPTH:
        errors.append(
            Error(
                f"COMMENTS_XTD_MAX_THREAD_LEVEL ({xtd_depth}) is below WAGTAIL_SOCIAL_MAX_THREAD_DEPTH "
                f"({settings.MAX_THREAD_DEPTH}); replies allowed by a page's policy would be refused.",
                hint=f"Set COMMENTS_XTD_MAX_THREAD_LEVEL = {settings.MAX_THREAD_DEPTH}.",
                id="wagtail_social.E003",
            )
        )
    for name, value, minimum in (
        ("COMMENTS_PER_PAGE", settings.COMMENTS_PER_PAGE, 1),
        ("COMMENT_MAX_LENGTH", settings.COMMENT_MAX_LENGTH, 1),
        ("EDIT_WINDOW_MINUTES", settings.EDIT_WINDOW_MINUTES, 0),
        ("MAX_THREAD_DEPTH", settings.MAX_THREAD_DEPTH, 0),
        ("PAGE_VIEW_RETENTION_DAYS", settings.PAGE_VIEW_RETENTION_DAYS, 1),
    ):
        if value < minimum:
            errors.append(
                Error(
                    f"WAGTAIL_SOCIAL_{name} is {value}; it must be at least {minimum}.",
                    id="wagtail_social.E004",
                )
            )
    if settings.STORE_IP_ADDRESS:
        errors.append(
            Warning(
                "WAGTAIL_SOCIAL_STORE_IP_ADDRESS is on: commenters' IP addresses are personal data.",
                hint="Record why in your processing register (GDPR art. 30) or turn it off.",
                id="wagtail_social.W001",
            )
        )
    return errors
