"""What every exporter shares: the filter (dates, audience), streaming, references.

Exporters read records in chunks (``yield_per``) and look up each chunk's related rows (the
sources a record rests on, the parties it is shared with, actor names) with one query per
chunk, so memory stays flat however many records there are. Records point at each other by
external id, the way the importers read them; a record without one (a source stored by
``truce ingest``, say) is named ``KIND:ID`` with its Truce id. A link to a record the export's
audience may not see is left out (no name, no reference), so a public export names no
restricted record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.formats.refs import reference
from truce.store.models import Actor, RecordShare, RecordSource, Source
from truce.store.visibility import PUBLIC, Audience, visible_clause

CHUNK = 1000
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "deleted_at"})


@dataclass(frozen=True)
class Filters:
    """Which records an export holds: a date window and the audience it is for (see
    :mod:`truce.store.visibility`); ``events_where`` narrows the events further (a box, a type,
    words: clauses made by the store's query)."""

    since: date | None = None
    until: date | None = None
    audience: Audience = PUBLIC
    events_where: tuple[Any, ...] = ()

    def visible(self, model: Any) -> Any:
        """The one visibility rule for this export's audience."""
        return visible_clause(model, self.audience)

    def on(self, query: Any, column: Any) -> Any:
        """``query`` limited to rows whose ``column`` day falls in the window."""
        if self.since is not None:
            query = query.where(column >= self.since)
        if self.until is not None:
            query = query.where(column <= self.until)
        return query

    def overlapping(self, query: Any, start: Any, end: Any) -> Any:
        """``query`` limited to rows valid at some time in the window (open ends allowed)."""
        if self.until is not None:
            last = datetime.combine(self.until, datetime.max.time())
            query = query.where(start.is_(None) | (start <= last))
        if self.since is not None:
            first = datetime.combine(self.since, datetime.min.time())
            query = query.where(end.is_(None) | (end >= first))
        return query


def chunks(session: Session, query: Any, *, size: int = CHUNK) -> Iterator[list[Any]]:
    """The query's objects in lists of ``size``, read as a stream."""
    result = session.execute(query.execution_options(yield_per=size))
    for part in result.scalars().partitions(size):
        yield list(part)


def day_text(value: date | datetime | None) -> str | None:
    """ISO text; a time is given in UTC with its offset (SQLite keeps none: it is UTC)."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat()
    return value.isoformat() if value is not None else None


def actor_names(session: Session, ids: Iterable[int | None], filters: Filters) -> dict[int, str]:
    """Actor id → name, for the actors this export may show (the others are left out)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Actor.id, Actor.name).where(Actor.id.in_(wanted), filters.visible(Actor))
    )
    return {int(row[0]): str(row[1]) for row in rows}


def source_refs(session: Session, ids: Iterable[int | None], filters: Filters) -> dict[int, str]:
    """Source id → reference, for the sources this export may show."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Source.id, Source.external_id).where(Source.id.in_(wanted), filters.visible(Source))
    )
    return {int(row[0]): reference("source", row[1], int(row[0])) for row in rows}


@dataclass(frozen=True)
class Links:
    """For one chunk of records of one kind: the sources each rests on, the parties it is
    shared with."""

    sources: dict[int, list[str]]
    shared_with: dict[int, list[str]]

    @classmethod
    def load(cls, session: Session, kind: str, ids: Sequence[int], filters: Filters) -> Links:
        sources: dict[int, list[str]] = {}
        shares: dict[int, list[str]] = {}
        if not ids:
            return cls(sources, shares)
        rows = session.execute(
            select(RecordSource.record_id, RecordSource.source_id)
            .where(RecordSource.record_kind == kind, RecordSource.record_id.in_(ids))
            .order_by(RecordSource.id)
        ).all()
        refs = source_refs(session, (row[1] for row in rows), filters)
        for record_id, source_id in rows:
            if source_id in refs and refs[source_id] not in sources.get(record_id, []):
                sources.setdefault(record_id, []).append(refs[source_id])
        query = (
            select(RecordShare.record_id, Actor.name)
            .join(Actor, Actor.id == RecordShare.party_id)
            .where(RecordShare.record_kind == kind, RecordShare.record_id.in_(ids))
            .where(filters.visible(Actor))
        )
        party = filters.audience.party_id
        if party is not None:  # a liaison learns of their own party's shares only
            query = query.where(RecordShare.party_id == party)
        share_rows = session.execute(query.order_by(Actor.name)).all()
        for record_id, name in share_rows:
            shares.setdefault(int(record_id), []).append(str(name))
        return cls(sources, shares)

    def common(self, record: Any) -> dict[str, Any]:
        """The fields every importer reads: classification, shared_with, sources."""
        return {
            "classification": record.classification,
            "shared_with": self.shared_with.get(record.id, []),
            "sources": self.sources.get(record.id, []),
        }
