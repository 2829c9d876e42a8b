"""Extraction on a Dask cluster: ``truce ingest DIR --scheduler tcp://HOST:8786``.

The reports are read and checked against the store here; each new one goes to the cluster as a
task (its text, date and title: workers need no access to the files or to the store), and its
contract JSON comes back to this process, the one writer. The actor registry goes to every
worker once, as a worker plugin (so a worker that joins mid-run gets it too). A worker lost
mid-run costs nothing: the scheduler runs its tasks again on the others, and nothing of a
report is stored until its result is back. See docs/scale.md for starting a cluster and why
Dask.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from truce.errors import ConfigError
from truce.services.extracting import Actors, Report, extract_report, remember
from truce.services.ingest_many import Submit

CONNECT_SECONDS = 30
RETRIES = 2  # a task that raised (e.g. a worker killed while starting) is tried again


class Registry(WorkerPlugin):
    """Gives each worker the run's actor registry when it starts or joins."""

    def __init__(self, actors: Actors) -> None:
        self.actors = actors
        self.name = f"truce-actors-{actors.key}"

    def setup(self, worker: Any) -> None:
        remember(self.actors)


def dask_submit(stack: ExitStack, actors: Actors, scheduler: str) -> tuple[Submit, int]:
    """A submit function running extraction on the cluster at ``scheduler``, and its number
    of worker threads (how many reports it extracts at once)."""
    try:
        client = stack.enter_context(Client(scheduler, timeout=CONNECT_SECONDS))  # type: ignore[no-untyped-call]
    except OSError as error:
        raise ConfigError(
            f"--scheduler {scheduler}: cannot reach the Dask scheduler ({error}); start one "
            "with `dask scheduler` and workers with `dask worker` (docs/scale.md)"
        ) from None
    client.register_plugin(Registry(actors))
    workers = client.scheduler_info().get("workers", {})
    threads = sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1

    def submit(report: Report) -> Any:
        return client.submit(extract_report, report, actors.key, pure=False, retries=RETRIES)

    return submit, threads
