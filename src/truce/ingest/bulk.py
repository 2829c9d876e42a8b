"""Batched upsert of events keyed by (dataset, external id), for files of a million rows.

Rows are written in chunks inside the caller's transaction: each chunk looks up the ids it
names (one indexed query), inserts the new ones with one ``executemany``, updates the changed
ones (``row_hash`` differs: version + 1) and leaves identical ones alone. Memory stays flat: no
per-file set of ids is kept; an id given twice in one file is recognised because its first row
was written by this import (a higher id than any before it, or this import's ``updated_at``).

On SQLite the insert goes straight to the driver with values already in SQLAlchemy's storage
form (ISO dates); the R*Tree triggers of migration 0002 keep the spatial index in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from truce.ingest.issues import FieldError
from truce.store.models import Event, utcnow

_BOOKKEEPING = ("id", "created_at", "updated_at", "version", "deleted_at")
EVENT_FIELDS: tuple[str, ...] = tuple(
    column.key for column in Event.__table__.columns if column.key not in _BOOKKEEPING
)
_DATE_FIELDS = frozenset(
    column.key for column in Event.__table__.columns if column.type.python_type is date
)
CHUNK = 5000


@dataclass(slots=True)
class PendingEvent:
    line: int
    values: dict[str, Any]
    raw: list[str]


@dataclass(slots=True)
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


Rejector = Callable[[PendingEvent, FieldError], None]


class EventWriter:
    """Collects parsed events and writes them chunk by chunk; ``close()`` writes the rest."""

    def __init__(self, session: Session, *, reject: Rejector, chunk: int = CHUNK) -> None:
        self.connection: Connection = session.connection()
        self.reject = reject
        self.chunk = chunk
        self.counts = Written()
        self.stamp = utcnow()
        self._naive_stamp = self.stamp.astimezone(UTC).replace(tzinfo=None)
        self._pending: list[PendingEvent] = []
        self._first_new_id = 1 + (
            self.connection.execute(select(func.max(Event.id))).scalar_one() or 0
        )
        self._sqlite = self.connection.dialect.name == "sqlite"
        self._insert = self._prepare_insert()
        self._update = (
            update(Event)
            .where(Event.id == bindparam("_id"))
            .values(
                {
                    **{name: bindparam(name) for name in EVENT_FIELDS},
                    "version": Event.version + 1,
                    "updated_at": bindparam("_stamp"),
                }
            )
        )
        # With keep_ids (small files: Truce's JSON Lines) the id and outcome of every row.
        self.keep_ids = False
        self.written_ids: dict[tuple[str, str], int] = {}
        self.status: dict[tuple[str, str], str] = {}

    def _prepare_insert(self) -> Any:
        table: Any = Event.__table__
        names = (*EVENT_FIELDS, "created_at", "updated_at", "version")
        stmt = insert(table).values({name: bindparam(name) for name in names})
        if not self._sqlite:
            return stmt
        compiled = stmt.compile(dialect=self.connection.dialect)
        dialect = self.connection.dialect
        stamp_text = table.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)(
            self.stamp
        )
        self._sqlite_order = compiled.positiontup or []
        self._sqlite_stamp = stamp_text
        return str(compiled)

    def add(self, pending: PendingEvent) -> None:
        self._pending.append(pending)
        if len(self._pending) >= self.chunk:
            self.flush()

    def close(self) -> Written:
        self.flush()
        return self.counts

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        existing = self._lookup(batch)
        fresh: list[PendingEvent] = []
        changed: list[tuple[int, PendingEvent]] = []
        in_batch: dict[tuple[str, str], int] = {}
        for pending in batch:
            key = (pending.values["dataset"], pending.values["external_id"])
            if key in in_batch:
                self._duplicate(pending, f"also on line {in_batch[key]} of this file")
                continue
            in_batch[key] = pending.line
            found = existing.get(key)
            if found is None:
                fresh.append(pending)
                continue
            event_id, row_hash, updated_at = found
            if event_id >= self._first_new_id or self._is_stamp(updated_at):
                self._duplicate(pending, "already given on an earlier line of this file")
            elif row_hash == pending.values["row_hash"]:
                self.counts.unchanged += 1
                self._remember(key, event_id, "unchanged")
            else:
                changed.append((event_id, pending))
        self._write_new(fresh)
        self._write_changed(changed)
        if self.keep_ids and fresh:
            self._collect_new_ids(fresh)

    def _duplicate(self, pending: PendingEvent, where: str) -> None:
        external = pending.values["external_id"]
        self.reject(
            pending,
            FieldError(
                "duplicate-id",
                f"id {external!r} is {where}; every row needs its own id",
                column="id",
                value=external,
            ),
        )

    def _is_stamp(self, updated_at: datetime | None) -> bool:
        if updated_at is None:
            return False
        if updated_at.tzinfo is not None:
            updated_at = updated_at.astimezone(UTC).replace(tzinfo=None)
        return updated_at == self._naive_stamp

    def _lookup(self, batch: list[PendingEvent]) -> dict[tuple[str, str], tuple[int, Any, Any]]:
        ids = list({pending.values["external_id"] for pending in batch})
        rows = self.connection.execute(
            select(
                Event.id, Event.dataset, Event.external_id, Event.row_hash, Event.updated_at
            ).where(Event.external_id.in_(ids))
        )
        found: dict[tuple[str, str], tuple[int, Any, Any]] = {}
        for row in rows:
            found[(row[1], str(row[2]))] = (row[0], row[3], row[4])
        return found

    def _write_new(self, fresh: list[PendingEvent]) -> None:
        if not fresh:
            return
        if self._sqlite:
            order = self._sqlite_order
            stamp = self._sqlite_stamp
            rows = []
            for pending in fresh:
                values = pending.values
                row: list[Any] = []
                for name in order:
                    if name == "created_at" or name == "updated_at":
                        row.append(stamp)
                    elif name == "version":
                        row.append(1)
                    elif name in _DATE_FIELDS:
                        value = values.get(name)
                        row.append(value.isoformat() if value is not None else None)
                    else:
                        row.append(values.get(name))
                rows.append(tuple(row))
            self.connection.exec_driver_sql(self._insert, rows)
        else:
            params = []
            for pending in fresh:
                item = {name: pending.values.get(name) for name in EVENT_FIELDS}
                item["created_at"] = item["updated_at"] = self.stamp
                item["version"] = 1
                params.append(item)
            self.connection.execute(self._insert, params)
        self.counts.created += len(fresh)

    def _write_changed(self, changed: list[tuple[int, PendingEvent]]) -> None:
        if not changed:
            return
        params = []
        for event_id, pending in changed:
            row = {name: pending.values.get(name) for name in EVENT_FIELDS}
            row["_id"] = event_id
            row["_stamp"] = self.stamp
            params.append(row)
            key = (pending.values["dataset"], pending.values["external_id"])
            self._remember(key, event_id, "updated")
        self.connection.execute(self._update, params)
        self.counts.updated += len(changed)

    def _remember(self, key: tuple[str, str], event_id: int, outcome: str) -> None:
        if self.keep_ids:
            self.written_ids[key] = event_id
            self.status[key] = outcome

    def _collect_new_ids(self, fresh: list[PendingEvent]) -> None:
        wanted = {(p.values["dataset"], p.values["external_id"]) for p in fresh}
        for key, (event_id, _, _) in self._lookup(fresh).items():
            if key in wanted:
                self._remember(key, event_id, "created")
