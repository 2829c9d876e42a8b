"""CLI commands: extract, ingest, review (accept / reject candidates)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from truce.cli.common import engine, err, new_typer, out
from truce.cli.output import FormatOption, OutOption, check_format, emit_rows, print_table
from truce.days import parse_day
from truce.errors import InvalidInput

if TYPE_CHECKING:
    from truce.ingest.html import Page

FORMATS = ("json", "jsonl", "table")
TEXT_SUFFIXES = (".txt", ".text", ".md")


def _report(path: Path) -> Page:
    """A file's text, with the title, date and address a web page states (else None)."""
    from truce.extract.batch import read_report

    return read_report(path)


def _registry(actors: Path | None, ctx: typer.Context | None) -> Any:
    from truce.extract import Registry
    from truce.extract.batch import default_registry

    if actors is None and ctx is not None:
        return Registry.from_store(engine(ctx))
    return default_registry(actors)


ActorsOption = Annotated[
    Path | None,
    typer.Option("--actors", help="Actor registry YAML (docs/formats.md); default: see the help."),
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD (resolves 'yesterday')."),
]


def extract_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="UTF-8 text files or saved web pages (.html, .htm), or folders of them."
        ),
    ],
    published: PublishedOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="json (one file, indented), jsonl (one document per line) or table (one "
            "file); default: json for one file, jsonl otherwise.",
        ),
    ] = None,
    actors: ActorsOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: every core)."),
    ] = None,
) -> None:
    """Print the candidates found in each report (truce.extraction/1 JSON); no store needed.

    A folder is read whole, recursively (.txt, .text, .md, .html, .htm, .xhtml). Several
    reports give JSON Lines, in input order, each document with its file as document.file;
    a report that cannot be read is reported on stderr, the rest are still written, and the
    exit status is then 2. Actors resolve against --actors, else the demo's packaged registry.
    A web page is read as its article's paragraphs, dated by its own metadata unless
    --published is given."""
    from truce.extract.batch import default_jobs, extract_files, report_files

    files = report_files(paths)
    if not files:
        raise InvalidInput(f"{' '.join(map(str, paths))}: no report files to read")
    fmt = fmt or ("json" if len(files) == 1 and not paths[0].is_dir() else "jsonl")
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt != "jsonl" and len(files) > 1:
        raise InvalidInput(f"--format {fmt}: one file only; use jsonl for {len(files)} files")
    day = parse_day(published, "--published")
    failed = 0
    for done in extract_files(files, published=day, actors=actors, jobs=jobs or default_jobs()):
        if done.line is None:
            if fmt != "jsonl":
                raise InvalidInput(done.error or done.path)
            failed += 1
            err.print(f"Error: {done.error}", markup=False)
        elif fmt == "jsonl":
            sys.stdout.write(done.line + "\n")
        else:
            _print_one(json.loads(done.line), fmt)
    sys.stdout.flush()
    if failed:
        raise typer.Exit(2)


def _print_one(doc: dict[str, Any], fmt: str) -> None:
    doc["document"].pop("file", None)
    if fmt == "json":
        out.print(json.dumps(doc, ensure_ascii=False, indent=2), markup=False)
        return
    table = Table("kind", "span", "summary")
    for key in ("events", "statements", "claims", "agreements", "quantities"):
        for item in doc[key]:
            table.add_row(key[:-1], str(item["span"]), _summary(key, item))
    print_table(table)


def name(ref: Any) -> str:
    """An actor reference's canonical name, else its words, else ``?``."""
    if not isinstance(ref, dict):
        return "?"
    return str(ref.get("canonical") or ref.get("name") or "?")


def _summary(key: str, item: dict[str, Any]) -> str:
    if key == "events":
        where = (item.get("place") or {}).get("canonical") or "?"
        day = (item.get("date") or {}).get("start") or "?"
        return f"{item['event_type']} / {item.get('sub_event_type')} — {name(item['actor1'])} → {name(item['actor2'])} at {where} on {day} ({item['modality']})"  # noqa: E501
    if key == "statements":
        return f"{name(item['speaker'])}: {item['words'][:80]}"
    if key == "claims":
        return (
            f"{name(item.get('claimant'))} {item['stance']} {item['attribute']} = {item['value']}"
        )
    if key == "agreements":
        return f"{item['kind']} ({item.get('scope')}), count {item.get('count')}"
    return f"{item['bound']} {item['value']:g} {item['unit']}" + (
        f" a {item['per']}" if item.get("per") else ""
    )


def ingest(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(help="A text file or saved web page, or a folder of .txt/.md/.html files."),
    ],
    published: PublishedOption = None,
    actors: ActorsOption = None,
    user: Annotated[str, typer.Option("--user", help="Who ingests (audit trail).")] = "cli",
) -> None:
    """Store sources and their extraction candidates (the same text twice is a no-op).

    A saved web page keeps its title, date and address as the source's; --published overrides
    the date."""
    from truce.extract import load_gazetteer
    from truce.ingest.html import HTML_SUFFIXES
    from truce.store.candidates import ingest_text

    suffixes = (*TEXT_SUFFIXES, *HTML_SUFFIXES)
    files = (
        sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        if path.is_dir()
        else [path]
    )
    if not files:
        raise InvalidInput(f"{path}: no {'/'.join(suffixes)} files to ingest")
    reports = [(file, _report(file)) for file in files]  # every file read before any is stored
    engine(ctx, create=True)  # like `truce import`, ingesting may start a new store
    registry, gazetteer, day = (
        _registry(actors, ctx),
        load_gazetteer(),
        parse_day(published, "--published"),
    )
    for file, page in reports:
        result = ingest_text(
            engine(ctx), page.text, published=day or page.published,
            title=page.title or file.stem, url=page.url,
            actor=user, registry=registry, gazetteer=gazetteer,
        )  # fmt: skip
        state = "stored" if result.created else "already stored"
        out.print(f"{file}: source {result.source_id} {state}, {result.candidates} candidates")


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
    from truce.store.db import transaction

    if ctx.invoked_subcommand is not None:
        return
    from truce.cli import review_edit
    from truce.store.candidates import list_candidates
    from truce.store.models import Source

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
            for hint in review_edit.hints(session, row):
                out.print(f"    → {hint}")


def _candidate_row(row: Any, source: Any) -> dict[str, Any]:
    """One candidate as a flat row for JSON or CSV: what it says and the words it came from."""
    text = (source.text if source is not None else None) or ""
    key = row.kind + "s" if row.kind != "quantity" else "quantities"
    words = text[row.span_start : row.span_end] if row.span_start is not None else ""
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "source_id": row.source_id,
        "summary": _summary(key, row.payload), "span_start": row.span_start,
        "span_end": row.span_end, "words": words,
    }  # fmt: skip


def _row_text(cid: int, kind: str, source_id: int, payload: dict[str, Any], text: str,
              start: int | None, end: int | None) -> Text:  # fmt: skip
    line = Text(f"#{cid} {kind} (source {source_id}) ", style="bold")
    key = kind + "s" if kind != "quantity" else "quantities"
    line.append(_summary(key, payload) + "\n    ")
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
    from truce.services.review import accept_candidate

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
    from truce.services.review import reject_candidate

    reject_candidate(engine(ctx), candidate, actor=user, note=note)
    out.print(f"Candidate {candidate} rejected")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("extract")(extract_command)
    app.command()(ingest)
    from truce.cli import review_edit

    review_edit.register(review_app)
    app.add_typer(review_app, name="review")
