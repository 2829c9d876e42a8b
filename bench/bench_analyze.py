"""Analysis benchmark: co-occurrence of 1M events against PostGIS, zones and deconfliction.

``python -m bench.run analyze`` (or ``python -m bench.bench_analyze [--events N]``):

1. 1,000,000 deterministic synthetic events (seed 2016) clustered around 300 hotspots in a
   Syria-sized box over four years, 3 % of them dated to a window of 2–7 days;
2. ``truce.analyze.spacetime.find_pairs`` with D = 10 km, T = 24 h (median of 3 runs);
3. the same question to PostGIS: Debian's ``postgresql-15-postgis-3`` is installed when missing
   (as root), the events are loaded into a scratch database with a ``geography(Point)`` column,
   timestamps and one GiST index over (geography, time range) (``btree_gist``), and the
   ``ST_DWithin`` self-join runs with the time condition as a range overlap;
   both times, their ratio and whether the two pair sets are equal are recorded;
4. 1M events against 10,000 zones (``locate``) and 10,000 notifications (``match``).

The result replaces the ``analyze`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np
import shapely

from bench.common import machine, median_time, write_section
from truce.analyze.deconfliction import Notified, match
from truce.analyze.spacetime import EARTH_RADIUS_M, find_pairs
from truce.analyze.zones import locate

SEED = 2016
FIRST_DAY = 16_801  # 2016-01-01
POSTGRES = os.environ.get("TRUCE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCRATCH = f"truce_bench_postgis_{os.getpid()}"


def synthetic_events(n: int, seed: int = SEED) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    hot = rng.uniform([32.5, 35.7], [37.2, 42.0], size=(300, 2))
    which = rng.integers(0, 300, n)
    spread = rng.uniform(0.02, 0.3, 300)[which]
    lat = hot[which, 0] + rng.normal(0, 1, n) * spread
    lon = hot[which, 1] + rng.normal(0, 1, n) * spread
    start = rng.integers(FIRST_DAY, FIRST_DAY + 4 * 365, n).astype(np.int64)
    window = np.where(rng.random(n) < 0.03, rng.integers(1, 7, n), 0)
    return {"lat": lat, "lon": lon, "start": start, "end": start + window}


def time_pairs(events: dict[str, Any], km: float, hours: float) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of three runs, and the pairs."""
    walls, cpus, result = [], [], None
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        result = find_pairs(
            events["lat"], events["lon"], events["start"], events["end"], km=km, hours=hours
        )
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def ensure_postgis() -> str | None:
    """Install Debian's PostGIS for the running PostgreSQL when missing; None when ready."""
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'"
        ).fetchone()
        major = conn.execute("SHOW server_version_num").fetchone()
    if row and row[0]:
        return None
    version = str(int(major[0]) // 10000) if major else "15"
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"PostGIS missing: apt-get install postgresql-{version}-postgis-3 (as root)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    package = f"postgresql-{version}-postgis-3"
    if subprocess.run(["apt-get", "install", "-y", "-q", package], env=env).returncode:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", package], env=env, check=True)
    return None


def postgis_pairs(events: dict[str, Any], km: float, hours: float) -> dict[str, Any]:
    """Load the events into a scratch PostGIS database and run the ST_DWithin self-join."""
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.execute(f"CREATE DATABASE {SCRATCH}")
    url = POSTGRES.rsplit("/", 1)[0] + f"/{SCRATCH}"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
            conn.execute("CREATE EXTENSION btree_gist")
            version = conn.execute("SELECT postgis_lib_version()").fetchone()
            conn.execute(
                "CREATE TABLE ev (id integer PRIMARY KEY, lon float8, lat float8, "
                "t0 timestamptz, t1 timestamptz, g geography(Point, 4326))"
            )
            load = time.perf_counter()
            buffer = io.StringIO()
            for i, (la, lo, s0, s1) in enumerate(
                zip(
                    events["lat"].tolist(),
                    events["lon"].tolist(),
                    events["start"].tolist(),
                    events["end"].tolist(),
                    strict=True,
                )
            ):
                buffer.write(f"{i}\t{lo!r}\t{la!r}\t{_iso(s0 * 86400)}\t{_iso((s1 + 1) * 86400)}\n")
            with (
                conn.cursor() as cur,
                cur.copy("COPY ev (id, lon, lat, t0, t1) FROM STDIN") as copy,
            ):
                copy.write(buffer.getvalue())
            conn.execute("UPDATE ev SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography")
            # One GiST index over space and time, so the join probes both at once.
            conn.execute("CREATE INDEX ev_g_t ON ev USING gist (g, tstzrange(t0, t1))")
            conn.execute("VACUUM ANALYZE ev")
            load = time.perf_counter() - load
            query = (
                "SELECT a.id, b.id FROM ev a JOIN ev b ON a.id < b.id "
                "AND ST_DWithin(a.g, b.g, %s, false) "
                "AND tstzrange(b.t0, b.t1) && "
                "tstzrange(a.t0 - %s * interval '1 hour', a.t1 + %s * interval '1 hour')"
            )
            start = time.perf_counter()
            rows = conn.execute(query, (km * 1000, hours, hours)).fetchall()
            elapsed = time.perf_counter() - start
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
    return {
        "seconds": elapsed,
        "load_seconds": load,
        "pairs": {(int(a), int(b)) for a, b in rows},
        "version": version[0] if version else "?",
    }


def _iso(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(seconds))


def synthetic_zones(n: int, seed: int = SEED) -> list[Any]:
    """Squares and hexagons 2–20 km across over the same box."""
    rng = np.random.default_rng(seed + 1)
    centres = rng.uniform([32.5, 35.7], [37.2, 42.0], size=(n, 2))
    radius = rng.uniform(0.01, 0.1, n)
    sides = rng.choice([4, 6], n)
    zones = []
    for (lat, lon), r, k in zip(centres, radius, sides, strict=True):
        angles = np.linspace(0, 2 * np.pi, k, endpoint=False)
        zones.append(
            shapely.Polygon(np.column_stack((lon + r * np.cos(angles), lat + r * np.sin(angles))))
        )
    return zones


def synthetic_notifications(n: int, seed: int = SEED) -> list[Notified]:
    """Half sites (500 m buffer, open window), half routes of 5 legs (1 km, 1–3 day window)."""
    rng = np.random.default_rng(seed + 2)
    items = []
    for k in range(n):
        lat, lon = rng.uniform(32.5, 37.2), rng.uniform(35.7, 42.0)
        if k % 2 == 0:
            items.append(Notified.of(k, shapely.Point(lon, lat), 500.0, -1e15, 1e15))
            continue
        steps = np.cumsum(rng.normal(0, 0.05, size=(6, 2)), axis=0) + np.array([lon, lat])
        day = FIRST_DAY + int(rng.integers(0, 4 * 365))
        hours = day * 24.0
        items.append(
            Notified.of(
                k, shapely.LineString(steps), 1000.0, hours, hours + 24 * rng.integers(1, 4)
            )
        )
    return items


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--no-postgis", action="store_true", help="Skip the PostGIS peer.")
    args = parser.parse_args([] if argv is None else argv)  # bench.run passes nothing
    km, hours = 10.0, 24.0
    events = synthetic_events(args.events)
    load = os.getloadavg()[0]
    ours, cpu, found = time_pairs(events, km, hours)
    print(f"find_pairs: {len(found)} pairs in {ours:.2f} s, CPU {cpu:.2f} s (load {load:.1f})")
    peer = None
    note = None
    if not args.no_postgis:
        note = ensure_postgis()
        if note is None:
            peer = postgis_pairs(events, km, hours)
            print(f"PostGIS: {len(peer['pairs'])} pairs in {peer['seconds']:.2f} s")
    lat, lon = events["lat"], events["lon"]
    zones = synthetic_zones(args.zones)
    zone_hits: list[int] = []
    zone_time = median_time(
        lambda: zone_hits.__setitem__(slice(None), [len(locate(lat, lon, zones)[0])])
    )
    notifications = synthetic_notifications(args.zones)
    start_h = events["start"] * 24.0
    end_h = (events["end"] + 1) * 24.0
    alerts: list[int] = []
    alert_time = median_time(
        lambda: alerts.__setitem__(
            slice(None), [len(match(notifications, lat, lon, start_h, end_h)[0])]
        )
    )
    print(
        f"zones: {zone_hits[0]} hits in {zone_time:.2f} s; "
        f"deconfliction: {alerts[0]} alerts in {alert_time:.2f} s"
    )
    write_section(
        "analyze",
        _section(
            args,
            events,
            (ours, cpu, load),
            found,
            peer,
            note,
            zone_time,
            zone_hits[0],
            alert_time,
            alerts[0],
        ),
    )


def _section(
    args: Any,
    events: dict[str, Any],
    timing: tuple[float, float, float],
    found: Any,
    peer: dict[str, Any] | None,
    note: str | None,
    zone_time: float,
    zone_hits: int,
    alert_time: float,
    alerts: int,
) -> str:
    ours, cpu, load = timing
    mine = set(zip(found.left.tolist(), found.right.tolist(), strict=True))
    lines = [
        "## Analysis (`python -m bench.run analyze`)",
        "",
        f"Machine: {machine()}. One process. Data: {args.events:,} synthetic events (seed {SEED}), "
        "300 hotspots in a Syria-sized box over four years, 3 % dated to a 2–7 day window.",
        "",
        "| what | time | answer |",
        "| --- | ---: | ---: |",
        f"| `find_pairs` D = 10 km, T = 24 h (median of 3; CPU {cpu:.2f} s, load average "
        f"{load:.1f} on {os.cpu_count()} cores) | {ours:.2f} s | {len(found):,} pairs |",
    ]
    if peer is not None:
        same = mine == peer["pairs"]
        lines.append(
            f"| PostGIS {peer['version']} `ST_DWithin(geography, 10000, false)` self-join + "
            "time-range overlap, GiST index on (geography, tstzrange) (one run; load and index "
            f"{peer['load_seconds']:.0f} s not counted) "
            f"| {peer['seconds']:.2f} s | {len(peer['pairs']):,} pairs |"
        )
        lines += [
            "",
            f"Truce is {peer['seconds'] / ours:.1f}× faster than PostGIS on the same question; "
            f"the two pair sets are {'identical' if same else 'DIFFERENT'}"
            + (
                "."
                if same
                else f" ({len(mine - peer['pairs'])} only ours, "
                f"{len(peer['pairs'] - mine)} only PostGIS)."
            )
            + " Both measure on the sphere of radius "
            f"{EARTH_RADIUS_M} m; times are the answer only (PostGIS fetches every pair).",
        ]
    else:
        lines += ["", f"PostGIS not run: {note or 'skipped (--no-postgis)'}."]
    lines += [
        "",
        "| what | time (median of 3) | answer |",
        "| --- | ---: | ---: |",
        f"| `locate`: {args.events:,} events in {args.zones:,} zones (STRtree, intersects) "
        f"| {zone_time:.2f} s | {zone_hits:,} event-in-zone hits |",
        f"| `match`: {args.events:,} events against {args.zones:,} notifications (half 500 m "
        f"sites, half 1 km routes with 1–3 day windows) | {alert_time:.2f} s | {alerts:,} alerts |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
