"""Extraction on a Dask cluster: a scheduler and two worker processes that the test starts
and stops, the PostgreSQL team store as the one writer's target, a worker killed mid-run."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from truce.services.ingest_many import ingest_files
from truce.store import audit
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import Source
from truce.store.sealcheck import check_records

pytest.importorskip(
    "distributed", reason="the cluster extra is not installed (pip install .[cluster])"
)

PLACES = ["Douma", "Aleppo", "Idlib", "Homs", "Hama", "Daraa"]
DAY = date(2016, 9, 21)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(address: str, workers: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)


@pytest.fixture
def cluster() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        **quiet,
    )
    # --no-nanny: a killed worker stays dead, as a machine lost from the cluster would
    workers = [
        subprocess.Popen(
            [*dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"],
            **quiet,
        )
        for _ in range(2)
    ]
    try:
        _wait_for(address, 2)
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _reports(folder: Path, count: int) -> list[Path]:
    files = []
    for index in range(count):
        place = PLACES[index % len(PLACES)]
        path = folder / f"report-{index:02d}.txt"
        path.write_text(
            f"Government aircraft struck a market in {place} on Monday, killing {index + 2} "
            f"civilians, residents said. Report number {index}.\n",
            encoding="utf-8",
        )
        files.append(path)
    return files


def test_a_cluster_extracts_into_the_team_store_and_a_lost_worker_loses_nothing(
    cluster, postgres_store_url, tmp_path
):
    address, workers = cluster
    engine = make_engine(postgres_store_url)
    migrate(engine)
    files = _reports(tmp_path, 12)
    done = []
    for item in ingest_files(
        engine, files, published=DAY, actor="t", entries=[], scheduler=address
    ):
        done.append(item)
        if len(done) == 1:  # one machine of the cluster goes away mid-run
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait()
    assert [i.path for i in done] == [str(f) for f in files]
    assert all(i.result.created for i in done)
    again = list(
        ingest_files(engine, files, published=DAY, actor="t", entries=[], scheduler=address)
    )
    assert not any(i.result.created for i in again)  # resumable: stored reports are skipped
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Source)) == len(files)
        assert audit.verify(session).ok and check_records(session).ok
    engine.dispose()


def test_an_unreachable_scheduler_is_a_clear_error(sqlite_engine, tmp_path, monkeypatch):
    from truce.errors import ConfigError
    from truce.services import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 3)  # Dask retries until then

    files = _reports(tmp_path, 1)
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        list(
            ingest_files(
                sqlite_engine, files, published=DAY, actor="t", entries=[],
                scheduler=f"tcp://127.0.0.1:{_free_port()}",
            )
        )  # fmt: skip
    assert time.perf_counter() - started < 60
