"""The floors of the import benchmark: ``python -m bench.floor plain|rtree|cell DB CSV``.

Kept apart from bench_import (which imports Truce) so that the child process starts in
milliseconds and its time is the work alone. ``plain`` loads the CSV unchecked into a table with
no index; ``rtree`` fills an R*Tree over (longitude, latitude, day) from that table, ``cell``
builds a B-tree on an integer cell key and the day over it instead.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
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


if __name__ == "__main__":
    kind, db, csv_path = sys.argv[1:4]
    floor(kind, Path(db), Path(csv_path))
