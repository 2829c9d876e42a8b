"""Record hashes ("seals"): what binds each record's stored content to the audit chain.

Every audited write of a record stores the SHA-256 of the row as written
(:class:`~truce.store.serialize.RowHasher` over every column, read back from the store) in
``audit_records``, under the seq of its audit entry; the entry's ``records_digest`` hashes
those rows in (kind, id) order and is part of the entry's own chained hash. So a row edited
behind Truce's back no longer matches its newest seal, and a seal edited to match no longer
matches its entry's digest. A write that removes a record stores ``None`` for it.

A bulk import seals the rows it wrote at its end, reading them back in id order as a stream
(:meth:`~truce.ingest.bulk.EventWriter.sealed`); nothing is held per row in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import NULLTYPE

from truce.store.models import RECORD_KINDS, AuditRecord, Record
from truce.store.serialize import RowHasher

Seal = tuple[str, int, str | None]  # (record kind, record id, row hash or None if removed)
STREAM = 5000
_IN_CHUNK = 500


def hashed_columns(model: type[Record] | Table) -> list[Column[Any]]:
    """Every column of the kind's table: all of them are hashed."""
    table = model if isinstance(model, Table) else model.__table__  # type: ignore[attr-defined]
    return list(table.columns)


def raw_select(columns: Sequence[Column[Any]]) -> Any:
    """The columns as the driver gives them (no SQLAlchemy conversion: cheaper, and
    :class:`~truce.store.serialize.RowHasher` reads either form)."""
    return select(*(type_coerce(column, NULLTYPE).label(column.name) for column in columns))


def stream_rows(connection: Connection, statement: Any) -> Iterator[Any]:
    """The statement's rows read as a stream (a server-side cursor on PostgreSQL)."""
    # Options on the statement: Connection.execution_options would change the connection.
    yield from connection.execute(statement.execution_options(yield_per=STREAM))


def hashes_where(
    connection: Connection, kind: str, *where: Any, table: Table | None = None
) -> Iterator[Seal]:
    """(kind, id, hash) of the kind's rows matching ``where``, in id order, as a stream;
    ``table`` is the kind's table as reflected (a migration's), else the model's."""
    if table is None:
        table = RECORD_KINDS[kind].__table__  # type: ignore[attr-defined]
    assert table is not None
    hasher = RowHasher(hashed_columns(table))
    position = hasher.names.index("id")
    statement = raw_select(hasher.columns).where(*where).order_by(table.c.id)
    digest = hasher.digest
    for row in stream_rows(connection, statement):
        yield kind, row[position], digest(row)


def seals_of(session: Session | Connection, kind: str, ids: Iterable[int]) -> list[Seal]:
    """Seals of the given records as they are now in the store (``None``: no such row)."""
    connection = session.connection() if isinstance(session, Session) else session
    if isinstance(session, Session):
        session.flush()
    wanted = sorted(set(ids))
    table: Any = RECORD_KINDS[kind].__table__  # type: ignore[attr-defined]
    found: dict[int, str | None] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        part = wanted[start : start + _IN_CHUNK]
        for _, record_id, digest in hashes_where(connection, kind, table.c.id.in_(part)):
            found[record_id] = digest
    return [(kind, record_id, found.get(record_id)) for record_id in wanted]


def every_record(connection: Connection, *, reflect: bool = False) -> Iterator[Seal]:
    """Seals of every row of every record kind, in (kind, id) order (the backfill's); with
    ``reflect`` the tables are read as they are in the store (a migration's view of them)."""
    tables: dict[str, Table] = {}
    if reflect:
        meta = MetaData()
        names = [model.__tablename__ for model in RECORD_KINDS.values()]  # type: ignore[attr-defined]
        meta.reflect(connection, only=names)
        tables = {
            kind: meta.tables[model.__tablename__]  # type: ignore[attr-defined]
            for kind, model in RECORD_KINDS.items()
        }
    for kind in sorted(RECORD_KINDS):
        yield from hashes_where(connection, kind, table=tables.get(kind))


def seal_everything(session: Session, *, actor: str, note: str, reflect: bool = False) -> int:
    """One audit entry sealing every record as it is now (migration 0010's backfill, and a
    restore of a backup made before record hashing); returns how many were sealed. Nothing is
    written when the store holds no records."""
    from truce.store import audit

    connection = session.connection()
    first = next(every_record(connection, reflect=reflect), None)
    if first is None:
        return 0
    entry = audit.append(
        session,
        actor=actor,
        action="seal",
        record_kind="store",
        note=note,
        seals=every_record(connection, reflect=reflect),
    )
    return int(
        connection.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.seq == entry.seq)
        )
        or 0
    )


def seal_line(kind: str, record_id: int, digest: str | None) -> bytes:
    return f"{kind}\t{record_id}\t{digest or '-'}\n".encode()


class Digest:
    """The running ``records_digest`` of one entry's seals, fed in (kind, id) order."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._last: tuple[str, int] | None = None
        self.count = 0

    def add(self, kind: str, record_id: int, digest: str | None) -> None:
        key = (kind, record_id)
        if self._last is not None and key <= self._last:
            raise ValueError(f"seals out of order: {key} after {self._last}")
        self._last = key
        self.count += 1
        self._sha.update(seal_line(kind, record_id, digest))

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def ordered(seals: Iterable[Seal]) -> Iterable[Seal]:
    """A list or tuple of seals sorted by (kind, id); a stream is taken as already sorted."""
    if isinstance(seals, Sequence):
        return sorted(seals, key=lambda seal: (seal[0], seal[1]))
    return seals
