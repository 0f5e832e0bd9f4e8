"""Test-suite setup. Fixtures live in ``tests/fixtures.py``; browser fixtures in ``tests/browser/``."""

pytest_plugins = ["tests.fixtures"]


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's own storage (transaction ids on rows) mean nothing on SQLite: they
    are left out of a SQLite run (and reported as deselected), and run by ``make test``'s
    PostgreSQL environment."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("postgresql_only") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
