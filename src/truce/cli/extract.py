"""CLI commands: extract (candidates of reports, no store) and ingest (into the store)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from truce.cli.common import engine, err, out
from truce.cli.output import print_table
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.extract.batch import default_jobs, default_registry, extract_files, report_files
from truce.extract.html import HTML_SUFFIXES
from truce.extract.registry import ActorEntry
from truce.services.ingest_many import check_readable, ingest_files
from truce.store.registry import store_actors

FORMATS = ("json", "jsonl", "table")
TEXT_SUFFIXES = (".txt", ".text", ".md")


def registry_entries(actors: Path | None, ctx: typer.Context) -> Sequence[ActorEntry]:
    """The actors of ``--actors``, else the store's."""
    if actors is None:
        return store_actors(engine(ctx))
    return default_registry(actors).entries


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
            table.add_row(key[:-1], str(item["span"]), summary(key, item))
    print_table(table)


def name(ref: Any) -> str:
    """An actor reference's canonical name, else its words, else ``?``."""
    if not isinstance(ref, dict):
        return "?"
    return str(ref.get("canonical") or ref.get("name") or "?")


def summary(key: str, item: dict[str, Any]) -> str:
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
