"""SQLite's side of the batched writes (:func:`truce.store.records.create_many`, the audit
entries): rows bound as SQLAlchemy would bind them, inserted by one ``executemany`` straight
on the driver (the ORM's flush and SQLAlchemy's statement set-up cost more than the insert).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult, FromClause

Processor = Callable[[Any], Any] | None


def bind_processors(
    connection: Connection, table: FromClause, names: Sequence[str]
) -> list[Processor]:
    """What SQLAlchemy applies to a value of each column before binding it (None: nothing)."""
    dialect = connection.dialect
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]


def insert_sql(table: str, names: Sequence[str]) -> str:
    """The driver's ``INSERT`` of one row of ``names``, its values bound by position."""
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    return f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'


def insert_rows(
    connection: Connection, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> CursorResult[Any]:
    """Insert ``rows`` (values in the order of ``names``, already bound) in one statement."""
    statement = insert_sql(table, names)
    if len(rows) == 1:  # one tuple: one execute (its lastrowid is the new row's)
        return connection.exec_driver_sql(statement, tuple(rows[0]))
    return connection.exec_driver_sql(statement, [tuple(row) for row in rows])
