"""``import_file``: one file of one kind into the store, all or nothing (or --skip-invalid)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.errors import ImportFailed, InvalidInput
from truce.formats.issues import Issue, summary
from truce.formats.rejects import RejectsWriter
from truce.formats.source import Progress, Source
from truce.ingest import geo, kinds, runners
from truce.ingest.run import ImportReport, Run
from truce.store import audit
from truce.store.db import transaction


@dataclass(frozen=True)
class Kind:
    """One importable kind: the formats it reads and how."""

    name: str
    formats: tuple[str, ...]
    description: str
    run: Callable[[Run, str], None]


def _small(parse: runners.RowParser) -> Callable[[Run, str], None]:
    def run(job: Run, fmt: str) -> None:
        runners.rows_for(job, parse, fmt)

    return run


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "sources", ("jsonl",), "sources and documents (JSON Lines)", _small(kinds.parse_source)
        ),
        Kind(
            "actors",
            ("yaml", "csv"),
            "the actor registry (YAML or CSV)",
            lambda job, _fmt: runners.run_actors(job),
        ),
        Kind(
            "places",
            ("csv", "jsonl"),
            "places: a gazetteer with other names and spellings (CSV or JSON Lines)",
            _small(kinds.parse_place),
        ),
        Kind(
            "zones",
            ("geojson",),
            "zones (GeoJSON FeatureCollection of polygons)",
            _small(geo.parse_zone),
        ),
        Kind(
            "notifications",
            ("geojson",),
            "notified sites and movements (GeoJSON points and lines)",
            _small(geo.parse_notification),
        ),
        Kind(
            "agreements",
            ("csv", "jsonl"),
            "agreements (CSV or JSON Lines)",
            _small(kinds.parse_agreement),
        ),
        Kind(
            "acled",
            ("csv",),
            "events in ACLED's CSV export format",
            lambda job, _fmt: runners.run_acled(job),
        ),
        Kind(
            "ucdp",
            ("csv",),
            "events in UCDP GED's CSV format",
            lambda job, _fmt: runners.run_ucdp(job),
        ),
        Kind(
            "events",
            ("jsonl",),
            "events in Truce's JSON Lines, with alleged violations",
            lambda job, _fmt: runners.run_events(job),
        ),
        Kind("statements", ("jsonl",), "statements (JSON Lines)", _small(kinds.parse_statement)),
        Kind("claims", ("jsonl",), "claims about events (JSON Lines)", _small(kinds.parse_claim)),
    )
}
_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".geojson": "geojson",
    ".yaml": "yaml",
    ".yml": "yaml",
}


class ImportIssues(ImportFailed):
    """ImportFailed whose ``issues`` are the :class:`Issue` objects (``detail``: their text)."""

    def __init__(self, message: str, issues: list[Issue]) -> None:
        super().__init__(message, detail=[str(issue) for issue in issues])
        self.issues = issues


def _format(kind: Kind, path: Path) -> str:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if kind.formats == ("geojson",) and fmt in ("jsonl", "geojson"):
        return "geojson"
    if fmt in kind.formats:
        return fmt
    if len(kind.formats) == 1:
        return kind.formats[0]
    raise InvalidInput(
        f"{path}: cannot tell the format from the name; {kind.name} files end in "
        + " or ".join(f".{name}" for name in kind.formats)
    )


def import_file(
    engine: Engine,
    kind: str,
    path: str | Path,
    *,
    actor: str,
    skip_invalid: str | Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate every row of ``path`` and write it as records of ``kind`` in one transaction.

    Nothing is written unless every row is valid (:class:`ImportIssues` lists every problem);
    with ``skip_invalid`` the good rows are written and the bad ones go to that CSV file with
    their line, column, code and reason. ``progress(done_bytes, total_bytes)`` is called as the
    file is read.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput(f"unknown import kind {kind!r}: use one of {', '.join(KINDS)}")
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"{file}: no such file")
    fmt = _format(spec, file)
    rejects = RejectsWriter(Path(skip_invalid)) if skip_invalid is not None else None
    source = Source(file, progress=progress)
    try:
        with transaction(engine) as session:
            _begin(session)
            job = Run(session, source, kind, actor, rejects)
            spec.run(job, fmt)
            _finish(job, rejects is not None)
            report = _report(job, rejects)
            audit.append(
                session,
                actor=actor,
                action="import",
                record_kind=kind,
                after=report.as_dict(),
                note=f"{file.name} sha256 {report.sha256}",
                seals=job.seals,
            )
    finally:
        if rejects is not None:
            rejects.close()
    return report


def _finish(job: Run, skipping: bool) -> None:
    total = max(job.issue_count, len(job.issues))
    if job.fatal or (total and not skipping):
        message = summary(job.source.name, job.issues)
        if total > len(job.issues):
            message += f" (the first {len(job.issues)} of {total} are listed)"
        raise ImportIssues(message, job.issues)


def _report(job: Run, rejects: RejectsWriter | None) -> ImportReport:
    counts = job.counts
    return ImportReport(
        kind=job.kind,
        path=job.source.path,
        sha256=job.source.digest.hexdigest(),
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
        issues=tuple(job.issues),
        rejects=rejects.path if rejects is not None else None,
    )


def _begin(session: Session) -> None:
    """SQLite: open the transaction now, taking the write lock at once.

    (No synchronous=OFF: in WAL mode with synchronous=NORMAL a commit does not wait for the
    disk anyway.) The sqlite3 module only begins a transaction before a data change; the
    import's first statements (look-ups, suspending triggers, savepoints) must already be
    inside it, or a failed import could leave some of them committed.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver: Any = connection.connection.driver_connection
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
