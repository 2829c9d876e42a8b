"""What every benchmark shares: the machine's description and RESULTS.md sections.

Each benchmark area owns one section of bench/RESULTS.md between the markers
``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` and rewrites only that section.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
OUT = Path(__file__).resolve().parent / "out"


def machine() -> str:
    mem_kb = 0
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB memory, "
        f"Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def median_time(fn: Callable[[], object], *, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_measured(cmd: list[str], **kwargs: object) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak resident memory in KiB) via GNU time or rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **kwargs)  # type: ignore[call-overload]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss


def process_cpu(pid: int) -> float | None:
    """User and system CPU seconds of a live process so far (from /proc), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_cpu(pgid: int) -> float:
    """CPU seconds so far of every live process in process group ``pgid`` (a server and its
    workers, started in a session of their own)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of RESULTS.md with ``body``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


# The system catalogues a schema's tables, columns, types, indexes and constraints are listed in.
_CATALOGUES = (
    "pg_class", "pg_attribute", "pg_type", "pg_depend", "pg_index", "pg_constraint",
    "pg_attrdef", "pg_sequence", "pg_namespace", "pg_trigger", "pg_description",
)  # fmt: skip


def vacuum_catalogues(base: str) -> None:
    """VACUUM the PostgreSQL system catalogues of ``base``'s database before a run on a new
    schema. Each run's schema is made and dropped, leaving its rows in the catalogues dead;
    this machine's server runs without autovacuum, so they pile up (76,000 dead rows in
    ``pg_attribute`` after one ``make bench``) and every later run's catalogue look-ups walk
    them: a short run comes out slower the later it runs. Vacuumed, each run starts as on a
    server with autovacuum on (the default). Not timed; a user not allowed to vacuum them is
    skipped by PostgreSQL with a warning."""
    import psycopg

    url = "postgresql://" + base.split("://", 1)[1]  # as libpq reads it (no SQLAlchemy driver)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM " + ", ".join(f"pg_catalog.{name}" for name in _CATALOGUES))
