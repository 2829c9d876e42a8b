"""Analysis benchmark: co-occurrence of 1M events against PostGIS, zones and deconfliction.

``python -m bench.run analyze`` (or ``python -m bench.bench_analyze [--events N] [--zones N]
[--repeat N] [--no-postgis]``):

1. 1,000,000 deterministic synthetic events (seed 2016) clustered around 300 hotspots in a
   Syria-sized box over four years, 3 % of them dated to a window of 2–7 days;
2. ``truce.analyze.spacetime.find_pairs`` with D = 10 km, T = 24 h, ``locate`` in 10,000 zones
   and ``match`` against 10,000 notifications, each in one process and on every usable core,
   interleaved, medians of wall and CPU time (CPU of the workers included);
3. the same pair question to PostGIS as its users would set it up (see :func:`postgis_pairs`):
   Debian's ``postgresql-15-postgis-3`` is installed when missing (as root), a scratch database
   gets the events as 3-D geometries with a GiST n-D index, and the ``&&&`` self-join with an
   exact sphere re-check runs once under ``EXPLAIN (ANALYZE, BUFFERS)``; its time, the plan, the
   ratio and whether the two pair sets are equal are recorded.

The result replaces the ``analyze`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely

from bench.common import machine, process_cpu, write_section
from truce.analyze.deconfliction import Notified, match
from truce.analyze.parallel import usable_cores
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


def ensure_postgis() -> str | None:
    """Install Debian's PostGIS for the running PostgreSQL when missing; None when ready, else
    why PostGIS cannot run (TRUCE_BENCH_POSTGRES_URL names the server)."""
    import psycopg

    try:
        conn = psycopg.connect(POSTGRES, autocommit=True)
    except psycopg.OperationalError as exc:
        return f"PostgreSQL not reachable at {POSTGRES} ({str(exc).strip()})"
    with conn:
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
    """Load the events into a scratch PostGIS database and run the indexed self-join.

    As a PostGIS user would set it up: each event is a 3-D geometry (longitude, latitude, day):
    a point for a one-day event, a vertical segment over its days for a window, with a GiST
    n-D index (``gist_geometry_ops_nd``). The join probes that index with ``&&&`` against the
    event's box widened by the distance in degrees (more in longitude away from the equator)
    and by the day gap, which is the time rule exactly, then re-checks the distance on the
    sphere with ``ST_DWithin(geography, geography, metres, false)`` (the sphere Truce uses).
    The timed statement is ``EXPLAIN (ANALYZE, BUFFERS) CREATE TEMP TABLE … AS SELECT``: the
    plan with its actual counts and times, the pairs kept on the server and then read once to
    compare them with Truce's.
    """
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.execute(f"CREATE DATABASE {SCRATCH}")
    url = POSTGRES.rsplit("/", 1)[0] + f"/{SCRATCH}"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
            version = conn.execute("SELECT postgis_lib_version()").fetchone()
            conn.execute(
                "CREATE TABLE ev (id integer PRIMARY KEY, lon float8, lat float8, "
                "d0 integer, d1 integer, g3 geometry, g geography(Point, 4326))"
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
                buffer.write(f"{i}\t{lo!r}\t{la!r}\t{s0}\t{s1}\n")
            with (
                conn.cursor() as cur,
                cur.copy("COPY ev (id, lon, lat, d0, d1) FROM STDIN") as copy,
            ):
                copy.write(buffer.getvalue())
            conn.execute(
                "UPDATE ev SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, "
                "g3 = CASE WHEN d0 = d1 THEN ST_MakePoint(lon, lat, d0) "
                "ELSE ST_MakeLine(ST_MakePoint(lon, lat, d0), ST_MakePoint(lon, lat, d1)) END"
            )
            conn.execute("CREATE INDEX ev_g3 ON ev USING gist (g3 gist_geometry_ops_nd)")
            conn.execute("VACUUM ANALYZE ev")
            load = time.perf_counter() - load
            plan, elapsed, cpu = _explain_join(conn, km, hours)
            with conn.cursor() as cur, cur.copy("COPY pairs TO STDOUT") as copy:
                text = b"".join(bytes(chunk) for chunk in copy).decode()
            pairs = {(int(a), int(b)) for a, b in (line.split("\t") for line in text.splitlines())}
            settings = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('max_parallel_workers_per_gather', 'shared_buffers', 'work_mem', 'jit') "
                "ORDER BY name"
            ).fetchall()
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "load_seconds": load,
        "pairs": pairs,
        "plan": plan,
        "settings": ", ".join(f"{k} = {v}" for k, v in settings),
        "version": version[0] if version else "?",
    }


def _explain_join(conn: Any, km: float, hours: float) -> tuple[str, float, float]:
    """Run the join once under EXPLAIN (ANALYZE, BUFFERS); its plan, wall and CPU seconds."""
    dlat = math.degrees(km * 1000 / EARTH_RADIUS_M) * 1.0001
    gap = math.ceil(hours / 24)
    # Widen by longitude degrees at the box's pole-ward edge (capped near the poles).
    query = f"""
        EXPLAIN (ANALYZE, BUFFERS) CREATE TEMP TABLE pairs AS
        SELECT a.id AS a, b.id AS b FROM ev a JOIN ev b
          ON b.g3 &&& ST_Expand(
               a.g3,
               {dlat} / greatest(cos(radians(least(abs(a.lat) + {dlat}, 89.9))), 1e-6),
               {dlat},
               {gap})
         AND a.id < b.id
         AND ST_DWithin(a.g, b.g, {km * 1000}, false)"""
    backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    sampler = _ServerCpu(int(backend))
    sampler.start()
    start = time.perf_counter()
    try:
        rows = conn.execute(query).fetchall()
    finally:
        elapsed = time.perf_counter() - start
        sampler.stop()
    return "\n".join(str(r[0]) for r in rows), elapsed, sampler.seconds()


class _ServerCpu(threading.Thread):
    """CPU seconds of one PostgreSQL backend and its parallel workers while a query runs.

    Read from /proc: the backend's own time at the start and the end, each parallel worker's
    (``postgres: parallel worker for PID …``) at its last sample, every 0.2 s (a worker's last
    fraction of a second before it exits may be missed).
    """

    def __init__(self, backend: int) -> None:
        super().__init__(daemon=True)
        self.backend = backend
        self.first = process_cpu(backend)
        self.last = self.first
        self.workers: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        tag = f"parallel worker for PID {self.backend}".encode()
        while not self.done.wait(0.2):
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                        if tag not in fh.read():
                            continue
                except OSError:
                    continue
                self.workers[int(entry.name)] = process_cpu(int(entry.name)) or 0.0

    def stop(self) -> None:
        self.last = process_cpu(self.backend)
        self.done.set()
        self.join()

    def seconds(self) -> float:
        return (self.last or 0.0) - (self.first or 0.0) + sum(self.workers.values())


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


def timed(runs: dict[str, Callable[[], int]], repeat: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of each run, interleaved: every round runs each once, so a
    change in the machine's load touches all alike. ``cpu``: this process and its workers;
    ``busiest``: this process or its workers together, whichever used more (with one worker,
    the wall time the run would take on cores of its own)."""
    seen: dict[str, dict[str, list[float]]] = {
        k: {"wall": [], "cpu": [], "busiest": []} for k in runs
    }
    answers: dict[str, int] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            me, children = _cpu()
            wall = time.perf_counter()
            answers[name] = run()
            seen[name]["wall"].append(time.perf_counter() - wall)
            now_me, now_children = _cpu()
            me, children = now_me - me, now_children - children
            seen[name]["cpu"].append(me + children)
            seen[name]["busiest"].append(max(me, children))
    return {
        k: {**{m: statistics.median(v) for m, v in seen[k].items()}, "answer": answers[k]}
        for k in runs
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its finished workers."""
    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--zones", type=int, default=10_000, help="Zones and notifications.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each, medians kept.")
    parser.add_argument("--no-postgis", action="store_true", help="Skip the PostGIS peer.")
    args = parser.parse_args([] if argv is None else argv)  # bench.run passes nothing
    km, hours = 10.0, 24.0
    events = synthetic_events(args.events)
    lat, lon = events["lat"], events["lon"]
    zones = synthetic_zones(args.zones)
    notifications = synthetic_notifications(args.zones)
    start_h, end_h = events["start"] * 24.0, (events["end"] + 1) * 24.0
    cores = usable_cores()
    load_before = os.getloadavg()[0]
    found: dict[int, Any] = {}

    def pairs(workers: int) -> Callable[[], int]:
        def run() -> int:
            found[workers] = find_pairs(
                lat, lon, events["start"], events["end"], km=km, hours=hours, workers=workers
            )
            return len(found[workers])

        return run

    runs: dict[str, Callable[[], int]] = {}

    def zones_in(workers: int) -> Callable[[], int]:
        return lambda: len(locate(lat, lon, zones, workers=workers)[0])

    def alerts(workers: int) -> Callable[[], int]:
        return lambda: len(match(notifications, lat, lon, start_h, end_h, workers=workers)[0])

    for w in sorted({1, cores}):
        runs[f"pairs {w}"] = pairs(w)
        runs[f"zones {w}"] = zones_in(w)
        runs[f"match {w}"] = alerts(w)
    measured = timed(runs, args.repeat)
    load_after = os.getloadavg()[0]
    same = all(
        np.array_equal(getattr(found[1], f), getattr(found[cores], f))
        for f in ("left", "right", "distance_m", "day_gap")
    )
    for name, m in measured.items():
        print(f"{name}: {m['answer']:,} in {m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU")
    peer = None
    note = None
    if not args.no_postgis:
        note = ensure_postgis()
        if note is None:
            peer = postgis_pairs(events, km, hours)
            print(f"PostGIS: {len(peer['pairs'])} pairs in {peer['seconds']:.2f} s")
    body = _section(args, measured, cores, same, (load_before, load_after), found[1], peer, note)
    write_section("analyze", body)


def _section(
    args: Any,
    measured: dict[str, dict[str, float]],
    cores: int,
    same: bool,
    load: tuple[float, float],
    found: Any,
    peer: dict[str, Any] | None,
    note: str | None,
) -> str:
    many = cores
    lines = [
        "## Analysis (`python -m bench.run analyze`)",
        "",
        f"Machine: {machine()}; load average {load[0]:.1f} before and {load[1]:.1f} after the "
        f"Truce runs (the machine is shared: CPU seconds, summed over every process, are the "
        f"steadier measure). Data: {args.events:,} synthetic events (seed {SEED}), 300 hotspots "
        "in a Syria-sized box over four years, 3 % dated to a 2–7 day window; "
        f"{args.zones:,} zones (squares and hexagons 2–20 km across) and {args.zones:,} "
        "notifications (half 500 m sites, half 1 km routes with 1–3 day windows). "
        f"Median of {args.repeat} runs, the one-process and {many}-process runs interleaved.",
        "",
        "| what | processes | wall | CPU, all processes | CPU, busiest process | answer |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    what = {
        "pairs": "`find_pairs` D = 10 km, T = 24 h",
        "zones": f"`locate`: events in {args.zones:,} zones (STRtree, intersects)",
        "match": f"`match`: events against {args.zones:,} notifications",
    }
    unit = {"pairs": "pairs", "zones": "event-in-zone hits", "match": "alerts"}
    for key in ("pairs", "zones", "match"):
        for w in sorted({1, many}):
            m = measured[f"{key} {w}"]
            lines.append(
                f"| {what[key]} | {w} | {m['wall']:.2f} s | {m['cpu']:.2f} s | "
                f"{m['busiest']:.2f} s | {int(m['answer']):,} {unit[key]} |"
            )
    zones, alerts = measured[f"zones {many}"], measured[f"match {many}"]
    lines += [
        "",
        f"With {many} processes the pairs are {'identical' if same else 'DIFFERENT'} to one "
        "process's (same positions, distances and day gaps), and so are the zone hits and the "
        "alerts (tests/analyze/test_parallel.py). Target: zones and notifications, "
        f"{args.events:,} events × {args.zones:,}, under 5 s each. In wall time with {many} "
        f"processes: zones {zones['wall']:.1f} s, notifications {alerts['wall']:.1f} s: "
        f"**{_met(zones['wall'] < 5 and alerts['wall'] < 5)}** in this run (load average "
        f"{load[1]:.1f} on {cores} cores). On cores of their own (the busiest process's CPU "
        f"seconds): zones {zones['busiest']:.1f} s, notifications {alerts['busiest']:.1f} s: "
        f"**{_met(zones['busiest'] < 5 and alerts['busiest'] < 5)}**. The kernel shares the "
        f"CPU between sessions, not processes (autogroup "
        f"{'on' if _autogroup() else 'off'}): while other sessions keep both cores busy, a "
        "second worker process in the same session gets no more CPU, so wall time cannot fall.",
    ]
    lines += _peer_lines(measured[f"pairs {many}"], measured["pairs 1"], found, peer, note)
    return "\n".join(lines)


def _autogroup() -> bool:
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as fh:
            return fh.read().strip() == "1"
    except OSError:
        return False


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _peer_lines(
    ours: dict[str, float],
    one: dict[str, float],
    found: Any,
    peer: dict[str, Any] | None,
    note: str | None,
) -> list[str]:
    if peer is None:
        return ["", f"PostGIS not run: {note or 'skipped (--no-postgis)'}."]
    mine = set(zip(found.left.tolist(), found.right.tolist(), strict=True))
    same = mine == peer["pairs"]
    differ = (
        ""
        if same
        else f" ({len(mine - peer['pairs'])} only ours, {len(peer['pairs'] - mine)} only PostGIS)"
    )
    return [
        "",
        "### Co-occurrence against PostGIS",
        "",
        f"PostGIS {peer['version']}, set up as its users would: each event a 3-D geometry "
        "(longitude, latitude, day; a vertical segment over a window's days), a GiST n-D index "
        "(`gist_geometry_ops_nd`), the self-join probing it with `&&&` against each event's box "
        "widened by 10 km in degrees and by the day gap (the time rule exactly), then the exact "
        "re-check on the sphere `ST_DWithin(geography, geography, 10000, false)`. Loading, "
        f"building the index and `VACUUM ANALYZE` took {peer['load_seconds']:.0f} s, not counted. "
        f"Server settings: {peer['settings']}.",
        "",
        "| what | wall | CPU, all processes | pairs |",
        "| --- | ---: | ---: | ---: |",
        f"| PostGIS self-join (one run, pairs written to a temporary table; CPU of the backend "
        f"and its parallel workers from /proc) | {peer['seconds']:.1f} s | {peer['cpu']:.1f} s "
        f"| {len(peer['pairs']):,} |",
        f"| Truce `find_pairs`, one process | {one['wall']:.2f} s | {one['cpu']:.2f} s "
        f"| {len(mine):,} |",
        f"| Truce `find_pairs`, every core | {ours['wall']:.2f} s | {ours['cpu']:.2f} s "
        f"| {len(mine):,} |",
        "",
        f"Truce is **{peer['seconds'] / one['wall']:.0f}×** faster than PostGIS in wall time in "
        f"one process and **{peer['seconds'] / ours['wall']:.0f}×** on every core; in CPU "
        f"seconds **{peer['cpu'] / one['cpu']:.0f}×** (one process) and "
        f"**{peer['cpu'] / ours['cpu']:.0f}×** (every core). The two pair sets are "
        f"{'identical' if same else 'DIFFERENT'}{differ}. Truce's time is the computation on "
        "arrays in memory; PostGIS's includes writing the pairs to a table on the server.",
        "",
        "The plan, `EXPLAIN (ANALYZE, BUFFERS)`:",
        "",
        "```",
        peer["plan"],
        "```",
    ]


if __name__ == "__main__":
    main(sys.argv[1:])
