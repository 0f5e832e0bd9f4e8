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
import wagtail_social_polls

TESTING_WHEEL = os.environ.get("WAGTAIL_SOCIAL_TESTING_WHEEL") == "1"
PACKAGE_DIR = Path(wagtail_social.__file__).resolve().parent
POLLS_PACKAGE_DIR = Path(wagtail_social_polls.__file__).resolve().parent


@pytest.mark.parametrize("package_dir", [PACKAGE_DIR, POLLS_PACKAGE_DIR], ids=["core", "polls"])
def test_package_comes_from_what_the_run_claims_to_test(package_dir):
    """Under tox, the installed wheel; otherwise (``make test-fast``), the source tree."""
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    from_wheel = package_dir.is_relative_to(site_packages)
    assert from_wheel == TESTING_WHEEL, f"imported from {package_dir}"


@pytest.mark.parametrize(
    "path",
    [
        "templates/wagtail_social/participation.html",
        "static/wagtail_social/css/wagtail_social.css",
        "static/wagtail_social/js/wagtail_social.js",
        "migrations/0001_initial.py",
        "locale/fr/LC_MESSAGES/django.mo",
        "contributions/templates/wagtail_social_contributions/contributions.html",
        "contributions/templates/wagtail_social_contributions/detail.html",
        "contributions/migrations/0001_initial.py",
        "contributions/locale/fr/LC_MESSAGES/django.mo",
        "search/templates/wagtail_social_search/search_page.html",
        "search/templates/wagtail_social_search/results.html",
        "search/migrations/0001_initial.py",
        "search/locale/fr/LC_MESSAGES/django.mo",
    ],
)
def test_package_ships_data_files(path):
    assert (PACKAGE_DIR / path).is_file()


@pytest.mark.parametrize(
    "path",
    [
        "templates/wagtail_social_polls/poll.html",
        "templates/wagtail_social_polls/message.html",
        "templates/wagtail_social_polls/admin/confirm_delete.html",
        "templates/wagtail_social_polls/admin/results.html",
        "templates/wagtail_social_polls/admin/status_cell.html",
        "templates/wagtail_social_polls/admin/turnout_cell.html",
        "static/wagtail_social_polls/css/wagtail_social_polls.css",
        "static/wagtail_social_polls/js/wagtail_social_polls.js",
        "static/wagtail_social_polls/admin/results.css",
        "migrations/0001_initial.py",
        "migrations/0002_placements.py",
        "locale/fr/LC_MESSAGES/django.mo",
    ],
)
def test_polls_package_ships_data_files(path):
    assert (POLLS_PACKAGE_DIR / path).is_file()


def test_suite_runs_on_the_requested_database():
    expected = "postgresql" if os.environ.get("WAGTAIL_SOCIAL_TEST_DB") == "postgres" else "sqlite"
    assert connection.vendor == expected
