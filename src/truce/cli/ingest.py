"""CLI command `truce ingest`: reports stored as sources with their extraction candidates,
through the one ingest use case (services/ingest_many.py: worker processes or a Dask cluster
extract, this process writes)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import engine, out
from truce.cli.extract import TEXT_SUFFIXES, ActorsOption, PublishedOption
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.extract.batch import default_registry
from truce.extract.html import HTML_SUFFIXES
from truce.extract.registry import ActorEntry
from truce.services.ingest_many import check_readable, ingest_files
from truce.store.registry import store_actors


def registry_entries(actors: Path | None, ctx: typer.Context) -> Sequence[ActorEntry]:
    """The actors of ``--actors``, else the store's."""
    if actors is None:
        return store_actors(engine(ctx))
    return default_registry(actors).entries


def ingest(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(help="A text file or saved web page, or a folder of .txt/.md/.html files."),
    ],
    published: PublishedOption = None,
    actors: ActorsOption = None,
    user: Annotated[str, typer.Option("--user", help="Who ingests (audit trail).")] = "cli",
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes that extract (this one writes)."
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Extract on a Dask cluster (tcp://HOST:8786; docs/scale.md) instead.",
        ),
    ] = None,
) -> None:
    """Store sources and their extraction candidates (the same text twice is a no-op).

    A saved web page keeps its title, date and address as the source's; --published overrides
    the date. A report already stored is skipped without being extracted again, so an
    interrupted run is resumed by running it again."""
    suffixes = (*TEXT_SUFFIXES, *HTML_SUFFIXES)
    files = (
        sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        if path.is_dir()
        else [path]
    )
    if not files:
        raise InvalidInput(f"{path}: no {'/'.join(suffixes)} files to ingest")
    check_readable(files)  # every file read before any is stored
    engine(ctx, create=True)  # like `truce import`, ingesting may start a new store
    day = parse_day(published, "--published")
    entries = registry_entries(actors, ctx)
    done = ingest_files(
        engine(ctx), files, published=day, actor=user, entries=entries, jobs=jobs,
        scheduler=scheduler,
    )  # fmt: skip
    for item in done:
        result = item.result
        state = "stored" if result.created else "already stored"
        out.print(f"{item.path}: source {result.source_id} {state}, {result.candidates} candidates")
