"""Batched upsert of events keyed by (dataset, external id), for files of a million rows.

Rows are written in chunks inside the caller's transaction: each chunk looks up the ids it
names (one indexed query), inserts the new ones with one ``executemany``, updates the changed
ones (``row_hash`` differs: version + 1) and leaves identical ones alone. Memory stays flat: no
per-file set of ids is kept; an id given twice in one file is recognised because its first row
was written by this import (a higher id than any before it, or this import's ``updated_at``).

On SQLite the insert goes straight to the driver with values already in SQLAlchemy's storage
form (ISO dates); on PostgreSQL new rows go through ``COPY … FROM STDIN`` and changed ones
through a temporary table and one ``UPDATE`` (:mod:`truce.store.pgbulk`). Row-by-row
``AFTER INSERT`` triggers on SQLite's ``events`` (the R*Tree of migration 0002, a full-text
index) cost several times the insert itself, so for the import they are suspended inside its
transaction and their work is done set-wise over each chunk's new rows once it is written
(:class:`SuspendedTriggers`); a rollback restores them untouched. A first import into an empty
table builds the plain indexes after its rows, on either store.

:meth:`EventWriter.sealed` gives the hashes of the written rows at the end, as a stream in id
order, for the import's audit entry (see :mod:`truce.store.seals`): new rows hashed from the
values written (:class:`~truce.store.seals.InsertedSeals`; on PostgreSQL they are copied in
with ids drawn from the sequence beforehand, so each row's id is known), changed rows hashed by
PostgreSQL's server (:mod:`truce.store.pgseals`) or read back on SQLite.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain
from typing import Any

from sqlalchemy import ARRAY, Connection, Integer, any_, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from truce.formats.issues import FieldError
from truce.ingest.suspended import SuspendedIndexes, SuspendedTriggers
from truce.store import sqlitebulk
from truce.store.models import EVENT_FIELDS, FIELD_INDEX, Event, utcnow
from truce.store.pgbulk import RebuiltIndexes, copy_rows, next_ids, update_events
from truce.store.pgseals import sql_hashes
from truce.store.queries_ingest import events_by_key, has_events_of, last_event_id
from truce.store.seals import InsertedSeals, Seal, SealText, hashes_where

_DATE_FIELDS = tuple(
    FIELD_INDEX[column.key]
    for column in Event.__table__.columns
    if column.key in FIELD_INDEX and column.type.python_type is date
)
_ROW_COLUMNS = (*EVENT_FIELDS, "created_at", "updated_at", "version")
ROW_COLUMNS = _ROW_COLUMNS  # what a new row binds: its fields, then bound_tail
CHUNK = 5000
_DATASET, _EXTERNAL, _ROW_HASH = (FIELD_INDEX[name] for name in ("dataset", "external_id",
                                                                  "row_hash"))  # fmt: skip


def to_row(values: dict[str, Any]) -> list[Any]:
    """Event values as a row in :data:`EVENT_FIELDS` order, dates as ISO text."""
    row = [values.get(name) for name in EVENT_FIELDS]
    for position in _DATE_FIELDS:
        value = row[position]
        if isinstance(value, date):
            row[position] = value.isoformat()
    return row


@dataclass(slots=True)
class PendingEvent:
    """One valid row waiting to be written: ``row`` in :data:`EVENT_FIELDS` order."""

    line: int
    dataset: str
    external_id: str
    row_hash: str
    row: Sequence[Any]
    raw: list[str]
    # From a parsing process (truce.ingest.feed): the row's seal text, made there; ``raw`` is
    # then empty (the cells are read again from the file if the row is rejected).
    seal: SealText | None = None

    @classmethod
    def of(cls, line: int, values: dict[str, Any], raw: list[str]) -> PendingEvent:
        return cls(
            line,
            values["dataset"],
            values["external_id"],
            values["row_hash"],
            to_row(values),
            raw,
        )

    def values(self) -> dict[str, Any]:
        found = dict(zip(EVENT_FIELDS, self.row, strict=True))
        for position in _DATE_FIELDS:
            name = EVENT_FIELDS[position]
            if isinstance(found[name], str):
                found[name] = date.fromisoformat(found[name])
        return found


@dataclass(slots=True)
class BoundBatch:
    """Rows from a parsing process (:mod:`truce.ingest.feed`) for a first import on SQLite,
    each bound as the insert takes it (its fields, then :attr:`EventWriter.bound_tail`), and
    their seals (:func:`~truce.store.sealtexts.batch_digests`) if they get the ids from
    ``first_id`` on. While that holds they are inserted as they are, no row looked at."""

    lines: list[int]
    rows: list[tuple[Any, ...]]
    first_id: int
    digests: bytes

    def pending(self) -> list[PendingEvent]:
        """The rows the careful way (the cells of a rejected one are read again)."""
        size, dataset, external, digest = len(EVENT_FIELDS), _DATASET, _EXTERNAL, _ROW_HASH
        return [
            PendingEvent(line, row[dataset], row[external], row[digest], row[:size], [])
            for line, row in zip(self.lines, self.rows, strict=True)
        ]


@dataclass(slots=True)
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


Rejector = Callable[[PendingEvent, FieldError], None]


class EventWriter:
    """Collects parsed events and writes them chunk by chunk; ``close()`` writes the rest.

    While the store holds no event of the file's dataset (a first import), chunks are inserted
    without looking their ids up: the unique index on (dataset, external id) would refuse an id
    given twice, and that chunk is then rolled back to its savepoint and redone the careful way.
    """

    def __init__(
        self,
        session: Session,
        *,
        reject: Rejector,
        dataset: str | None = None,
        chunk: int | None = None,
    ) -> None:
        self.connection: Connection = session.connection()
        self.reject = reject
        self.chunk = chunk or CHUNK
        self.counts = Written()
        self.stamp = utcnow()
        self._naive_stamp = self.stamp.astimezone(UTC).replace(tzinfo=None)
        self._pending: list[PendingEvent] = []
        self._bound: list[BoundBatch] = []
        self._bound_count = 0
        self._changed_ids = array("q")
        self._first_new_id = 1 + last_event_id(self.connection)
        self._sqlite = self.connection.dialect.name == "sqlite"
        # New rows are hashed from the values written (see InsertedSeals).
        self._inserted = InsertedSeals("events", _ROW_COLUMNS)
        self._next_id = self._first_new_id
        self._fresh = dataset is not None and not has_events_of(self.connection, dataset)
        self._tail = self._stamp_tail()
        # SQLite's insert, with positional parameters in the row's own order (Core would put
        # them in the table's order), so each row goes to the driver as it is.
        self._insert = sqlitebulk.insert_sql("events", _ROW_COLUMNS)
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
        self._triggers = SuspendedTriggers(self.connection, self._first_new_id).__enter__()
        indexes = SuspendedIndexes if self._sqlite else RebuiltIndexes
        self._indexes = indexes(self.connection).__enter__()

    def _stamp_tail(self) -> tuple[Any, ...]:
        """:attr:`bound_tail`: the stamp as ``COPY`` takes it, or as SQLite stores it."""
        if not self._sqlite:
            return (self.stamp, self.stamp, 1)
        dialect = self.connection.dialect
        column: Any = Event.__table__.c.created_at
        stamp = column.type.dialect_impl(dialect).bind_processor(dialect)(self.stamp)
        return (stamp, stamp, 1)

    @property
    def bound_tail(self) -> tuple[Any, ...]:
        """What every new row binds after its fields (the import's stamp, twice, and version 1),
        as the insert (SQLite) or ``COPY`` (PostgreSQL) takes it: a parsing process makes each
        row's seal text from its fields and this."""
        return self._tail

    @property
    def next_id(self) -> int | None:
        """The id the next new row gets while every row so far was inserted as it came (a
        first import on SQLite: a parsing process can then hash the rows itself), else None."""
        if not (self._sqlite and self._fresh and self._inserted.active):
            return None
        return self._next_id + self._bound_count + len(self._pending)

    def add(self, pending: PendingEvent) -> None:
        self._flush_bound()
        self._pending.append(pending)
        if len(self._pending) >= self.chunk:
            self.flush()

    def add_many(self, batch: list[PendingEvent]) -> None:
        self._flush_bound()
        self._pending.extend(batch)
        if len(self._pending) >= self.chunk:
            self.flush()

    def add_bound(self, batch: BoundBatch) -> None:
        """Rows bound by a parsing process; the careful way if their ids would not be those
        their seals were made for."""
        if not batch.rows:
            return
        if batch.first_id != self.next_id or self.keep_ids:
            self.add_many(batch.pending())
            return
        self._bound.append(batch)
        self._bound_count += len(batch.rows)
        if self._bound_count >= self.chunk:
            self._flush_bound()

    def close(self) -> Written:
        self.flush()
        self._indexes.finish()
        self._triggers.finish()
        return self.counts

    def _note_inserted(
        self,
        rows: list[tuple[Any, ...]],
        texts: list[SealText] | None = None,
        *,
        hashed: bytes | None = None,
    ) -> None:
        if not self._inserted.active:
            return
        last = self.connection.exec_driver_sql("SELECT max(id) FROM events").scalar()
        first = self._next_id
        if last != first + len(rows) - 1:  # ids did not run on: read the rows back instead
            self._inserted.give_up()
            return
        self._inserted.add(self.connection, first, rows, texts, hashed=hashed)
        self._next_id = last + 1

    def sealed(self) -> Iterator[Seal]:
        """Seals of every row this import wrote (after :meth:`close`), read back in id order:
        the updated rows (all older than the new ones), then the new ones."""
        if self._inserted.active:
            # The new rows' seals as hashed when they were written: a stream with no
            # generator of ours between it and the audit entry.
            return chain(self._read_seals(new=False), self._inserted.seals())
        return self._read_seals(new=True)

    def _read_seals(self, *, new: bool) -> Iterator[Seal]:
        """The updated rows' seals, read back, then (``new``) the new rows' too."""
        table: Any = Event.__table__
        # PostgreSQL hashes the rows itself (see truce.store.pgseals); SQLite reads them back.
        hashes = hashes_where if self._sqlite else sql_hashes
        changed = sorted(set(self._changed_ids))
        if changed and not self._sqlite:  # one statement, the ids bound as one array
            ids = bindparam("changed_ids", changed, type_=ARRAY(Integer))
            yield from hashes(self.connection, "events", table.c.id == any_(ids))
            changed = []
        for start in range(0, len(changed), 500):
            part = changed[start : start + 500]
            yield from hashes(self.connection, "events", table.c.id.in_(part))
        if not new:
            return
        yield from hashes(
            self.connection,
            "events",
            table.c.id >= self._first_new_id,
            table.c.created_at == self.stamp,
        )

    def _flush_bound(self) -> None:
        """Insert the bound rows waiting, unchecked (see :meth:`_insert_fresh`)."""
        batches, self._bound, self._bound_count = self._bound, [], 0
        if not batches:
            return
        rows = list(chain.from_iterable(batch.rows for batch in batches))
        inserted = True
        self.connection.exec_driver_sql("SAVEPOINT truce_import_chunk")
        try:  # the unique index on (dataset, external id) refuses an id given twice
            self.connection.exec_driver_sql(self._insert, rows)
        except IntegrityError:
            self.connection.exec_driver_sql("ROLLBACK TO truce_import_chunk")
            inserted = False
        self.connection.exec_driver_sql("RELEASE truce_import_chunk")
        if not inserted:  # an id repeats: the careful way, which names the line
            self._fresh = False
            self._pending = [pending for batch in batches for pending in batch.pending()]
            self.flush()
            return
        self._note_inserted(rows, hashed=b"".join(batch.digests for batch in batches))
        self.counts.created += len(rows)
        self._triggers.catch_up()

    def flush(self) -> None:
        self._flush_bound()
        batch, self._pending = self._pending, []
        if not batch:
            return
        if self._fresh and self._insert_fresh(batch):
            self._triggers.catch_up()
            return
        existing = self._lookup(batch)
        fresh: list[PendingEvent] = []
        changed: list[tuple[int, PendingEvent]] = []
        in_batch: dict[tuple[str, str], int] = {}
        for pending in batch:
            key = (pending.dataset, pending.external_id)
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
            elif row_hash == pending.row_hash:
                self.counts.unchanged += 1
                self._remember(key, event_id, "unchanged")
            else:
                changed.append((event_id, pending))
        self._write_new(fresh)
        self._write_changed(changed)
        if self.keep_ids and fresh:
            self._collect_new_ids(fresh)
        self._triggers.catch_up()

    def _insert_fresh(self, batch: list[PendingEvent]) -> bool:
        """Insert a whole chunk unchecked; False (nothing written) if an id repeats."""
        ids = {(pending.dataset, pending.external_id) for pending in batch}
        if len(ids) != len(batch):
            self._fresh = False
            return False
        self.connection.exec_driver_sql("SAVEPOINT truce_import_chunk")
        try:
            self._write_new(batch)
        except IntegrityError:
            self.connection.exec_driver_sql("ROLLBACK TO truce_import_chunk")
            self.connection.exec_driver_sql("RELEASE truce_import_chunk")
            self._fresh = False
            return False
        self.connection.exec_driver_sql("RELEASE truce_import_chunk")
        return True

    def _duplicate(self, pending: PendingEvent, where: str) -> None:
        external = pending.external_id
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
        ids = list({pending.external_id for pending in batch})
        datasets = list({pending.dataset for pending in batch})
        rows = events_by_key(self.connection, datasets, ids)
        found: dict[tuple[str, str], tuple[int, Any, Any]] = {}
        for row in rows:
            found[(row[1], str(row[2]))] = (row[0], row[3], row[4])
        return found

    def _write_new(self, fresh: list[PendingEvent]) -> None:
        if not fresh:
            return
        tail = self._tail
        rows = [(*pending.row, *tail) for pending in fresh]
        found = [pending.seal for pending in fresh]
        texts: list[SealText] | None = None if None in found else found  # type: ignore[assignment]
        if self._sqlite:
            self.connection.exec_driver_sql(self._insert, rows)
            self._note_inserted(rows, texts)
        else:
            self._copy_new(rows, texts)
        self.counts.created += len(fresh)

    def _copy_new(self, rows: list[tuple[Any, ...]], texts: list[SealText] | None) -> None:
        """PostgreSQL: the new rows through ``COPY … FROM STDIN``, several times cheaper than
        an ``INSERT`` per row, with ids drawn from the sequence first (as an ``INSERT`` of
        each would draw them), so that the rows are sealed from their values."""
        ids = next_ids(self.connection, "events", len(rows))
        copy_rows(
            self.connection,
            "events",
            ("id", *_ROW_COLUMNS),
            ((event_id, *row) for event_id, row in zip(ids, rows, strict=True)),
        )
        if not self._inserted.active:
            return
        if ids[-1] - ids[0] != len(ids) - 1:  # another writer drew ids meanwhile: read back
            self._inserted.give_up()
            return
        self._inserted.add(self.connection, ids[0], rows, texts)

    def _write_changed(self, changed: list[tuple[int, PendingEvent]]) -> None:
        if not changed:
            return
        if not self._sqlite:
            self._update_copied(changed)
            return
        params = []
        for event_id, pending in changed:
            row = pending.values()
            row["_id"] = event_id
            row["_stamp"] = self.stamp
            params.append(row)
            self._changed_ids.append(event_id)
            self._remember((pending.dataset, pending.external_id), event_id, "updated")
        self.connection.execute(self._update, params)
        self.counts.updated += len(changed)

    def _update_copied(self, changed: list[tuple[int, PendingEvent]]) -> None:
        """PostgreSQL: the changed rows copied in and applied with one statement."""
        for event_id, pending in changed:
            self._changed_ids.append(event_id)
            self._remember((pending.dataset, pending.external_id), event_id, "updated")
        rows = ((event_id, *pending.row) for event_id, pending in changed)
        update_events(self.connection, EVENT_FIELDS, rows, stamp=self.stamp)
        self.counts.updated += len(changed)

    def _remember(self, key: tuple[str, str], event_id: int, outcome: str) -> None:
        if self.keep_ids:
            self.written_ids[key] = event_id
            self.status[key] = outcome

    def _collect_new_ids(self, fresh: list[PendingEvent]) -> None:
        wanted = {(p.dataset, p.external_id) for p in fresh}
        for key, (event_id, _, _) in self._lookup(fresh).items():
            if key in wanted:
                self._remember(key, event_id, "created")
