"""CLI command: ``truce import KIND FILE`` (validates every row; all or nothing)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truce.cli.common import engine, err, out
from truce.ingest import ImportIssues, import_file
from truce.store.audit import cli_actor

if TYPE_CHECKING:
    from truce.formats.source import Progress

KIND_HELP = (
    "What the file holds: sources (JSON Lines), actors (YAML/CSV), places (CSV/JSON Lines), "
    "zones and notifications (GeoJSON), agreements (CSV/JSON Lines), acled and ucdp (CSV), "
    "events, statements, claims (JSON Lines). See docs/import.md."
)


@contextmanager
def _progress_bar(path: Path) -> Iterator[Progress | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.progress import (
        Progress as Bar,
    )

    with Bar(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(f"importing {path.name}", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def import_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=KIND_HELP, metavar="KIND")],
    file: Annotated[Path, typer.Argument(help="The file to import.", metavar="FILE")],
    skip_invalid: Annotated[
        Path | None,
        typer.Option(
            "--skip-invalid",
            metavar="REJECTS.csv",
            help="Import the valid rows and write the rejected ones, with line, column, code "
            "and reason, to this CSV file (without it, one bad row stops the whole import).",
        ),
    ] = None,
) -> None:
    """Import FILE as records of KIND: every row is checked, and nothing is written unless all
    of them are valid (or --skip-invalid). Re-importing a file changes only the rows that
    changed."""
    store = engine(ctx, create=True)
    try:
        with _progress_bar(file) as progress:
            report = import_file(
                store, kind, file, actor=cli_actor(), skip_invalid=skip_invalid, progress=progress
            )
    except ImportIssues as error:
        for issue in error.issues:
            err.print(str(issue), markup=False, highlight=False)
        raise
    out.print(
        f"{file}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.rejected} rejected ({kind})"
    )
    if report.rejected and report.rejects is not None:
        err.print(f"rejected rows and their reasons: {report.rejects}", markup=False)
        for issue in report.issues[:20]:
            err.print(str(issue), markup=False)
        if len(report.issues) > 20:
            err.print(f"… see {report.rejects} for the rest", markup=False)
