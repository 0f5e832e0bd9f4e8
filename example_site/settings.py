"""Settings of the demo intranet. Not for production: DEBUG is on and the secret key is public.

Run from the repository root::

    export DJANGO_SETTINGS_MODULE=example_site.settings
    python -m django migrate && python -m django load_demo_data && python -m django runserver
"""

from pathlib import Path

import django

REPO_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

SECRET_KEY = "demo-only-not-secret-wagtail-social-example-site"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "example_site.intranet",
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
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
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
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_social.admin.private_page_urls.PrivatePagesAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "demo.sqlite3",
        # Concurrent writers wait for each other instead of failing with "database is locked"
        # (see docs/howto/scale-out.md; the check wagtail_social.W002 asks for this).
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
            ),
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = []  # demo passwords such as "demo2027" on purpose
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # private pages send visitors to our login page
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

SITE_ID = 1
if django.VERSION >= (6, 1):  # MAILERS replaces EMAIL_BACKEND, which 6.1 deprecates
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "intranet@exemple.fr"

WAGTAIL_SITE_NAME = "Intranet Groupe Exemple"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False

# Comments engine of wagtail_social.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 5
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Notifications run at once in the demo; a real site uses a task worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The demo has no cron: a discussion's batched follow-up emails (printed on the console) go out
# with its next comment after the delay. A real site runs `send_followup_emails` or a worker.
SILENCED_SYSTEM_CHECKS = ["wagtail_social.W003"]

# Participation figures (wagtail_social_kpi). The population is the employees: the members of
# the department groups (the demo logins included, the superuser not); a person's department is
# the rest of the name of their "Département …" group. The figures compare the pilot group with
# everyone else; no figure describes fewer than 5 people.
# The suite's own pages (a comment's edit form, "who reacted", the email stop page) inside the intranet.
WAGTAIL_SOCIAL_BASE_TEMPLATE = "intranet/base.html"

# Search (wagtail_social.search): the suite's whoosh backend is the site's search backend, its
# indexes (one per language) in var/search_index; `load_demo_data` builds them, and
# `python -m django update_index` rebuilds them. The header's search box leads to /search/.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail_social.search.backend"}}
WAGTAIL_SOCIAL_SEARCH_INDEX_DIR = VAR_DIR / "search_index"
WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX = "Département "
WAGTAIL_SOCIAL_KPI_POPULATION_GROUPS = [
    "Département Finance",
    "Département RH",
    "Département Informatique",
    "Département Commercial",
    "Département Production",
    "Département Marketing",
    "Département Communication",
]
WAGTAIL_SOCIAL_KPI_COMPARISON_GROUPS = ["Pilote"]
WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE = 5

# Answer targets of questions are counted in working days: weekends and France's public holidays
# do not count. Reminders go out with ``manage.py send_contribution_reminders`` (cron, every few
# minutes: see docs/contributions.md).
WAGTAIL_SOCIAL_CONTRIBUTIONS_HOLIDAYS = "wagtail_social.contributions.working_days.french_public_holidays"
