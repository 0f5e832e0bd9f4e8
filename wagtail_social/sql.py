"""Single-statement writes the ORM does not offer.

``bulk_create(ignore_conflicts=True)`` and ``QuerySet.delete()`` wrap their statement in a
transaction of their own: in autocommit mode that is a ``BEGIN`` and a ``COMMIT`` round trip
around a statement that is atomic anyway. These helpers send the one statement.
"""

from __future__ import annotations

from django.db import connections, router

# Our tables' ids in URLs and forms are 32-bit integers: a larger one is simply not found (and
# never reaches the database, where PostgreSQL would refuse it with an error).
MAX_ID = 2**31 - 1


def quoted_names(connection, model, *fields: str) -> list[str]:
    """``model``'s table name then the column names of ``fields``, quoted for ``connection``."""
    quote = connection.ops.quote_name
    return [quote(model._meta.db_table)] + [quote(model._meta.get_field(name).column) for name in fields]


def _columns_and_params(model, values: dict, connection):
    columns, params = [], []
    for name, value in values.items():
        field = model._meta.get_field(name)
        columns.append(connection.ops.quote_name(field.column))
        params.append(field.get_db_prep_save(value, connection))
    return columns, params


def insert_ignoring_conflicts(model, *, returning: str | None = None, **values):
    """``INSERT ... ON CONFLICT DO NOTHING`` (any unique constraint, partial ones included; SQLite
    3.24+ and PostgreSQL). Returns the number of rows inserted (0 when the row already existed),
    or with ``returning`` (a field name) that field of the new row, None when nothing was
    inserted (``RETURNING``: PostgreSQL, SQLite 3.35+)."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    columns, params = _columns_and_params(model, values, connection)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    if returning is not None:
        sql += f" RETURNING {connection.ops.quote_name(model._meta.get_field(returning).column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning is None:
            return cursor.rowcount
        row = cursor.fetchone()
        return row[0] if row else None


def delete_matching(model, **values) -> int:
    """``DELETE`` the rows whose fields equal ``values`` (``None`` matches NULL), for models that
    nothing cascades from and no signal is listened for. Returns the number of rows deleted."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    conditions, params = [], []
    for name, value in values.items():
        field = model._meta.get_field(name)
        column = connection.ops.quote_name(field.column)
        if value is None:
            conditions.append(f"{column} IS NULL")
        else:
            conditions.append(f"{column} = %s")
            params.append(field.get_db_prep_save(value, connection))
    sql = f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {' AND '.join(conditions)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
