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


# What docs/howto/scale-out.md recommends for SQLite (Django >= 5.1).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
SQLITE_MIN_TIMEOUT = 5


@register(Tags.compatibility)
def check_setup(app_configs=None, installed_apps=None, database_settings=None, **kwargs):
    """``installed_apps`` and ``database_settings`` (a ``DATABASES`` dict) stand in for the
    settings in tests; Django's own ``databases`` argument (aliases) is not about this."""
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
    errors.extend(check_sqlite(django_settings.DATABASES if database_settings is None else database_settings))
    return errors


def check_sqlite(databases) -> list:
    """SQLite's defaults make concurrent writers fail: a deferred transaction that reads, then
    writes, gets "database is locked" at once, whatever the timeout. ``BEGIN IMMEDIATE`` takes
    the write lock first, and the timeout lets writers wait for each other."""
    default = databases.get("default") or {}
    engine = default.get("ENGINE", "")
    name = str(default.get("NAME") or "")
    if not engine.endswith(("sqlite3", "spatialite")) or name == ":memory:" or "mode=memory" in name:
        return []  # in memory: a test set-up, where these options would not help anyway
    options = default.get("OPTIONS") or {}
    mode = str(options.get("transaction_mode") or "").upper()
    try:
        timeout = float(options.get("timeout", 5))  # Python's sqlite3 default
    except (TypeError, ValueError):
        timeout = 0
    if mode in ("IMMEDIATE", "EXCLUSIVE") and timeout >= SQLITE_MIN_TIMEOUT:
        return []
    return [
        Warning(
            "The default database is SQLite without transaction_mode='IMMEDIATE' or with a timeout "
            f"under {SQLITE_MIN_TIMEOUT} seconds: concurrent reactions and comments may fail with "
            "'database is locked'.",
            hint=f"Set DATABASES['default']['OPTIONS'] = {SQLITE_OPTIONS!r}, "
            "or use PostgreSQL (see docs/howto/scale-out.md).",
            id="wagtail_social.W002",
        )
    ]
