"""Test-suite setup. Fixtures live in ``tests/fixtures.py``; browser fixtures in ``tests/browser/``."""

pytest_plugins = ["tests.fixtures"]
