"""How each kind of file is read, checked and written (called by :func:`import_file`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from truce.formats import acled, ucdp
from truce.formats.actors import ActorRow, csv_entry, parse_actor, yaml_entries
from truce.formats.geojson import features, json_document
from truce.formats.issues import FieldError
from truce.formats.jsonl import jsonl_records
from truce.formats.source import whole_text
from truce.ingest import feed
from truce.ingest.actors import ActorWriter
from truce.ingest.bulk import EventWriter, PendingEvent
from truce.ingest.csvrows import csv_rows
from truce.ingest.events import parse_event, write_violations
from truce.ingest.kinds import Context
from truce.ingest.run import Run
from truce.ingest.upsert import LinkSet, Parsed, upsert, write_links
from truce.store.models import FIELD_INDEX, RECORD_KINDS
from truce.store.queries_ingest import id_by_external_id, source_with_text

RowParser = Callable[[Any, Context, list[FieldError]], Parsed | None]


def run_acled(run: Run) -> None:
    writer = EventWriter(run.session, reject=_pending_reject(run), dataset="acled")
    if feed.wanted(run.source.path):  # a large file: read and checked by a parsing process
        feed.feed_acled(run, writer)
        _close(run, writer)
        return
    resolve = run.ctx.actors.find
    layout: acled.AcledLayout | None = None
    external, digest = FIELD_INDEX["external_id"], FIELD_INDEX["row_hash"]
    for record, header in csv_rows(run, acled.REQUIRED_COLUMNS):
        if layout is None:
            layout = acled.AcledLayout.from_header(header)
        row = layout.fast_row(record.cells, resolve)
        if row is not None:
            writer.add(
                PendingEvent(record.line, "acled", row[external], row[digest], row, record.cells)
            )
            continue
        errors: list[FieldError] = []
        values = layout.parse(record.cells, errors, resolve=resolve)
        if errors:
            run.reject(record.line, errors, record.cells)
            continue
        values["row_hash"] = layout.row_hash(record.cells)
        writer.add(PendingEvent.of(record.line, values, record.cells))
    _close(run, writer)


def run_ucdp(run: Run) -> None:
    writer = EventWriter(run.session, reject=_pending_reject(run), dataset="ucdp")
    resolve = run.ctx.actors.find
    layout: ucdp.UcdpLayout | None = None
    for record, header in csv_rows(run, ucdp.REQUIRED_COLUMNS):
        if layout is None:
            layout = ucdp.UcdpLayout.from_header(header)
        errors: list[FieldError] = []
        values = layout.parse(record.cells, errors, resolve=resolve)
        if errors:
            run.reject(record.line, errors, record.cells)
            continue
        writer.add(PendingEvent.of(record.line, values, record.cells))
    _close(run, writer)


def _pending_reject(run: Run) -> Callable[[PendingEvent, FieldError], None]:
    def reject(pending: PendingEvent, error: FieldError) -> None:
        run.reject(pending.line, [error], pending.raw)

    return reject


def _close(run: Run, writer: EventWriter) -> None:
    written = writer.close()
    run.seals = writer.sealed()
    run.counts.created += written.created
    run.counts.updated += written.updated
    run.counts.unchanged += written.unchanged


def run_events(run: Run) -> None:
    """Truce JSON Lines events: bulk-written, then their violations, sources and shares."""
    writer = EventWriter(run.session, reject=_pending_reject(run))
    writer.keep_ids = True
    links: dict[tuple[str, str], tuple[list[Any], LinkSet, LinkSet]] = {}
    for record in jsonl_records(run.source):
        errors: list[FieldError] = []
        values = parse_event(record.value, run.ctx, errors)
        if errors:
            run.reject(record.line, errors, [record.raw])
            continue
        violations = values.pop("_violations")
        sources = frozenset((item,) for item in values.pop("_sources"))
        shares = frozenset((item,) for item in values.pop("_shares"))
        # The digest of what the row means (not of its text), so an export of the same records,
        # with its fields in another order or spelled out, reads as unchanged.
        values["row_hash"] = hashlib.md5(
            json.dumps(
                {"values": values, "violations": violations, "sources": sorted(sources),
                 "shares": sorted(shares)},
                sort_keys=True, ensure_ascii=False, default=str,
            ).encode(),
            usedforsecurity=False,
        ).hexdigest()  # fmt: skip
        links[(values["dataset"], values["external_id"])] = (violations, sources, shares)
        writer.add(PendingEvent.of(record.line, values, [record.raw]))
    _close(run, writer)
    run.absorb_reader_issues()
    for key, status in writer.status.items():
        if status == "unchanged" or key not in links:
            continue
        event_id = writer.written_ids[key]
        violations, sources, shares = links[key]
        write_violations(run.session, event_id, violations, actor=run.actor)
        write_links(
            run.session,
            "events",
            event_id,
            {"sources": sources, "shared_with": shares},
            replace=True,
        )


def run_records(
    run: Run, parse: RowParser, rows: Iterator[tuple[int, Any, list[str]]], *, unit: str = "line"
) -> None:
    """The small kinds: each valid row created or updated through store/records.py."""
    seen: dict[str, int] = {}
    model: Any = RECORD_KINDS[run.kind]
    for line, row, raw in rows:
        errors: list[FieldError] = []
        parsed = parse(row, run.ctx, errors)
        if parsed is not None and parsed.external_id in seen:
            errors.append(
                FieldError(
                    "duplicate-id",
                    f"id {parsed.external_id!r} is also on {unit} {seen[parsed.external_id]}",
                    column="id",
                    value=parsed.external_id,
                )
            )
        if parsed is not None and run.kind == "sources":
            _check_same_text(run, parsed, errors)
        if errors or parsed is None:
            run.reject(line, errors, raw, unit=unit)
            continue
        seen[parsed.external_id] = line
        existing = id_by_external_id(run.session, model, parsed.external_id)
        try:
            outcome = upsert(run.session, run.kind, parsed, existing_id=existing, actor=run.actor)
        except FieldError as error:
            run.reject(line, [error], raw, unit=unit)
            continue
        run.counts.add(outcome)


def _check_same_text(run: Run, parsed: Parsed, errors: list[FieldError]) -> None:
    digest = parsed.values.get("sha256")
    if digest is None:
        return
    other = source_with_text(run.session, digest)
    if other is not None and other != parsed.external_id:
        errors.append(
            FieldError("duplicate-id", f"the same text is already source {other!r}", column="text")
        )


def jsonl_rows(run: Run) -> Iterator[tuple[int, Any, list[str]]]:
    for record in jsonl_records(run.source):
        yield record.line, record.value, [record.raw]
    run.absorb_reader_issues()


def csv_dict_rows(run: Run, required: tuple[str, ...]) -> Iterator[tuple[int, Any, list[str]]]:
    for record, header in csv_rows(run, required):
        row = {name: cell for name, cell in zip(header, record.cells, strict=True) if name}
        yield record.line, row, record.cells


def geojson_rows(run: Run) -> Iterator[tuple[int, Any, list[str]]]:
    document = json_document(run.source)
    run.absorb_reader_issues()
    if document is None:
        run.fatal = True
        return
    try:
        found = features(document)
    except FieldError as error:
        run.file_issue("bad-json", 1, error.column, error.message)
        return
    for index, feature in enumerate(found):
        yield index, feature, [json.dumps(feature, ensure_ascii=False)]


def run_actors(run: Run) -> None:
    """Actors from YAML (a list, or {actors: [...]}) or CSV, in two passes."""
    rows: list[tuple[ActorRow, list[str]]] = []
    seen: dict[str, int] = {}
    for line, entry, raw in _actor_entries(run):
        errors: list[FieldError] = []
        parsed = parse_actor(entry, errors)
        if parsed is not None:
            parsed.line = line
            key = parsed.name.casefold()
            if key in seen:
                errors.append(
                    FieldError(
                        "duplicate-id",
                        f"the actor {parsed.name!r} is also on line {seen[key]}",
                        column="name",
                        value=parsed.name,
                    )
                )
            seen.setdefault(key, line)
        if errors or parsed is None:
            run.reject(line, errors, raw)
            continue
        rows.append((parsed, raw))
    writer = ActorWriter(run.session, run.ctx.actors, actor=run.actor)
    for parsed, _ in rows:
        writer.write_own(parsed)
    for parsed, raw in rows:
        errors = []
        refs = writer.resolve(parsed, errors)
        if errors:
            run.reject(parsed.line, errors, raw)
            continue
        run.counts.add(writer.write_links(parsed, refs))


def _actor_entries(run: Run) -> Iterator[tuple[int, Any, list[str]]]:
    if run.source.path.suffix.lower() == ".csv":
        for line, row, raw in csv_dict_rows(run, ("name",)):
            yield line, csv_entry(row), raw
        return
    content = whole_text(run.source)
    run.absorb_reader_issues()
    if content is None:
        run.fatal = True
        return
    entries = list(yaml_entries(run.source, content))
    run.absorb_reader_issues()
    for line, entry in entries:
        yield line, entry, [json.dumps(entry, default=str, ensure_ascii=False)]


def rows_for(run: Run, parse: RowParser, fmt: str) -> None:
    """Dispatch a small kind by file format."""
    if fmt == "geojson":
        run_records(run, parse, geojson_rows(run), unit="feature")
    elif fmt == "csv":
        run_records(run, parse, csv_dict_rows(run, ("id",)))
    else:
        run_records(run, parse, jsonl_rows(run))


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
