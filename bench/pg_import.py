"""The PostgreSQL runs of the import benchmark, with the server's CPU time as well as Truce's.

``truce_import(csv, url)`` times ``truce import acled`` as a child process into a fresh schema;
its backend's CPU time is read from ``/proc/<pid>/stat`` (the server must run on this machine),
the backend found in ``pg_stat_activity`` by an application name given to the child through
``PGAPPNAME``, sampled every 50 ms until the child exits. ``copy_floor(csv, url)`` is
PostgreSQL's own floor for the file: the file's bytes through ``COPY … FROM STDIN (FORMAT
csv)`` into a table of 31 text columns with no index, no check and no id, in this process
(its CPU time from ``getrusage``, the backend's exactly).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bench.common import vacuum_catalogues

# wall seconds, Truce's (client's) CPU seconds, peak KiB, the server backend's CPU seconds
Measure = tuple[float, float, int, float | None]
BLOCK = 1 << 20


def backend_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a local server process, None if it is not on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_schema(base: str) -> AbstractContextManager[str]:
    """A URL of ``base`` whose search path is a new schema, dropped afterwards."""
    from truce.store.headschema import postgres_schema

    vacuum_catalogues(base)
    return postgres_schema(base, prefix="bench")


def truce_import(csv_path: Path, base: str) -> Measure:
    """``truce import acled`` into a fresh, migrated schema (the import alone is timed)."""
    import psycopg

    truce = str(Path(sys.executable).with_name("truce"))
    env = {key: value for key, value in os.environ.items() if key != "TRUCE_DATABASE_URL"}
    with fresh_schema(base) as url:
        subprocess.run([truce, "--db", url, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        name = f"truce-bench-{uuid.uuid4().hex[:8]}"
        plain = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as watch:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [truce, "--db", url, "import", "acled", str(csv_path)],
                env={**env, "PGAPPNAME": name},
                stdout=subprocess.DEVNULL,
            )
            server: dict[int, float] = {}
            while True:
                done, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if done:
                    break
                rows = watch.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (name,)
                ).fetchall()
                for (pid,) in rows:
                    cpu = backend_cpu(pid)
                    if cpu is not None:
                        server[pid] = cpu
                time.sleep(0.05)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError("truce import acled on PostgreSQL failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, sum(server.values()) or None


def _on_server(conn: Any, work: Callable[[], None]) -> Measure:
    """``work`` on ``conn`` then a commit, timed: wall, this process's CPU, its peak memory and
    the server backend's CPU."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    conn.commit()
    before = resource.getrusage(resource.RUSAGE_SELF)
    server_before = backend_cpu(pid)
    start = time.perf_counter()
    work()
    conn.commit()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    server_after = backend_cpu(pid)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    server = None
    if server_before is not None and server_after is not None:
        server = server_after - server_before
    return wall, cpu, after.ru_maxrss, server


def copy_floor(csv_path: Path, base: str, header: list[str]) -> Measure:
    """The file's bytes through PostgreSQL's own CSV ``COPY`` into an unindexed table of text
    columns named by ``header``."""
    import psycopg

    with fresh_schema(base) as url:
        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo) as conn:
            columns = ", ".join(f'"{name}" text' for name in header)
            conn.execute(f"CREATE TABLE acled_raw ({columns})")

            def load() -> None:
                with (
                    conn.cursor() as cursor,
                    cursor.copy("COPY acled_raw FROM STDIN (FORMAT csv, HEADER true)") as copy,
                    csv_path.open("rb") as handle,
                ):
                    while block := handle.read(BLOCK):
                        copy.write(block)

            return _on_server(conn, load)


def _tables_with_rows(conn: Any) -> list[str]:
    """The tables of the connection's schema that hold rows, in creation order."""
    names = [
        name
        for (name,) in conn.execute(
            "SELECT c.relname FROM pg_class AS c "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
            "ORDER BY c.oid"
        ).fetchall()
    ]
    return [name for name in names if conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()]


def table_floor(csv_path: Path, base: str) -> Measure:
    """PostgreSQL's own work for the rows Truce writes, with nothing done in Python.

    ``truce import acled`` fills one fresh schema (untimed); each table it wrote rows to is
    copied out in ``COPY``'s binary format. Into a second fresh schema at the newest version,
    one transaction then does what the import asks of the server: the events table's plain
    indexes dropped (as an import into an empty table does), the same rows copied in through
    binary ``COPY`` into the same tables, with their unique keys, the full-text and spatial
    indexes built at the end. Timed: that transaction, with the backend's CPU."""
    import psycopg

    from truce.store.pgbulk import BUILD_MEMORY

    truce = str(Path(sys.executable).with_name("truce"))
    env = {key: value for key, value in os.environ.items() if key != "TRUCE_DATABASE_URL"}
    dumps: dict[str, bytes] = {}
    with fresh_schema(base) as url:
        subprocess.run([truce, "--db", url, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            before = set(_tables_with_rows(conn))
        subprocess.run([truce, "--db", url, "import", "acled", str(csv_path)], env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            for table in _tables_with_rows(conn):
                if table in before and table != "audit_records":
                    continue  # written by `init` (the schema's version), not by the import
                chunks: list[bytes] = []
                with (
                    conn.cursor() as cursor,
                    cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy,
                ):
                    chunks.extend(bytes(chunk) for chunk in copy)
                dumps[table] = b"".join(chunks)
    with fresh_schema(base) as url:
        subprocess.run([truce, "--db", url, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("DELETE FROM audit_records")  # init's own, copied again below

            def load() -> None:
                plain = conn.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                    "FROM pg_index AS i WHERE i.indrelid = 'events'::regclass "
                    "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY i.indexrelid"
                ).fetchall()
                for name, _definition in plain:
                    conn.execute(f"DROP INDEX {name}")
                for table, data in dumps.items():
                    with (
                        conn.cursor() as cursor,
                        cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy,
                    ):
                        for offset in range(0, len(data), BLOCK):
                            copy.write(data[offset : offset + BLOCK])
                conn.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
                for _name, definition in plain:
                    conn.execute(definition)

            return _on_server(conn, load)
