"""Load on the map query: `truce serve` against Datasette on the same 1M-event SQLite file.

``python -m bench.run server`` (or ``python -m bench.bench_server [--rows N] [--rates 50,100]
[--seconds S] [--workers 1,2]``):

1. builds ``bench/out/server-<rows>.sqlite`` once (the import benchmark's deterministic ACLED
   generator, loaded with ``truce import acled``) with a viewer user, who signs in with a
   password: every Truce request carries the session cookie, so the server reads the session
   from the store on each one, as it does for a person at the map;
2. the same deterministic map views for both servers (a box around one of eight places, a
   window of 2 to 6 days: 100 to 500 rows), asked in the same order; a sample is checked to
   give the same ids from both;
3. for each number of worker processes (1 and 2) Truce then Datasette, each started afresh and
   warmed up: an **open loop** at fixed arrival rates (50, 100, 200, 400 requests/s; request
   k is due at k / rate and its latency counts from then, :mod:`bench.openloop`), p50 and p99;
   then the **peak capacity**, requests/s answered at saturation by a closed loop (wrk,
   16 connections), which is what a closed loop measures.

Truce runs ``truce serve --workers N --log-level warning`` (uvicorn, N worker processes).
Datasette is the application ``datasette serve --immutable`` builds (``bench/datasette_asgi.py``:
the file immutable, its default SQL threads) under the same uvicorn with the same log level and
``--workers N``: ``datasette serve`` is uvicorn around that app, but it has no workers option and
logs every request with no switch to stop it, a cost Truce's run does not pay. Both answer
the same SQL (the R*Tree joined to the events, newest first) as JSON; nothing is cached
between requests. Results go to bench/RESULTS.md (section ``server``).
"""

from __future__ import annotations

import argparse
import contextlib
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
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import OUT, group_cpu, machine, write_section
from bench.openloop import OpenLoopResult, open_loop

HOST = "127.0.0.1"
TRUCE_PORT, DATASETTE_PORT = 8811, 8812
PEAK_CONNECTIONS = 16
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "bench", "bench password, not secret"
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


