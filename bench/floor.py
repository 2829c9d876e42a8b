"""The floors of the import benchmark: ``python -m bench.floor plain|rtree|cell DB CSV`` and
``python -m bench.floor table DB SOURCE``.

Kept apart from bench_import (which imports Truce) so that the child process starts in
milliseconds and its time is the work alone. ``plain`` loads the CSV unchecked into a table with
no index; ``rtree`` fills an R*Tree over (longitude, latitude, day) from that table, ``cell``
builds a B-tree on an integer cell key and the day over it instead. ``table`` is SQLite's own
work for the rows a Truce import wrote (see :func:`table`); it times itself and prints its wall
and CPU seconds as JSON.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import time
from pathlib import Path

# The B-tree alternative to the R*Tree: an integer key of 0.1° cells, row by row (bench.spatial).
CELL_KEY = (
    "(CAST((latitude + 90) * 10 AS INTEGER) * 3600 + CAST((longitude + 180) * 10 AS INTEGER))"
)


def floor(kind: str, db: Path, csv_path: Path) -> None:
    """Run one floor (see the module's text) in this process."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("BEGIN")
    if kind == "plain":
        with csv_path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = ", ".join(f'"{name}"' for name in header)
            connection.execute(f"CREATE TABLE events ({columns})")
            marks = ", ".join("?" for _ in header)
            connection.executemany(f"INSERT INTO events VALUES ({marks})", reader)
    elif kind == "cell":
        connection.execute(f"CREATE INDEX events_cell ON events ({CELL_KEY}, event_date)")
    else:
        connection.execute(
            "CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, "
            "max_lat, min_day, max_day)"
        )
        connection.execute(
            "INSERT INTO events_rtree SELECT rowid, longitude, longitude, latitude, latitude, "
            "julianday(event_date) - 2440587.5, julianday(event_date) - 2440587.5 FROM events"
        )
    connection.execute("COMMIT")
    connection.close()


def table(db: Path, source: Path) -> dict[str, float]:
    """SQLite's own work for the rows a Truce import wrote, with nothing done in Python.

    ``db`` is a fresh store at the newest schema, ``source`` a store that ``truce import`` filled
    from it. One transaction does in SQL what the import asks of SQLite: the plain indexes and the
    row-by-row insert triggers on events set aside (Truce's own :mod:`truce.ingest.suspended`),
    every row the import wrote copied in from ``source`` (``INSERT … SELECT``: events, the audit
    entry and its seals), then the triggers' work done set-wise (the R*Tree, the full-text index)
    and the indexes built. Timed: that transaction (the ``ATTACH`` and the imports before it are
    not)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from truce.ingest.suspended import SuspendedIndexes, SuspendedTriggers

    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("ATTACH DATABASE ? AS source", (str(source),))
    tables = _written_tables(raw)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    start, cpu = time.perf_counter(), time.process_time()
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN")
        indexes = SuspendedIndexes(connection).__enter__()
        triggers = SuspendedTriggers(connection, 1).__enter__()
        for name, columns in tables:
            listed = ", ".join(f'"{column}"' for column in columns)
            connection.exec_driver_sql(
                f'INSERT INTO main."{name}" ({listed}) SELECT {listed} FROM source."{name}"'
            )
        triggers.finish()
        indexes.finish()
        connection.exec_driver_sql("COMMIT")
    return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def _written_tables(connection: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    """The tables with more rows in ``source`` than in this store, and their columns; the
    virtual tables and their shadow tables (filled by the triggers' work) left out."""
    rows = connection.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    found = []
    for name, _ in rows:
        if name in virtual or any(name.startswith(f"{v}_") for v in virtual):
            continue
        more = f'SELECT count(*) FROM source."{name}"', f'SELECT count(*) FROM main."{name}"'
        if connection.execute(f"SELECT ({more[0]}) - ({more[1]})").fetchone()[0] > 0:
            columns = [row[1] for row in connection.execute(f'PRAGMA main.table_info("{name}")')]
            found.append((name, columns))
    return found


if __name__ == "__main__":
    kind, db, given = sys.argv[1:4]
    if kind == "table":
        sys.stdout.write(json.dumps(table(Path(db), Path(given))))
    else:
        floor(kind, Path(db), Path(given))
