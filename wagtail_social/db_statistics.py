"""The query planner's statistics of wagtail_social's tables, refreshed by the daily maintenance.

A database picks an index by what it knows of the table: SQLite knows nothing until ``ANALYZE``
has filled ``sqlite_stat1`` (and never runs it by itself), PostgreSQL's autovacuum analyses a
table after enough writes. Without statistics SQLite sorts every match of a large idea box
instead of reading its ordered index and stopping at the page's last row (``contributions``'
``wagtail_social_contrib_newest``; ``docs/performance.md``). ``manage.py purge_page_views``,
the job a site runs daily, calls :func:`refresh` after its purge, which also changed the
tables it analyses most.
"""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections


def tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables of the wagtail_social apps installed, that exist in the database."""
    names = {
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("wagtail_social")
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    with connections[using].cursor() as cursor:
        existing = set(connections[using].introspection.table_names(cursor))
    return sorted(names & existing)


def refresh(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """``ANALYZE`` each of wagtail_social's tables (only ours: the site's other tables are its
    own business); the tables analysed. SQLite reads every index whole (an
    ``analysis_limit`` of 1,000 rows per index left the planner sorting the idea box of
    10,000 contributions): seconds on a table of millions of page views, once a day."""
    connection = connections[using]
    names = tables(using)
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return names
