"""PostgreSQL's side of the bulk writers: ``COPY``, set-wise updates, index rebuilds.

The writer (:class:`truce.ingest.bulk.EventWriter`) decides which rows are new, changed or
repeated; this module moves them. New rows go straight into ``events`` through ``COPY … FROM
STDIN`` under ids drawn from the sequence beforehand (:func:`next_ids`), so the writer seals
them from their values (measured: as cheap on the server as copying them into a staging table
and inserting from it, and one write of each row instead of two). Changed rows are copied
into a temporary table and applied with one ``UPDATE … FROM``. An import into an empty
``events`` table drops its plain indexes first and builds them once at the end
(:class:`RebuiltIndexes`): the full-text GIN index costs about 48 µs a row kept up row by row,
against about 29 µs a row built in one pass.

Records created in a batch (:func:`truce.store.records.create_many`, ingest's sources and
candidates) and their audit entries go in through ``COPY`` too, under ids drawn from the
table's sequence beforehand (:func:`next_ids`), so no ``INSERT … RETURNING`` is needed.

All of it runs inside the import's transaction: a failed import rolls back the rows, the
temporary table and any dropped index alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

UNIQUE_VIOLATION = "23505"
# Memory for the index builds of one import (PostgreSQL's default is 64 MB; a GIN build that
# overflows it writes and merges runs several times).
BUILD_MEMORY = "256MB"


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def copy_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """``rows`` into ``table`` through ``COPY … FROM STDIN``; a repeated unique key raises
    :class:`~sqlalchemy.exc.IntegrityError` (the transaction then needs a rollback to a
    savepoint taken before)."""
    driver: Any = connection.connection.driver_connection
    statement = f"COPY {table} ({_quoted(columns)}) FROM STDIN"
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
    except Exception as error:  # the driver's own error type: psycopg is an optional extra
        if getattr(error, "sqlstate", None) == UNIQUE_VIOLATION:
            raise IntegrityError(statement, None, error) from error
        raise


def next_ids(connection: Connection, table: str, count: int) -> Sequence[int]:
    """``count`` new ids drawn from the sequence of ``table``'s ``id`` column, ascending (rows
    then copied in with them get the ids and the order an ``INSERT`` of each would have).

    The server draws them and answers with the first and the last: when no other session drew
    from the sequence meanwhile, they run on (fetching each of thousands of ids cost ten
    times the drawing). Otherwise the block is left unused, as a rolled-back insert leaves its
    ids, and each id is drawn and fetched."""
    if count <= 0:
        return []
    sequence = {"table": table, "n": count}
    first, last = connection.exec_driver_sql(
        f"SELECT min(drawn), max(drawn) FROM (SELECT {_DRAW} AS drawn "
        "FROM generate_series(1, %(n)s)) AS block",
        sequence,
    ).one()
    if last - first == count - 1:
        return range(first, last + 1)
    rows = connection.exec_driver_sql(f"SELECT {_DRAW} FROM generate_series(1, %(n)s)", sequence)
    return sorted(row[0] for row in rows)


# The sequence is named once for all the ids drawn (a sub-select): as an argument of each
# nextval, the catalogue look-up ran for every id, four times the cost of the drawing.
_DRAW = "nextval((SELECT pg_get_serial_sequence(%(table)s, 'id'))::regclass)"


def update_events(
    connection: Connection,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    stamp: Any,
) -> None:
    """Set ``columns`` of the events whose id leads each row (``(id, *values)``), bumping
    their version and stamping ``updated_at``: one ``COPY`` into a temporary table, then one
    ``UPDATE … FROM`` it."""
    stage = "truce_changed_events"
    names = ("id", *columns)
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
        f"SELECT {_quoted(names)} FROM events WITH NO DATA"
    )
    connection.exec_driver_sql(f"TRUNCATE {stage}")
    copy_rows(connection, stage, names, rows)
    assignments = ", ".join(f'"{name}" = s."{name}"' for name in columns)
    connection.exec_driver_sql(
        f"UPDATE events AS e SET {assignments}, version = e.version + 1, updated_at = %(stamp)s "
        f"FROM {stage} AS s WHERE e.id = s.id",
        {"stamp": stamp},
    )


@dataclass
class RebuiltIndexes:
    """On PostgreSQL, an import into an empty events table builds its plain indexes afterwards.

    Only indexes that are neither the primary key nor unique are dropped: the unique index on
    (dataset, external id) still refuses a repeated id. Dropping an index locks the table:
    readers of events wait until the import commits, for a table that had no rows to show.
    """

    connection: Connection
    _saved: list[str] = field(default_factory=list)

    def __enter__(self) -> RebuiltIndexes:
        connection = self.connection
        if connection.exec_driver_sql("SELECT 1 FROM events LIMIT 1").first() is not None:
            return self
        rows = connection.exec_driver_sql(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index AS i WHERE i.indrelid = 'events'::regclass "
            "AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid "
            "ORDER BY i.indexrelid"
        ).all()
        for name, definition in rows:
            self._saved.append(definition)
            connection.exec_driver_sql(f"DROP INDEX {name}")
        return self

    def finish(self) -> None:
        """Build the dropped indexes over the rows now in the table."""
        if self._saved:
            self.connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for definition in self._saved:
            self.connection.exec_driver_sql(definition)
        self._saved.clear()