def build_store(rows: int) -> Path:
    """The benchmark store with its viewer (built once, reused while it is there)."""
    OUT.mkdir(exist_ok=True)
    db = OUT / f"server-{rows}.sqlite"
    marker = db.with_suffix(".user")
    if db.exists() and marker.exists():
        return db
    truce = str(BIN / "truce")
    env = {**os.environ, "TRUCE_DATABASE_URL": ""}
    if not db.exists():
        _load(db, rows, truce, env)
    added = subprocess.run(
        [truce, "--db", str(db), "user", "add", USER, "--role", "viewer", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        check=False,
        env=env,
        capture_output=True,
    )
    if added.returncode != 0 and "already exists" not in added.stderr:
        raise RuntimeError(f"could not add the bench user: {added.stderr}")
    subprocess.run(["sqlite3", str(db), "PRAGMA wal_checkpoint(TRUNCATE);"], check=False)
    marker.write_text(USER + "\n")
    return db


def sign_in(base: str) -> dict[str, str]:
    """Sign the bench viewer in with a password; the session cookie as a request header."""
    request = urllib.request.Request(
        base + "/api/v1/auth/login",
        data=json.dumps({"username": USER, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "Origin": base},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        cookies = answer.headers.get_all("Set-Cookie") or []
    session = next((c.split(";", 1)[0] for c in cookies if c.startswith("truce_session=")), None)
    if session is None:
        raise RuntimeError("signing in set no truce_session cookie")
    return {"Cookie": session}


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


def run_wrk(base: str, script: Path, seconds: int) -> tuple[float, int]:
    """Requests/s answered by a closed loop of :data:`PEAK_CONNECTIONS` connections, and how
    many requests were answered."""
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{PEAK_CONNECTIONS}",
            f"-d{seconds}s",
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
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"wrk saw failed answers from {base}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rate, count


def ensure_wrk() -> None:
    """Debian's wrk for the peak capacity, installed when missing (as root)."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env).returncode:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, check=True)


def _start(cmd: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(
        cmd,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "TRUCE_DATABASE_URL": "", **env},
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def truce_cmd(db: Path, workers: int) -> tuple[list[str], dict[str, str]]:
    return [
        str(BIN / "truce"),
        "--db",
        str(db),
        "serve",
        "--host",
        HOST,
        "--port",
        str(TRUCE_PORT),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ], {}


def datasette_cmd(db: Path, workers: int) -> tuple[list[str], dict[str, str]]:
    """Datasette's app under uvicorn with ``workers`` processes (see the module's text)."""
    settings = {"max_returned_rows": 1001, "sql_time_limit_ms": 10000}
    cmd = [str(BIN / "uvicorn"), "bench.datasette_asgi:app", "--app-dir", str(ROOT)]
    cmd += ["--host", HOST, "--port", str(DATASETTE_PORT), "--log-level", "warning"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    return cmd, {"BENCH_DATASETTE_DB": str(db), "BENCH_DATASETTE_SETTINGS": json.dumps(settings)}


def measure(
    cmd: list[str],
    env: dict[str, str],
    log: Path,
    base: str,
    paths: list[str],
    *,
    session: bool,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Start one server, sign in when asked, check a sample, then the open loop and the peak."""
    proc = _start(cmd, log, env)
    try:
        _wait(base + "/", {})
        headers = sign_in(base) if session else {}
        _wait(base + paths[0], headers)
        answers = [_get(base + p, headers) for p in paths[:20]]  # compared after the runs
        port = int(base.rsplit(":", 1)[1])
        open_loop(HOST, port, paths, headers, rate=20, seconds=args.warmup)  # warm-up
        script = lua_script(paths, headers, log.with_suffix(".lua"))
        cpu = group_cpu(proc.pid)
        peak, answered = run_wrk(base, script, args.peak_seconds)
        cpu_ms = (group_cpu(proc.pid) - cpu) * 1000 / max(answered, 1)
        print(f"  peak: {peak:.0f}/s, {cpu_ms:.1f} ms of server CPU per request")
        half = max(1, round(peak / 2))
        rates: list[OpenLoopResult | None] = []
        for rate in [*args.rates, half]:
            if rate != half and rates and _overloaded(rates[-1]):
                rates.append(None)  # a higher rate only makes a longer queue: not run
                continue
            _drain(base + paths[0], headers)
            rates.append(open_loop(HOST, port, paths, headers, rate=rate, seconds=args.seconds))
            print(f"  {rate}/s: {rates[-1]}")
        load = os.getloadavg()[0]
        return {
            "rates": rates[:-1],
            "half": rates[-1],
            "peak": peak,
            "cpu_ms": cpu_ms,
            "answers": answers,
            "load": load,
        }
    finally:
        _stop(proc)


def _overloaded(result: OpenLoopResult | None) -> bool:
    """More than 1 % of requests failed, or fewer answers a second than 90 % of those asked."""
    if result is None:
        return True
    return result.failed > result.sent / 100 or result.achieved < result.rate * 0.9


def _drain(url: str, headers: dict[str, str], seconds: float = 120) -> None:
    """Wait until the server answers one request within a second: the last run's queue is gone."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            _get(url, headers)
        if time.monotonic() - started < 1:
            return
    raise RuntimeError(f"{url} still slow {seconds:.0f} s after the last run")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rates", type=_ints, default=[50, 100, 200, 400])
    parser.add_argument("--seconds", type=int, default=20, help="Seconds at each rate.")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--peak-seconds", type=int, default=15)
    parser.add_argument("--workers", type=_ints, default=[1, 2])
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    args = parser.parse_args([] if argv is None else argv)  # bench.run passes nothing
    ensure_wrk()
    db = build_store(args.rows)
    views = queries(2000)
    paths = {
        "truce": [truce_path(q) for q in views],
        "datasette": [datasette_path(db, q) for q in views],
    }
    bases = {"truce": f"http://{HOST}:{TRUCE_PORT}", "datasette": f"http://{HOST}:{DATASETTE_PORT}"}
    runs: dict[tuple[str, int], dict[str, Any]] = {}
    for workers in args.workers:
        for name in ("truce", "datasette"):
            print(f"{name}, {workers} worker(s)")
            cmd, env = truce_cmd(db, workers) if name == "truce" else datasette_cmd(db, workers)
            runs[name, workers] = measure(
                cmd,
                env,
                OUT / f"server-{name}-{workers}.log",
                bases[name],
                paths[name],
                session=name == "truce",
                args=args,
            )
    sizes = _same_rows(runs)
    (OUT / "server.json").write_text(
        json.dumps(
            {
                f"{name} {w}": {
                    **m,
                    "rates": [asdict(r) if r else None for r in m["rates"]],
                    "half": asdict(m["half"]),
                    "answers": None,
                }
                for (name, w), m in runs.items()
            },
            indent=1,
        )
    )
    body = _section(args, runs, sizes)
    print(body)
    if not args.no_write:
        write_section("server", body)


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v.strip()]


def _same_rows(runs: dict[tuple[str, int], dict[str, Any]]) -> list[int]:
    """Both servers gave the same ids for the sample views; how many rows each answer had."""
    sizes = []
    for (name, workers), m in runs.items():
        if name != "truce":
            continue
        theirs = runs["datasette", workers]["answers"]
        for ours, other in zip(m["answers"], theirs, strict=True):
            ids = [r["id"] for r in ours["data"]]
            if ids != [r["id"] for r in other["rows"]]:
                raise RuntimeError("Truce and Datasette disagree on a map view")
            sizes.append(len(ids))
    return sizes


def _cell(r: OpenLoopResult | None) -> str:
    if r is None:
        return "over capacity (not run)"
    cell = f"{_p(r.p50_ms)} / {_p(r.p99_ms)}"
    if r.failed:
        cell += f" ({100 * r.failed / r.sent:.0f} % failed, {r.achieved:.0f}/s answered)"
    return cell


def _p(ms: float) -> str:
    return "timeout" if ms == float("inf") else f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def _section(
    args: argparse.Namespace, runs: dict[tuple[str, int], dict[str, Any]], sizes: list[int]
) -> str:
    sizes = sorted(sizes)
    header = "| server | workers | " + " | ".join(f"{r}/s p50 / p99 ms" for r in args.rates)
    header += (
        " | peak requests/s | server CPU ms per request | at half its peak: rate, p50 / p99 ms"
    )
    header += " | load avg |"
    rule = (
        "| --- | ---: | "
        + " | ".join("---:" for _ in args.rates)
        + " | ---: | ---: | ---: | ---: |"
    )
    rows = []
    for workers in args.workers:
        for name, label in (("truce", "`truce serve`"), ("datasette", "Datasette 0.65")):
            m = runs[name, workers]
            cells = " | ".join(_cell(r) for r in m["rates"])
            half = f"{m['half'].rate:.0f}/s: {_cell(m['half'])}"
            rows.append(
                f"| {label} | {workers} | {cells} | {m['peak']:.0f} | {m['cpu_ms']:.1f} | {half} "
                f"| {m['load']:.1f} |"
            )
    cpu_ratios = ", ".join(
        f"{w} worker{'s' if w > 1 else ''}: "
        f"**{runs['datasette', w]['cpu_ms'] / runs['truce', w]['cpu_ms']:.2f}×**"
        for w in args.workers
    )
    ratios = ", ".join(
        f"{w} worker{'s' if w > 1 else ''}: "
        f"**{runs['truce', w]['peak'] / runs['datasette', w]['peak']:.2f}×**"
        for w in args.workers
    )
    lag = max(r.max_lag_ms for m in runs.values() for r in [*m["rates"], m["half"]] if r)
    best = max(args.workers)
    p99_ok = all(
        r is not None and not r.failed and r.p99_ms < 100
        for rate, r in zip(args.rates, runs["truce", best]["rates"], strict=True)
        if rate <= 200
    )
    more = all(runs["truce", w]["peak"] > runs["datasette", w]["peak"] for w in args.workers)
    return f"""## Server: the map query under load (`python -m bench.run server`)

Machine: {machine()}. The load generators share the 2 cores with the servers, and the machine
is shared with other work ("load avg": the 1-minute load average at the end of each server's
runs), so compare rows that ran back to back rather than absolute figures. The kernel shares
the CPU between sessions, not processes (autogroup): each server runs in a session of its own,
so while other sessions keep both cores busy its second worker gets no more CPU than its first.

Store: {args.rows:,} generated ACLED events (the import benchmark's generator, `truce import
acled`), one SQLite file served by both. Query: a box of about 0.12° around one of eight places
and a window of 2 to 6 days, 2,000 different views in the same order for both; rows per answer
in a sample of 20: median {sizes[len(sizes) // 2]}, {sizes[0]} to {sizes[-1]}, the same ids from
both servers. Truce: `truce serve --workers N`, every request with a signed-in session cookie
(a session read from the store per request) and the viewer's visibility rule. Datasette: no
sign-in (the file is public to it); the app `datasette serve --immutable` builds
(`bench/datasette_asgi.py`, default SQL threads), run like Truce under uvicorn with `--workers
N` and warnings only (`datasette serve` is the same uvicorn around the same app, but cannot run
more than one process and logs every request), so each side has the same processes.

Open loop (`bench/openloop.py`): request k is due at k / rate and its latency counts from then
(a request failed or not answered within 10 s counts as the slowest); {args.seconds} s at each
rate, after a {args.warmup} s warm-up and the peak, each run starting once the server answers
a probe within a second again (the last run's queue gone). Once a rate is over a server's
capacity (over 1 % failed or under 90 % answered) its higher rates are not run: they only make
a longer queue. The generator started requests at most {lag:.0f} ms late. Peak capacity:
answers/s of a closed loop (wrk, {PEAK_CONNECTIONS} connections, {args.peak_seconds} s):
saturation throughput, not a latency; "at half its peak" is the open loop at half of that
server's own peak. "Server CPU ms per request": CPU seconds of the server's processes (from
/proc) during the peak run over the requests answered, a measure the machine's other work
hardly changes.

{header}
{rule}
{chr(10).join(rows)}

Peak capacity Truce / Datasette: {ratios}. Server CPU per request, Datasette / Truce (how many
times less CPU Truce spends on one answer): {cpu_ratios}. Targets: p99 under 100 ms up to
200 requests/s with {best} workers: **{"met" if p99_ok else "not met"}**; more requests/s than
Datasette at each worker count: **{"met" if more else "not met"}**.
"""


if __name__ == "__main__":
    main(sys.argv[1:])
