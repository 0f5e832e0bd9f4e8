"""Test-suite setup. Fixtures live in ``tests/fixtures.py``; browser fixtures in ``tests/browser/``."""

pytest_plugins = ["tests.fixtures"]


def pytest_collection_modifyitems(config, items):
    """Tests of one database's own storage (transaction ids on PostgreSQL rows, the bytes of a
    SQLite file) mean nothing on the other: they are left out of that run (and reported as
    deselected), and run by ``make test``'s environment for their database."""
    from django.db import connection

    other = "sqlite_only" if connection.vendor == "postgresql" else "postgresql_only"
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker(other) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
