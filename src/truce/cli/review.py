"""CLI commands: ``truce review`` lists the extraction candidates with the words they came
from; ``review accept`` and ``review reject`` decide one; ``review edit`` changes one first."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from truce.cli.common import engine, new_typer, out
from truce.cli.extract import summary
from truce.cli.output import FormatOption, OutOption, check_format, emit_rows
from truce.cli.review_edit import edit, hints
from truce.services.review import accept_candidate, reject_candidate
from truce.store.candidates import list_candidates
from truce.store.db import transaction
from truce.store.models import Source

review_app = new_typer(
    "List extraction candidates, edit, accept or reject them.", no_args_is_help=False
)


@review_app.callback(invoke_without_command=True)
def review(
    ctx: typer.Context,
    source: Annotated[int | None, typer.Option("--source", help="Only this source's.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="event, statement, claim, agreement, quantity.")
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="pending, accepted or rejected.")
    ] = "pending",
    limit: Annotated[int, typer.Option("--limit")] = 50,
    offset: Annotated[int, typer.Option("--offset")] = 0,
    fmt: FormatOption = "table",
    output: OutOption = None,
) -> None:
    """List candidates (pending by default) with the words they came from highlighted."""
    if ctx.invoked_subcommand is not None:
        return
    check_format(fmt)
    with transaction(engine(ctx)) as session:
        rows = list_candidates(
            session, status=status, kind=kind, source_id=source, limit=limit, offset=offset
        )
        if fmt != "table":
            emit_rows(fmt, [_candidate_row(row, session.get(Source, row.source_id))
                            for row in rows], output=output)  # fmt: skip
            return
        if not rows:
            out.print(f"No {status} candidates.")
            return
        for row in rows:
            text = (session.get(Source, row.source_id) or Source()).text or ""
            out.print(
                _row_text(
                    row.id, row.kind, row.source_id, row.payload, text, row.span_start, row.span_end
                )
            )
            for hint in hints(session, row):
                out.print(f"    → {hint}")


def _candidate_row(row: Any, source: Any) -> dict[str, Any]:
    """One candidate as a flat row for JSON or CSV: what it says and the words it came from."""
    text = (source.text if source is not None else None) or ""
    key = row.kind + "s" if row.kind != "quantity" else "quantities"
    words = text[row.span_start : row.span_end] if row.span_start is not None else ""
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "source_id": row.source_id,
        "summary": summary(key, row.payload), "span_start": row.span_start,
        "span_end": row.span_end, "words": words,
    }  # fmt: skip


def _row_text(cid: int, kind: str, source_id: int, payload: dict[str, Any], text: str,
              start: int | None, end: int | None) -> Text:  # fmt: skip
    line = Text(f"#{cid} {kind} (source {source_id}) ", style="bold")
    key = kind + "s" if kind != "quantity" else "quantities"
    line.append(summary(key, payload) + "\n    ")
    if start is not None and end is not None:
        lo, hi = max(0, start - 60), min(len(text), end + 60)
        line.append(text[lo:start].replace("\n", " "))
        line.append(text[start:end].replace("\n", " "), style="reverse")
        line.append(text[end:hi].replace("\n", " "))
    return line


@review_app.command("accept")
def accept(
    ctx: typer.Context,
    candidate: Annotated[int, typer.Argument(help="Candidate id (from `truce review`).")],
    event: Annotated[int | None, typer.Option("--event", help="Event id a claim is about.")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    user: Annotated[str, typer.Option("--user", help="Who reviews (audit trail).")] = "cli",
    merge_into: Annotated[
        int | None,
        typer.Option("--merge-into", help="Add this source to an existing event it duplicates."),
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="Create the event even though it matches an existing one.")
    ] = False,
) -> None:
    """Accept a candidate: create its record, linked to the source and span (an event matching
    an existing one asks for --merge-into ID or --new)."""
    row = accept_candidate(engine(ctx), candidate, actor=user, event_id=event, note=note,
                           merge_into=merge_into, create_new=new)  # fmt: skip
    made = f"{row.record_kind} {row.record_id}" if row.record_id else "no record (a quantity)"
    out.print(f"Candidate {candidate} accepted: {made}")


@review_app.command("reject")
def reject(
    ctx: typer.Context,
    candidate: Annotated[int, typer.Argument(help="Candidate id (from `truce review`).")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    user: Annotated[str, typer.Option("--user", help="Who reviews (audit trail).")] = "cli",
) -> None:
    """Reject a candidate (kept, marked rejected)."""
    reject_candidate(engine(ctx), candidate, actor=user, note=note)
    out.print(f"Candidate {candidate} rejected")


review_app.command("edit")(edit)
