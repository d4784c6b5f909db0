"""Writing a batch of rows through the database driver, for imports.

At a hundred thousand rows, SQLAlchemy's per-row parameter building for an ``executemany`` costs
more than the database's own work.  These helpers apply each column's bind processing once per
distinct value (what SQLAlchemy would store: dates as SQLite keeps them, JSON as text) and hand
plain tuples to the driver: ``executemany`` on SQLite, ``COPY ... FROM STDIN`` on PostgreSQL.
They depend on nothing else of the import, so the customer writer and ``sdk.importing`` share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, func, select

if TYPE_CHECKING:
    import psycopg


def take_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``, taken before inserting them (see
    :func:`insert_rows` for why no one else can take them meanwhile)."""
    if connection.dialect.name == "postgresql":
        taken = connection.execute(
            select(func.nextval(func.pg_get_serial_sequence(table.name, "id"))).select_from(
                func.generate_series(1, count)
            )
        )
        return sorted(int(i) for i in taken.scalars())
    last = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(last + 1, last + 1 + count))


def driver_insert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``INSERT`` ``rows`` into ``table`` with the DB-API cursor's ``executemany`` (PostgreSQL:
    ``COPY ... FROM STDIN``), in the connection's transaction.

    Each value goes through its column type's bind processing (dates, JSON, decimals as
    SQLAlchemy would store them); a column left out gets its scalar Python-side default, and one
    with a computed default is refused rather than silently left empty.  Every row must name the
    columns the first one names.
    """
    if not rows:
        return
    dialect = connection.dialect
    keys = list(rows[0])
    columns = [table.c[key] for key in keys]
    fixed: dict[str, Any] = {}
    for column in table.columns:
        if column.key in rows[0] or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.key} has a computed default; give it in every row")
        fixed[column.key] = column.default.arg  # type: ignore[attr-defined]
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    processors += [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in fixed]
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(table.c[key].name) for key in [*keys, *fixed])
    marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * (len(keys) + len(fixed)))
    for row in rows:
        if len(row) != len(keys):
            raise ValueError(f"every row of an insert into {table.name} names the columns {keys}")
    # column by column: one pass of C-level map/zip per column instead of Python per value
    values = [[row[key] for row in rows] for key in keys]
    values += [[default] * len(rows) for default in fixed.values()]
    for index, process in enumerate(processors):
        if process is not None:
            values[index] = _processed(process, values[index])
    params = list(zip(*values, strict=True))
    if dialect.name == "postgresql":
        # COPY, on the connection's own transaction: a tenth of executemany's round trips
        driver = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
        with driver.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            for values_of_row in params:
                copy.write_row(values_of_row)
        return
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", params)


def _processed(process: Callable[[Any], Any], column: list[Any]) -> list[Any]:
    """``column`` through ``process``, each distinct value once: a batch's rows share their
    ``created_at`` and often their dates, and formatting a date for the driver is the dearest
    part of an insert's Python work (unhashable values, JSON documents, go through one by one)."""
    try:
        distinct = set(column)
    except TypeError:
        return list(map(process, column))
    if len(distinct) * 2 > len(column):
        return list(map(process, column))
    done = {value: process(value) for value in distinct}
    return [done[value] for value in column]
