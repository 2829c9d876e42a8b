"""The spatial index for points, chosen by measurement: ``python -m bench.spatial DB``.

On a store holding imported events, builds each candidate index from scratch inside a
transaction that is rolled back, then times the map query against it (the bounding box and day
window of ``store/query.py``'s map query, newest first, 500 rows at most) over a fixed set of
boxes. Candidates:

- ``rtree``: SQLite's R*Tree over (lon, lon, lat, lat, day, day), as migration 0002 keeps it;
- ``cell``: a plain B-tree on an integer cell key (0.1° cells, row-major: one key range per row
  of cells the box spans) and the day, with the exact box and day checked on the rows it finds.

Prints one JSON line per candidate: build CPU and wall seconds, the query's p50 and p99 in ms.
"""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from bench.floor import CELL_KEY

CELL = 10  # cells per degree, as in CELL_KEY
WIDTH = 360 * CELL
EPOCH = 2440587.5
COLUMNS = "e.id, e.event_date, e.event_type, e.latitude, e.longitude, e.fatalities"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


Box = tuple[float, float, float, float, str, str]  # west, south, east, north, since, until


def boxes(count: int, *, seed: int = 7) -> list[Box]:
    """Map views over Syria: 0.2° to 4° wide, 30 to 365 days."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        size = rng.uniform(0.2, 4.0)
        lon, lat = rng.uniform(35.5, 42.0 - size), rng.uniform(32.3, 37.3 - size)
        days = rng.randrange(30, 366)
        start = 16801 + rng.randrange(0, 1430 - days)  # day numbers from 2016-01-01
        since = time.strftime("%Y-%m-%d", time.gmtime(start * 86400))
        until = time.strftime("%Y-%m-%d", time.gmtime((start + days) * 86400))
        found.append((lon, lat, lon + size, lat + size, since, until))
    return found


def _rtree_query(connection: sqlite3.Connection, box: Box) -> int:
    a, b, c, d, since, until = box
    rows = connection.execute(
        f"SELECT {COLUMNS} FROM events_rtree r JOIN events e ON e.id = r.id "
        "WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ? "
        "AND r.max_day >= julianday(?) - 2440587.5 AND r.min_day <= julianday(?) - 2440587.5 "
        "ORDER BY e.event_date DESC, e.id DESC LIMIT 500",
        (a, c, b, d, since, until),
    ).fetchall()
    return len(rows)


def _cell_query(connection: sqlite3.Connection, box: Box) -> int:
    a, b, c, d, since, until = box
    first_row, last_row = int((b + 90) * CELL), int((d + 90) * CELL)
    first_col, last_col = int((a + 180) * CELL), int((c + 180) * CELL)
    ranges = " OR ".join(f"{CELL_KEY} BETWEEN ? AND ?" for _ in range(first_row, last_row + 1))
    params: list[object] = []
    for row in range(first_row, last_row + 1):
        params += [row * WIDTH + first_col, row * WIDTH + last_col]
    rows = connection.execute(
        f"SELECT {COLUMNS} FROM events AS e WHERE ({ranges}) "
        "AND e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ? "
        "AND e.event_date <= ? AND COALESCE(e.date_end, e.event_date) >= ? "
        "ORDER BY e.event_date DESC, e.id DESC LIMIT 500",
        (*params, a, c, b, d, until, since),
    ).fetchall()
    return len(rows)


BUILD = {
    "rtree": (
        "DELETE FROM events_rtree",
        "INSERT INTO events_rtree SELECT id, longitude, longitude, latitude, latitude, "
        f"julianday(event_date) - {EPOCH}, julianday(COALESCE(date_end, event_date)) - {EPOCH} "
        "FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
    ),
    "cell": (f"CREATE INDEX bench_events_cell ON events ({CELL_KEY}, event_date)",),
}
QUERY = {"rtree": _rtree_query, "cell": _cell_query}


def measure(db: Path, *, queries: int = 200) -> list[dict[str, object]]:
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    found: list[dict[str, object]] = []
    views = boxes(queries)
    for name, statements in BUILD.items():
        connection.execute("BEGIN")
        cpu, wall = _cpu(), time.perf_counter()
        for statement in statements:
            connection.execute(statement)
        build_cpu, build_wall = _cpu() - cpu, time.perf_counter() - wall
        query = QUERY[name]
        for view in views[:20]:  # warm the cache
            query(connection, view)
        times, rows = [], 0
        for view in views:
            start = time.perf_counter()
            rows += query(connection, view)
            times.append((time.perf_counter() - start) * 1000)
        connection.execute("ROLLBACK")
        cuts = statistics.quantiles(times, n=100)
        found.append(
            {"index": name, "build_cpu_s": round(build_cpu, 2),
             "build_wall_s": round(build_wall, 2), "p50_ms": round(cuts[49], 2),
             "p99_ms": round(cuts[98], 2), "rows": rows}
        )  # fmt: skip
    connection.close()
    return found


if __name__ == "__main__":
    for line in measure(Path(sys.argv[1])):
        print(json.dumps(line), flush=True)
