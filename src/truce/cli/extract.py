"""CLI command `truce extract`: the candidates of reports as truce.extraction/1 JSON, no store
(`truce ingest`, which stores them, is cli/ingest.py, so extracting never loads the store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from truce.cli.group import deferred, err
from truce.cli.options import ActorsOption, PublishedOption
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.extract.batch import default_jobs, extract_files
from truce.extract.html import report_files

FORMATS = ("json", "jsonl", "table")
_print_table = deferred("truce.cli.output:print_table")  # only for --format table


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
    if fmt == "json":  # as written: a console would turn ":warning:" in a quote into an emoji
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("kind", "span", "summary")
    for key in ("events", "statements", "claims", "agreements", "quantities"):
        for item in doc[key]:
            table.add_row(key[:-1], str(item["span"]), summary(key, item))
    _print_table(table)


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
