"""CLI command `truce ingest`: reports stored as sources with their extraction candidates,
through the one ingest use case (services/ingest_many.py: worker processes or a Dask cluster
extract, this process writes).

The arguments are checked here, before the store and the extractor are imported (an empty
folder is refused at once); the run itself is :mod:`truce.cli.ingest_run`."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.group import deferred
from truce.cli.options import ActorsOption, PublishedOption
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.extract.html import REPORT_SUFFIXES, report_files
from truce.services.ingest_workers import start_workers

_run = deferred("truce.cli.ingest_run:ingest_files_command")


def ingest(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="A text file or saved web page, or a folder of .txt/.md/.html files "
            "(its subfolders' too)."
        ),
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
    files = report_files([path])  # a folder's, as `truce extract` takes them: recursive
    if not files:
        raise InvalidInput(f"{path}: no {'/'.join(REPORT_SUFFIXES)} files to ingest")
    day = parse_day(published, "--published")
    # The workers start loading the extractor now, while this process imports the store's
    # libraries and opens the store.
    workers = None if scheduler else start_workers(jobs, len(files))
    with workers or nullcontext():
        _run(
            ctx, files, published=day, actors=actors, user=user, jobs=jobs, scheduler=scheduler,
            workers=workers,
        )  # fmt: skip
