"""CLI command: export (ACLED CSV, UCDP-style CSV, GeoJSON, JSON Lines, the actor YAML)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import engine, err
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.export import FORMATS, Filters, export
from truce.store.visibility import EVERYONE, PUBLIC


def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="acled (ACLED CSV), ucdp (UCDP-style CSV), geojson (--kind events, places, zones "
            "or notifications), jsonl (--kind: any record kind) or actors (the registry as YAML).",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help="Record kind for geojson and jsonl (e.g. agreements)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (default: standard output)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only records dated on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only records dated on or before YYYY-MM-DD.")
    ] = None,
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Export restricted and confidential records too (default: public only).",
        ),
    ] = False,
) -> None:
    """Export records in the formats the importers read; streamed, public records only unless
    --include-restricted. The date filter uses each kind's own date (event date, signing date,
    statement date …; validity for zones and notifications)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"KIND: {fmt!r} is not one of {', '.join(FORMATS)}")
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first is not None and last is not None and last < first:
        raise InvalidInput(f"--until {until} is before --since {since}")
    filters = Filters(
        since=first,
        until=last,
        audience=EVERYONE if include_restricted else PUBLIC,
    )
    store = engine(ctx)
    if output is None:
        count = export(store, fmt, sys.stdout, kind=kind, filters=filters)
        err.print(f"exported {count} records", style="dim")
        return
    # Written beside the target and moved into place at the end: never a half-written file.
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            count = export(store, fmt, stream, kind=kind, filters=filters)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    err.print(f"exported {count} records to {output}")
