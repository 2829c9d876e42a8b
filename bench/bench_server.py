"""Load on the map query: `truce serve` against Datasette on the same 1M-event SQLite file.

``python -m bench.run server`` (or ``python -m bench.bench_server --rows 1000000``):

1. builds ``bench/out/server-<rows>.sqlite`` once (helper A's deterministic ACLED generator,
   loaded with ``truce import acled``), with a viewer user and an API token;
2. writes a wrk Lua script cycling through the same deterministic map queries for both servers
   (a box around one of the generated places, a window of 2 to 6 days: 100 to 500 rows);
3. runs ``truce serve`` (2 uvicorn workers), then Datasette (``--immutable``, one process, its
   default SQL threads) on the same file, each warmed up, then driven by wrk with 50
   connections on loopback for a fixed time; p50/p99 latency and requests/s are recorded in
   bench/RESULTS.md (section ``server``).

Both answer the same SQL (the R*Tree joined to the events, newest first) as JSON objects;
nothing is cached between requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from bench.common import OUT, machine, write_section

HOST = "127.0.0.1"
TRUCE_PORT, DATASETTE_PORT = 8811, 8812
CONNECTIONS = 50
BIN = Path(sys.executable).parent
PLACES = (
    (36.2021, 37.1343),
    (36.1457, 36.9489),
    (34.7333, 36.6667),
    (35.8623, 36.8005),
    (35.3359, 40.1408),
    (33.5711, 36.4019),
    (35.3737, 36.6015),
    (32.6189, 36.1021),
)
SQL = (
    "SELECT e.id, e.event_date, e.event_type, e.sub_event_type, e.latitude, e.longitude,"
    " e.fatalities, e.location, e.actor1, e.actor2, e.status"
    " FROM events_rtree r JOIN events e ON e.id = r.id"
    " WHERE r.max_lon >= :a AND r.min_lon <= :c AND r.max_lat >= :b AND r.min_lat <= :d"
    " AND r.max_day >= :since AND r.min_day <= :until"
    " AND e.deleted_at IS NULL AND e.classification IN ('public')"
    " ORDER BY e.event_date DESC, e.id DESC LIMIT 1001"
)


def _csv(rows: int) -> Path:
    path = OUT / f"acled-{rows}.csv"
    if not path.exists():
        from bench.bench_import import generate_acled_csv

        generate_acled_csv(path, rows=rows)
    return path


def build_store(rows: int) -> tuple[Path, str]:
    """The benchmark store and a viewer's API token (built once, reused while it matches)."""
    OUT.mkdir(exist_ok=True)
    db = OUT / f"server-{rows}.sqlite"
    token_file = db.with_suffix(".token")
    if db.exists() and token_file.exists():
        return db, token_file.read_text().strip()
    truce = str(BIN / "truce")
    env = {**os.environ, "TRUCE_DATABASE_URL": ""}
    if not db.exists():
        _load(db, rows, truce, env)
    added = subprocess.run(
        [truce, "--db", str(db), "user", "add", "bench", "--role", "viewer", "--password-stdin"],
        input="bench password, not secret\n",
        text=True,
        check=False,
        env=env,
        capture_output=True,
    )
    if added.returncode != 0 and "already exists" not in added.stderr:
        raise RuntimeError(f"could not add the bench user: {added.stderr}")
    made = subprocess.run(
        [truce, "--db", str(db), "token", "create", "bench"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip().splitlines()[-1]
    subprocess.run(["sqlite3", str(db), "PRAGMA wal_checkpoint(TRUNCATE);"], check=False)
    token_file.write_text(token + "\n")
    return db, token


def _load(db: Path, rows: int, truce: str, env: dict[str, str]) -> None:
    partial = db.with_name(db.name + ".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [truce, "--db", str(partial), "import", "acled", str(_csv(rows))],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(["sqlite3", str(partial), "PRAGMA wal_checkpoint(TRUNCATE);"], check=False)
    partial.rename(db)
    print(f"loaded {rows} events in {time.perf_counter() - started:.0f} s")


def queries(count: int, *, seed: int = 19) -> list[tuple[float, float, float, float, date, date]]:
    """Deterministic map views: a ~0.12° box around a place, a 2-6 day window in 2016-2019."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lat, lon = rng.choice(PLACES)
        half = rng.uniform(0.05, 0.07)
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(1420))
        end = start + timedelta(days=rng.randrange(1, 6))
        out.append((lon - half, lat - half, lon + half, lat + half, start, end))
    return out


def _day(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def truce_path(q: tuple[float, float, float, float, date, date]) -> str:
    a, b, c, d, since, until = q
    return (
        f"/api/v1/map/events?bbox={a:.4f},{b:.4f},{c:.4f},{d:.4f}"
        f"&since={since}&until={until}&limit=1000"
    )


def datasette_path(db: Path, q: tuple[float, float, float, float, date, date]) -> str:
    a, b, c, d, since, until = q
    params = {
        "sql": SQL,
        "a": f"{a:.4f}",
        "b": f"{b:.4f}",
        "c": f"{c:.4f}",
        "d": f"{d:.4f}",
        "since": _day(since),
        "until": _day(until),
        "_shape": "objects",
    }
    return f"/{db.stem}.json?{urllib.parse.urlencode(params)}"


def lua_script(paths: list[str], headers: dict[str, str], target: Path) -> Path:
    lines = ["paths = {"] + [f"  {json.dumps(p)}," for p in paths] + ["}", "i = 0"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    lines += [
        "request = function()",
        "  i = (i % #paths) + 1",
        "  return wrk.format('GET', paths[i])",
        "end",
    ]
    target.write_text("\n".join(lines) + "\n")
    return target


def _wait(url: str, headers: dict[str, str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def _get(url: str, headers: dict[str, str]) -> object:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return json.loads(r.read())


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(base: str, script: Path, seconds: int) -> dict[str, float]:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    out = result.stdout
    found = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    return {
        "p50": found["50"],
        "p90": found["90"],
        "p99": found["99"],
        "rps": rps,
        "non2xx": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket else 0.0,
    }


def _start(cmd: list[str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def measure(
    name: str,
    cmd: list[str],
    base: str,
    probe: str,
    script: Path,
    headers: dict[str, str],
    *,
    seconds: int,
    warmup: int,
) -> dict[str, float]:
    proc = _start(cmd, OUT / f"{name}.log")
    try:
        _wait(base + probe, headers)
        run_wrk(base, script, warmup)
        measured = run_wrk(base, script, seconds)
        measured["load"] = os.getloadavg()[0]  # the machine is shared: say how busy it was
        return measured
    finally:
        _stop(proc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=30, help="Measured seconds per server.")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    db, token = build_store(args.rows)
    views = queries(2000)
    auth = {"Authorization": f"Bearer {token}"}
    truce_script = lua_script([truce_path(q) for q in views], auth, OUT / "server-truce.lua")
    ds_script = lua_script([datasette_path(db, q) for q in views], {}, OUT / "server-ds.lua")
    truce_base, ds_base = f"http://{HOST}:{TRUCE_PORT}", f"http://{HOST}:{DATASETTE_PORT}"
    sizes = _check_same_rows(db, views[:20], auth, args.workers, truce_base, ds_base)
    env_cmd = [
        str(BIN / "truce"),
        "--db",
        str(db),
        "serve",
        "--host",
        HOST,
        "--port",
        str(TRUCE_PORT),
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    ds_cmd = [
        str(BIN / "datasette"),
        "serve",
        "--immutable",
        str(db),
        "--host",
        HOST,
        "--port",
        str(DATASETTE_PORT),
        "--setting",
        "max_returned_rows",
        "1001",
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]
    truce = measure(
        "truce",
        env_cmd,
        truce_base,
        truce_path(views[0]),
        truce_script,
        auth,
        seconds=args.seconds,
        warmup=args.warmup,
    )
    ds = measure(
        "datasette",
        ds_cmd,
        ds_base,
        datasette_path(db, views[0]),
        ds_script,
        {},
        seconds=args.seconds,
        warmup=args.warmup,
    )
    body = _section(args, truce, ds, sizes)
    print(body)
    if not args.no_write:
        write_section("server", body)


def _check_same_rows(
    db: Path,
    views: list[tuple[float, float, float, float, date, date]],
    auth: dict[str, str],
    workers: int,
    truce_base: str,
    ds_base: str,
) -> list[int]:
    """Both servers return the same ids for the same views (and how many rows they are)."""
    truce_cmd = [
        str(BIN / "truce"),
        "--db",
        str(db),
        "serve",
        "--host",
        HOST,
        "--port",
        str(TRUCE_PORT),
        "--log-level",
        "warning",
    ]
    ds_cmd = [
        str(BIN / "datasette"),
        "serve",
        "--immutable",
        str(db),
        "--host",
        HOST,
        "--port",
        str(DATASETTE_PORT),
        "--setting",
        "max_returned_rows",
        "1001",
    ]
    procs = [_start(truce_cmd, OUT / "truce-check.log"), _start(ds_cmd, OUT / "ds-check.log")]
    try:
        _wait(truce_base + truce_path(views[0]), auth)
        _wait(ds_base + datasette_path(db, views[0]), {})
        sizes = []
        for view in views:
            ours = _get(truce_base + truce_path(view), auth)
            theirs = _get(ds_base + datasette_path(db, view), {})
            ids = [r["id"] for r in ours["data"]]  # type: ignore[index]
            if ids != [r["id"] for r in theirs["rows"]]:  # type: ignore[index]
                raise RuntimeError(f"the servers disagree on {truce_path(view)}")
            sizes.append(len(ids))
        return sizes
    finally:
        for proc in procs:
            _stop(proc)


def _section(
    args: argparse.Namespace, truce: dict[str, float], ds: dict[str, float], sizes: list[int]
) -> str:
    sizes = sorted(sizes)
    ratio = truce["rps"] / ds["rps"] if ds["rps"] else float("inf")
    rows = [
        (
            "`truce serve`",
            truce,
            f"{args.workers} uvicorn workers, bearer token, JSON built by SQLite",
        ),
        ("Datasette 0.65 (`--immutable`)", ds, "one process, default SQL threads"),
    ]
    table = "\n".join(
        f"| {name} | {m['p50']:.1f} | {m['p90']:.1f} | {m['p99']:.1f} | {m['rps']:.0f} | "
        f"{m['non2xx']:.0f} | {m['load']:.1f} | {how} |"
        for name, m, how in rows
    )
    verdict = "met" if truce["p99"] < 100 and ratio > 1 else "not met"
    return f"""## Server: the map query under load (`python -m bench.run server`)

Machine: {machine()}. The load generator (wrk, 2 threads) shares the 2 cores with the server.
Store: {args.rows:,} generated ACLED events (helper A's generator, `truce import acled`), one
SQLite file served by both. Query: a box of about 0.12° around one of eight places and a window
of 2 to 6 days, 2,000 different views cycled in the same order for both servers; rows per
answer in a sample of 20: median {sizes[len(sizes) // 2]}, {sizes[0]} to {sizes[-1]}; both
servers returned the same ids for that sample. {CONNECTIONS} connections, {args.warmup} s
warm-up, then {args.seconds} s measured per server.

| server | p50 ms | p90 ms | p99 ms | requests/s | non-2xx | load avg | how it ran |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
{table}

Throughput ratio truce / Datasette: **{ratio:.2f}×**. Target (p99 under 100 ms and more
requests/s than Datasette): **{verdict}**. "load avg" is the machine's 1-minute load average at
the end of each run: other work on the same 2 cores inflates both servers' latencies (with 50
connections in a closed loop, latency is about 50 / throughput), so compare the two rows, which
ran back to back, rather than the absolute figures.
"""


if __name__ == "__main__":
    main()
