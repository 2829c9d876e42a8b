"""The run of `truce ingest` once its arguments are checked (:mod:`truce.cli.ingest`): every
file read, the store opened (made if missing), the reports extracted and stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import typer

from truce.cli.common import engine, out
from truce.extract.batch import default_registry
from truce.extract.registry import ActorEntry
from truce.processes import EarlyPool
from truce.services.ingest_many import check_readable, ingest_files
from truce.store.registry import store_actors


def registry_entries(actors: Path | None, ctx: typer.Context) -> Sequence[ActorEntry]:
    """The actors of ``--actors``, else the store's."""
    if actors is None:
        return store_actors(engine(ctx))
    return default_registry(actors).entries


def ingest_files_command(
    ctx: typer.Context, files: Sequence[Path], *, published: date | None, actors: Path | None,
    user: str, jobs: int, scheduler: str | None, workers: EarlyPool | None,
) -> None:  # fmt: skip
    """Store ``files`` and print each one's outcome (``workers``: the run's worker processes,
    started by the command)."""
    pages = check_readable(files)  # every file read before any is stored
    engine(ctx, create=True)  # like `truce import`, ingesting may start a new store
    entries = registry_entries(actors, ctx)
    done = ingest_files(
        engine(ctx), files, published=published, actor=user, entries=entries, jobs=jobs,
        scheduler=scheduler, pages=pages, workers=workers,
    )  # fmt: skip
    for item in done:
        result = item.result
        state = "stored" if result.created else "already stored"
        out.print(f"{item.path}: source {result.source_id} {state}, {result.candidates} candidates")
