"""CLI commands: demo (build the demo store) and stats (counts, rates, breakdowns)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from truce.cli.common import engine, out, state
from truce.cli.output import check_format, emit, print_table
from truce.days import parse_day
from truce.demo.load import build_demo, build_demo_in
from truce.errors import InvalidInput
from truce.services.reports import compute_stats
from truce.store.audit import cli_actor
from truce.store.db import make_engine
from truce.store.visibility import EVERYONE, PUBLIC

if TYPE_CHECKING:
    from truce.stats import Line, Stats

STATS_FORMATS = ("table", "json", "csv")


def demo(
    ctx: typer.Context,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh",
            help="Replace the --db store even if `truce demo` did not make it (it may hold data).",
        ),
    ] = False,
    reports: Annotated[
        bool,
        typer.Option(
            "--reports/--no-reports",
            help="Also run extraction on the demo's plain-text reports (fills the review queue).",
        ),
    ] = True,
) -> None:
    """Build the demo: the 2016 Syria scenario loaded through the importers into the --db
    store (a new SQLite file, or a PostgreSQL database), then print what was loaded."""
    from sqlalchemy.engine import make_url

    def step(kind: str, name: str) -> None:
        out.print(f"loading {kind}: {name}", style="dim")

    database_url = state(ctx).settings.database_url
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        where = url.render_as_string(hide_password=True)
        store = make_engine(database_url)
        try:
            loaded = build_demo_in(
                store, fresh=fresh, actor=cli_actor(), reports=reports, step=step
            )
        finally:
            store.dispose()
    elif not url.database or url.database == ":memory:":
        raise InvalidInput(
            "truce demo builds a store that lasts: give --db a file path such as "
            "~/.local/share/truce/demo.sqlite, or a postgresql:// URL"
        )
    else:
        where = str(Path(url.database))
        loaded = build_demo(
            Path(url.database), fresh=fresh, actor=cli_actor(), reports=reports, step=step
        )
    table = Table(title=f"Demo store {where}", title_justify="left")
    table.add_column("file")
    table.add_column("kind")
    table.add_column("records", justify="right")
    for item in loaded:
        table.add_row(item.file, item.kind, str(item.rows))
    print_table(table)
    # the command as typed (``.venv/bin/truce`` after ``make run``), so it runs as printed
    typed = sys.argv[0] if Path(sys.argv[0]).name == "truce" else "truce"
    out.print(f"Next: {typed} --db {where} stats")


def stats(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="First day YYYY-MM-DD (default: the latest national ceasefire's start).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day YYYY-MM-DD (default: the latest agreement)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Count restricted and confidential records too (default: public only).",
        ),
    ] = False,
) -> None:
    """Counts of every record kind; agreements by kind, scope, status and mediator with their
    rate per day; events by type and month."""
    check_format(fmt, STATS_FORMATS)
    result = compute_stats(
        engine(ctx),
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        audience=EVERYONE if include_restricted else PUBLIC,
    )
    emit(fmt, data=result.to_dict, rows=result.rows, table=lambda: _print_tables(result))


def _table(title: str, lines: list[Line], *, rates: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("")
    table.add_column("count", justify="right")
    if rates:
        table.add_column("per day", justify="right")
    for line in lines:
        cells = [line.label, str(line.count)]
        if rates:
            cells.append("" if line.per_day is None else f"{line.per_day:.2f}")
        table.add_row(*cells)
    return table


def _print_tables(result: Stats) -> None:
    out.print(f"[bold]{result.headline}[/]")
    if result.baseline:
        out.print(f"Window: from the start of {result.baseline!r} to the latest agreement.")
    shown = "all classifications" if len(result.classifications) > 1 else "public records only"
    out.print(f"Counting {shown}.")
    print_table(_table("Records", result.records, rates=False))
    for note in result.coverage:
        out.print(f"Note: {note}", markup=False, style="italic")
    for group, lines in result.agreements.items():
        print_table(_table(f"Agreements by {group}", lines, rates=True))
    print_table(_table("Events by type", result.events_by_type, rates=False))
    print_table(_table("Events by month", result.events_by_month, rates=False))
