"""Check every live record, link and account row against the newest hash the audit trail holds
for it (the kinds of :data:`~truce.store.models.SEALED_KINDS`).

For each record kind the table is read in id order and the seals (``audit_records``) of that
kind in (id, seq) order, both as streams, and merged: memory stays flat however many rows
there are, and there is no query per row. A record is reported, by kind and id, when

- ``record-edited``: its row no longer hashes to what its newest audited write left; the fields
  that changed are named when that write kept the values (every single-record write keeps them
  in its entry's ``after``; a bulk import keeps only hashes, and the message names the import);
- ``record-removed``: the audit trail says it exists, but its row is gone;
- ``record-unaudited``: its row exists, but no audited write ever left it (inserted behind
  Truce's back, or by a writer that does not seal what it writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.store.models import SEALED_KINDS, AuditEntry, AuditRecord
from truce.store.seals import hashed_columns, raw_select, stream_rows, table_of
from truce.store.serialize import RowHasher

KEEP = 1000  # problems kept for the report; every one is counted


@dataclass(frozen=True)
class RecordProblem:
    kind: str
    record_id: int
    code: str  # record-edited | record-removed | record-unaudited
    message: str
    fields: tuple[str, ...] = ()


@dataclass
class RecordsReport:
    checked: int = 0
    problem_count: int = 0
    problems: list[RecordProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: RecordProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < KEEP:
            self.problems.append(problem)


def check_records(session: Session, *, kinds: tuple[str, ...] | None = None) -> RecordsReport:
    """Re-hash every row of every sealed kind (records, link and account rows) and compare it
    with its newest seal."""
    report = RecordsReport()
    for kind in kinds or tuple(sorted(SEALED_KINDS)):
        _check_kind(session, kind, report)
    return report


def _latest_seals(session: Session, kind: str) -> Iterator[tuple[int, int, str | None]]:
    """(record id, seq, hash) of each record's newest seal, in id order."""
    statement = (
        select(AuditRecord.record_id, AuditRecord.seq, AuditRecord.hash)
        .where(AuditRecord.record_kind == kind)
        .order_by(AuditRecord.record_id, AuditRecord.seq)
    )
    held: tuple[int, int, str | None] | None = None
    for record_id, seq, row_hash in stream_rows(session.connection(), statement):
        if held is not None and held[0] != record_id:
            yield held
        held = (record_id, seq, row_hash)
    if held is not None:
        yield held


def _check_kind(session: Session, kind: str, report: RecordsReport) -> None:
    table = table_of(kind)
    hasher = RowHasher(hashed_columns(table))
    position = hasher.names.index("id")
    rows = stream_rows(session.connection(), raw_select(hasher.columns).order_by(table.c.id))
    seals = _latest_seals(session, kind)
    seal = next(seals, None)
    for row in rows:
        report.checked += 1
        record_id = row[position]
        while seal is not None and seal[0] < record_id:
            _removed(report, kind, seal)
            seal = next(seals, None)
        if seal is None or seal[0] != record_id or seal[2] is None:
            report.add(
                RecordProblem(
                    kind,
                    record_id,
                    "record-unaudited",
                    f"{kind} {record_id} was written without an audit entry "
                    "(inserted behind Truce's back?)",
                )
            )
        elif hasher.digest(row) != seal[2]:
            report.add(_edited(session, kind, record_id, seal, hasher, row))
        if seal is not None and seal[0] == record_id:
            seal = next(seals, None)
    while seal is not None:
        _removed(report, kind, seal)
        seal = next(seals, None)


def _removed(report: RecordsReport, kind: str, seal: tuple[int, int, str | None]) -> None:
    record_id, seq, row_hash = seal
    if row_hash is None:  # removed by an audited write: as it should be
        return
    report.add(
        RecordProblem(
            kind,
            record_id,
            "record-removed",
            f"{kind} {record_id} is gone, but audit entry {seq} wrote it and no audited "
            "write removed it (deleted behind Truce's back?)",
        )
    )


def _edited(
    session: Session,
    kind: str,
    record_id: int,
    seal: tuple[int, int, str | None],
    hasher: RowHasher,
    row: Any,
) -> RecordProblem:
    seq = seal[1]
    entry = session.get(AuditEntry, seq)
    written = _written_values(entry, kind, record_id, hasher.names)
    what = f"audit entry {seq}" + (f" ({entry.action})" if entry is not None else "")
    if written is None or hasher.digest(written) != seal[2]:
        note = f": {entry.note}" if entry is not None and entry.note else ""
        return RecordProblem(
            kind,
            record_id,
            "record-edited",
            f"{kind} {record_id} differs from what {what} wrote; that write kept only the "
            f"record's hash, so the changed fields cannot be named{note}",
        )
    now, then = hasher.field_texts(row), hasher.field_texts(written)
    fields = tuple(name for name in hasher.names if now[name] != then[name])
    return RecordProblem(
        kind,
        record_id,
        "record-edited",
        f"{kind} {record_id} differs from what {what} wrote: {', '.join(fields)} changed "
        "behind Truce's back",
        fields,
    )


def _written_values(
    entry: AuditEntry | None, kind: str, record_id: int, names: list[str]
) -> list[Any] | None:
    """The row as the entry's ``after`` gives it (single-record writes keep every column)."""
    if entry is None or entry.record_kind != kind or entry.record_id != str(record_id):
        return None
    after = entry.after
    if not isinstance(after, dict):
        return None
    return [after.get(name) for name in names]
