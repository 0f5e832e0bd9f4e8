"""System checks for the set-up mistakes we have seen; ids are stable (``wagtail_social.E001``...)
and listed in ``docs/reference/settings.md``.

Every setting's type and shape is checked from :data:`SETTINGS`, one line per setting, with the
converters ``conf`` reads it through (:mod:`wagtail_social.setting_values`); a new setting is one
line there. A new *kind* of mistake gets the next free id in :data:`SETTING_ERRORS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.db.utils import load_backend
from django.urls import NoReverseMatch, reverse

from . import setting_values as values
from .conf import PREFIX, settings
from .models import Reaction

REQUIRED_APPS = (
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.settings",
)

REACTIONS = "reactions"  # a kind of mistake of our own


def reaction_set(name: str, value) -> list:
    """``WAGTAIL_SOCIAL_REACTIONS``: a list of dicts, each with a ``kind`` (stored, so unique,
    non-empty and within the model field's length) and a ``label`` (shown)."""
    max_length = Reaction._meta.get_field("kind").max_length
    expected = (
        f"each entry needs a 'kind' (a non-empty string of at most {max_length} characters, "
        "unique in the list) and a 'label'"
    )
    hint = "For instance [{'kind': 'like', 'label': _('Like'), 'emoji': '👍'}, ...]."

    def refuse(problem: str):
        return values.InvalidSetting(REACTIONS, f"{name} {problem}; {expected}.", hint=hint)

    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise refuse(f"is {value!r}, not a list")
    seen = set()
    for position, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise refuse(f"has {item!r} at position {position}, not a dict")
        kind = item.get("kind")
        if not (isinstance(kind, str) and kind.strip()) or len(kind) > max_length:
            raise refuse(f"has the kind {kind!r} at position {position}")
        if kind in seen:
            raise refuse(f"has the kind {kind!r} twice")
        seen.add(kind)
        if not item.get("label"):
            raise refuse(f"has no 'label' for the kind {kind!r}")
        if not isinstance(item.get("emoji", ""), str):
            raise refuse(f"has an emoji that is not a string for the kind {kind!r}")
    return list(value)


SETTINGS = (
    ("COMMENT_MAX_LENGTH", values.whole_number(minimum=1)),
    ("COMMENTS_PER_PAGE", values.whole_number(minimum=1)),
    ("EDIT_WINDOW_MINUTES", values.whole_number(minimum=0)),
    ("MAX_THREAD_DEPTH", values.whole_number(minimum=0)),
    ("DUPLICATE_WINDOW_SECONDS", values.whole_number(minimum=0)),
    ("PAGE_VIEW_RETENTION_DAYS", values.whole_number(minimum=1)),
    ("STORE_IP_ADDRESS", values.boolean),
    ("INCLUDE_ASSETS", values.boolean),
    ("RECORD_PAGE_VIEWS", values.boolean),
    ("HIDE_PRIVATE_PAGES", values.boolean),
    ("MODERATE_PERMISSION", values.permission),
    ("COMMENT_LIST_RENDERER", values.subclass_of("wagtail_social.rendering.CommentListRenderer")),
    ("REACTIONS", reaction_set),
    ("REACTION_RATE_LIMIT", values.rate_limit),
    ("COMMENT_RATE_LIMIT", values.rate_limit),
    ("COMMENT_EDIT_RATE_LIMIT", values.rate_limit),
    ("FLAG_RATE_LIMIT", values.rate_limit),
    ("REPORTS_TO_HIDE", values.whole_number(minimum=1)),
    ("HELPFUL_RATE_LIMIT", values.rate_limit),
    ("FOLLOWUP_BATCH_SECONDS", values.whole_number(minimum=0)),
)

SETTING_ERRORS = {
    values.MINIMUM: "wagtail_social.E004",
    values.WHOLE_NUMBER: "wagtail_social.E005",
    values.BOOLEAN: "wagtail_social.E006",
    values.RATE_LIMIT: "wagtail_social.E007",
    values.IMPORT: "wagtail_social.E008",
    values.SUBCLASS: "wagtail_social.E009",
    values.PERMISSION: "wagtail_social.E010",
    REACTIONS: "wagtail_social.E011",
}

# What docs/howto/scale-out.md recommends for SQLite (Django >= 5.1).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
SQLITE_MIN_TIMEOUT = 5
# Our raw SQL (``sql.py``, ``reading.py``, polls' ``voting.py``): ``INSERT ... ON CONFLICT`` needs
# SQLite 3.24, ``RETURNING`` 3.35. Other databases spell these differently or not at all.
SQLITE_MIN_VERSION = (3, 35, 0)
SUPPORTED_VENDORS = ("postgresql", "sqlite")


@register(Tags.compatibility)
def check_setup(
    app_configs=None,
    is_installed: Callable[[str], bool] = apps.is_installed,
    database_settings: Mapping | None = None,
    sqlite_version: tuple[int, ...] = sqlite3.sqlite_version_info,
    **kwargs,
):
    """``is_installed``, ``database_settings`` (a ``DATABASES`` dict) and ``sqlite_version``
    stand in for the app registry, the settings and the SQLite library in tests (changing
    ``INSTALLED_APPS`` for real reloads the registry, which Wagtail's apps do not survive).
    Django's own ``databases`` argument (aliases) is not about this."""
    errors = [
        Error(
            f"wagtail_social needs '{app}' in INSTALLED_APPS.",
            hint="See the installation section of the README.",
            id="wagtail_social.E001",
        )
        for app in REQUIRED_APPS
        if not is_installed(app)
    ]
    if getattr(django_settings, "COMMENTS_APP", None) != "django_comments_xtd":
        errors.append(
            Error(
                "COMMENTS_APP must be 'django_comments_xtd': it is the comments engine of wagtail_social.",
                hint="Add COMMENTS_APP = 'django_comments_xtd' to your settings.",
                id="wagtail_social.E002",
            )
        )
    errors.extend(values.check_values(PREFIX, SETTINGS, SETTING_ERRORS))
    errors.extend(check_thread_depth())
    if settings.STORE_IP_ADDRESS:
        errors.append(
            Warning(
                "WAGTAIL_SOCIAL_STORE_IP_ADDRESS is on: commenters' IP addresses are personal data.",
                hint="Record why in your processing register (GDPR art. 30) or turn it off.",
                id="wagtail_social.W001",
            )
        )
    databases = django_settings.DATABASES if database_settings is None else database_settings
    errors.extend(check_database_engines(databases, write_aliases("wagtail_social"), sqlite_version))
    errors.extend(check_sqlite(databases))
    return errors


def check_thread_depth() -> list:
    """django-comments-xtd refuses replies deeper than its own setting, whatever our policy says."""
    name = "COMMENTS_XTD_MAX_THREAD_LEVEL"
    try:
        xtd_depth = values.whole_number()(name, getattr(django_settings, name, 0))
    except values.InvalidSetting as problem:
        return [Error(problem.message, hint=problem.hint, id=SETTING_ERRORS[problem.kind])]
    try:
        depth = settings.MAX_THREAD_DEPTH
    except ImproperlyConfigured:
        return []  # reported by the settings table
    if xtd_depth >= depth:
        return []
    return [
        Error(
            f"COMMENTS_XTD_MAX_THREAD_LEVEL ({xtd_depth}) is below WAGTAIL_SOCIAL_MAX_THREAD_DEPTH "
            f"({depth}); replies allowed by a page's policy would be refused.",
            hint=f"Set COMMENTS_XTD_MAX_THREAD_LEVEL = {depth}.",
            id="wagtail_social.E003",
        )
    ]


def write_aliases(app_label: str) -> set[str]:
    """The database aliases the models of ``app_label`` are written to (routers included)."""
    return {router.db_for_write(model) for model in apps.get_app_config(app_label).get_models()}


def database_vendor(engine: str) -> str:
    """``"postgresql"``, ``"sqlite"``… for an ``ENGINE``, PostGIS, SpatiaLite and wrappers
    included; a backend that cannot be loaded here is named by its module."""
    try:
        return load_backend(engine).DatabaseWrapper.vendor
    except (ImproperlyConfigured, ImportError, AttributeError):  # GDAL or a driver missing, a typo
        module = engine.rpartition(".")[2]
        return {"postgis": "postgresql", "spatialite": "sqlite", "sqlite3": "sqlite"}.get(module, module)


def check_database_engines(
    databases: Mapping, aliases: set[str], sqlite_version: tuple[int, ...] = sqlite3.sqlite_version_info
) -> list:
    """Our raw SQL runs on PostgreSQL and on SQLite from :data:`SQLITE_MIN_VERSION` only."""
    errors = []
    for alias in sorted(aliases):
        engine = str((databases.get(alias) or {}).get("ENGINE", ""))
        vendor = database_vendor(engine)
        if vendor == "sqlite" and tuple(sqlite_version) < SQLITE_MIN_VERSION:
            found = ".".join(map(str, sqlite_version))
            needed = ".".join(map(str, SQLITE_MIN_VERSION))
            errors.append(
                Error(
                    f"The database '{alias}' is SQLite {found}; wagtail_social needs SQLite {needed} or later "
                    "(INSERT ... ON CONFLICT ... RETURNING).",
                    hint="Use a Python built with a newer SQLite (the pysqlite3-binary package is one "
                    "way), or PostgreSQL.",
                    id="wagtail_social.E013",
                )
            )
        elif vendor not in SUPPORTED_VENDORS:
            errors.append(
                Error(
                    f"The database '{alias}' uses the engine {engine!r}; wagtail_social runs on PostgreSQL "
                    "or SQLite only (its SQL uses INSERT ... ON CONFLICT and RETURNING).",
                    hint="Use PostgreSQL (or SQLite for a small site); see docs/howto/scale-out.md.",
                    id="wagtail_social.E012",
                )
            )
    return errors


@register(Tags.compatibility)
def check_followup_batches(app_configs=None, **kwargs) -> list:
    """Follow-up emails after the first of a burst wait for the end of the batch delay. A task
    backend that runs no deferred task (Django's immediate one) sends them only when the next
    comment comes after the delay, or when ``send_followup_emails`` runs: say so."""
    try:
        if settings.FOLLOWUP_BATCH_SECONDS <= 0:
            return []
        from django_tasks import default_task_backend

        if default_task_backend.supports_defer:
            return []
    except Exception:  # a bad value is reported by its own check; a bad TASKS setting by Django's
        return []
    return [
        Warning(
            "The task backend runs no deferred task: follow-up emails batched after the first of a "
            "discussion wait until `manage.py send_followup_emails` runs or the next comment comes.",
            hint="Run `manage.py send_followup_emails` every minute (cron), or use a task backend with "
            "a worker; WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS = 0 sends every comment at once.",
            id="wagtail_social.W003",
        )
    ]


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


@register(Tags.urls)
def check_charter_urls(app_configs=None, **kwargs) -> list:
    """The charter's gate sends people to its accept page: with the charter required, its URLs
    must be included, or the first participation after a version is published fails."""
    if not settings.CHARTER_REQUIRED:
        return []
    try:
        reverse("wagtail_social_charter:accept")
    except NoReverseMatch:
        return [
            Warning(
                "The usage charter's URLs are not included: people asked to accept it would find no page.",
                hint='Add path("charter/", include("wagtail_social.charter_urls")) to your URLs, or '
                "set WAGTAIL_SOCIAL_CHARTER_REQUIRED = False.",
                id="wagtail_social.W004",
            )
        ]
    return []


@register(Tags.security)
def check_private_pages_search(app_configs=None, **kwargs) -> list:
    """Wagtail's page search view, told not to filter by page permissions, lists every page by
    title to every admin user, and offers no hook to narrow it: private communities included."""
    try:
        hiding = settings.HIDE_PRIVATE_PAGES
    except ImproperlyConfigured:  # reported by check_setup
        return []
    if hiding and not getattr(django_settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
        return [
            Warning(
                "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS is False: Wagtail's page search shows "
                "the titles of private communities' pages to every admin user.",
                hint="Leave it True (Wagtail's default), or set WAGTAIL_SOCIAL_HIDE_PRIVATE_PAGES = False.",
                id="wagtail_social.W005",
            )
        ]
    return []


@register()
def check_email_base_url(app_configs=None, **kwargs) -> list:
    """Every link of every email starts from one absolute base URL; without one, links follow each
    page's site, which may be ``localhost`` on one and ``127.0.0.1`` on another."""
    base = settings.BASE_URL or str(getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or "")
    if base.startswith(("http://", "https://")):
        return []
    return [
        Warning(
            "Emails have no absolute base URL: WAGTAIL_SOCIAL_BASE_URL and WAGTAILADMIN_BASE_URL are "
            "empty or not http(s) URLs.",
            hint="Set WAGTAIL_SOCIAL_BASE_URL (or WAGTAILADMIN_BASE_URL) to e.g. 'https://intranet.example'.",
            id="wagtail_social.W006",
        )
    ]


PRIVATE_PAGES_ADMIN_MIDDLEWARE = "wagtail_social.admin.private_page_urls.PrivatePagesAdminMiddleware"


@register(Tags.security)
def check_private_pages_admin_middleware(app_configs=None, **kwargs) -> list:
    """Without the middleware, Wagtail's admin views addressed by a page id (edit, history,
    revisions, move…) tell an admin user who is not a member that a private community's page
    exists (a redirect "no permission" where a missing id is a 404), and some show its title."""
    if PRIVATE_PAGES_ADMIN_MIDDLEWARE in getattr(django_settings, "MIDDLEWARE", []):
        return []
    return [
        Warning(
            "Wagtail's admin page views tell admin users who are not members that a private "
            "community's pages exist.",
            hint=f"Add '{PRIVATE_PAGES_ADMIN_MIDDLEWARE}' to MIDDLEWARE, after Django's "
            "AuthenticationMiddleware.",
            id="wagtail_social.W007",
        )
    ]
