"""Test-suite setup. Fixtures live in ``tests/fixtures.py``; browser fixtures in ``tests/browser/``."""

from pathlib import Path

pytest_plugins = ["tests.fixtures"]


def pytest_configure(config):
    # The SQLite databases and media files of tests/settings.py live here; the folder is not in git.
    (Path(__file__).resolve().parent / "var").mkdir(exist_ok=True)
