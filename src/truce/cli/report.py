"""CLI commands: report (the daily report as HTML, PDF, Markdown or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import engine, err, new_typer, out
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.report import render
from truce.services.reports import daily_report
from truce.store.visibility import EVERYONE, PUBLIC
from truce.vocab import REPORT_FORMATS as FORMATS

report_app = new_typer("Reports built from the records.")


@report_app.command("daily")
def daily(
    ctx: typer.Context,
    day: Annotated[
        str | None,
        typer.Option("--date", help="The report's day, YYYY-MM-DD (default: the latest event)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (required for pdf)."),
    ] = None,
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Include restricted and confidential records (default: public only).",
        ),
    ] = False,
) -> None:
    """The daily report: events, alleged violations (and who alleges them), agreements signed
    and statements of one day, compared with the day before."""
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "pdf" and output is None:
        raise InvalidInput("--out: a PDF report needs a file to write to")
    audience = EVERYONE if include_restricted else PUBLIC
    report = daily_report(engine(ctx), parse_day(day, "--date"), audience=audience)
    if report is None:
        raise InvalidInput("--date: the store has no events; give the report's day")
    body = render(report, fmt)
    if output is None:
        out.print(body, markup=False)
        return
    if isinstance(body, bytes):
        output.write_bytes(body)
    else:
        output.write_text(body, encoding="utf-8")
    err.print(f"Wrote the {fmt} report for {report.day.isoformat()} to {output}")
