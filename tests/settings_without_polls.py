"""The suite's settings without the polls app (and the test app, whose pages embed polls): what a
site that never installed ``wagtail_social_polls`` runs. Used in a subprocess by ``test_features``."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("wagtail_social_polls", "tests.testapp")]  # noqa: F405
