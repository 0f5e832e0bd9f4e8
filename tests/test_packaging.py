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
wheel_only = pytest.mark.skipif(not TESTING_WHEEL, reason="checks the installed wheel (run by tox)")


@wheel_only
def test_package_is_imported_from_site_packages():
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert PACKAGE_DIR.is_relative_to(site_packages), f"imported from {PACKAGE_DIR}, not the wheel"


@wheel_only
@pytest.mark.parametrize(
    "path",
    [
        "templates/wagtail_social/participation.html",
        "migrations/0001_initial.py",
        "locale/fr/LC_MESSAGES/django.mo",
    ],
)
def test_wheel_ships_data_files(path):
    assert (PACKAGE_DIR / path).is_file()


def test_suite_runs_on_the_requested_database():
    expected = "postgresql" if os.environ.get("WAGTAIL_SOCIAL_TEST_DB") == "postgres" else "sqlite"
    assert connection.vendor == expected
