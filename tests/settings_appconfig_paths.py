"""The test settings with apps listed by their ``AppConfig`` path, as many projects do: the
system checks must see them as installed (``tests/test_checks.py`` runs ``check`` with these)."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS as _BY_NAME

APP_CONFIGS = {
    "wagtail_social": "wagtail_social.apps.WagtailSocialConfig",
    "wagtail_social_polls": "wagtail_social_polls.apps.WagtailSocialPollsConfig",
    "wagtail_social_kpi": "wagtail_social_kpi.apps.WagtailSocialKpiConfig",
    "django_comments_xtd": "django_comments_xtd.apps.CommentsXtdConfig",
    "wagtail.contrib.settings": "wagtail.contrib.settings.apps.WagtailSettingsAppConfig",
    "django.contrib.sites": "django.contrib.sites.apps.SitesConfig",
}
INSTALLED_APPS = [APP_CONFIGS.get(app, app) for app in _BY_NAME]
