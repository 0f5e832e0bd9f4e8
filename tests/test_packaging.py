"""The tests run against what the distribution ships, on the database they claim to use.

Under tox (``WAGTAIL_SOCIAL_TESTING_WHEEL=1``) the package must come from the installed wheel, and
the wheel must hold the non-Python files that ``setup.cfg`` and ``MANIFEST.in`` are meant to ship.
"""

import os
import sysconfig
from pathlib import Path

import pytest
from django.db import connection

import wagtail_social

TESTING_WHEEL = os.environ.get("WAGTAIL_SOCIAL_TESTING_WHEEL") == "1"
PACKAGE_DIR = Path(wagtail_social.__file__).resolve().parent


def test_package_comes_from_what_the_run_claims_to_test():
    """Under tox, the installed wheel; otherwise (``make test-fast``), the source tree."""
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    from_wheel = PACKAGE_DIR.is_relative_to(site_packages)
    assert from_wheel == TESTING_WHEEL, f"imported from {PACKAGE_DIR}"


@pytest.mark.parametrize(
    "path",
    [
        "templates/wagtail_social/participation.html",
        "static/wagtail_social/css/wagtail_social.css",
        "static/wagtail_social/js/wagtail_social.js",
        "migrations/0001_initial.py",
        "locale/fr/LC_MESSAGES/django.mo",
    ],
)
def test_package_ships_data_files(path):
    assert (PACKAGE_DIR / path).is_file()


def test_suite_runs_on_the_requested_database():
    expected = "postgresql" if os.environ.get("WAGTAIL_SOCIAL_TEST_DB") == "postgres" else "sqlite"
    assert connection.vendor == expected
