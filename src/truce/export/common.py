"""What every exporter shares: the filter (dates, audience), chunked reading, references.

Exporters read records in chunks and look up each chunk's related rows (the sources a record
rests on, the parties it is shared with, actor names) with one query per chunk, through the
store's named queries (:mod:`truce.store.queries_export`), so memory stays flat however many
records there are. Records point at each other by external id, the way the importers read them;
a record without one (a source stored by ``truce ingest``, say) is named ``KIND:ID`` with its
Truce id (:func:`~truce.formats.refs.reference`). A link to a record the export's audience may
not see is left out (no name, no reference), so a public export names no restricted record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from truce.formats.refs import reference
from truce.store.models import Source
from truce.store.queries_export import (
    Filters,
    actor_names,
    external_ids,
    record_chunks,
    record_sources,
    share_names,
)

BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "deleted_at"})

__all__ = [
    "BOOKKEEPING",
    "Filters",
    "Links",
    "actor_names",
    "day_text",
    "record_chunks",
    "references",
    "source_refs",
]


def day_text(value: date | datetime | None) -> str | None:
    """ISO text; a time is given in UTC with its offset (SQLite keeps none: it is UTC)."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat()
    return value.isoformat() if value is not None else None


def references(
    session: Session, model: Any, kind: str, ids: Iterable[int | None], filters: Filters
) -> dict[int, str]:
    """Record id → reference, for the linked records this export may show."""
    found = external_ids(session, model, ids, filters)
    return {
        record_id: reference(kind, external, record_id) for record_id, external in found.items()
    }


def source_refs(session: Session, ids: Iterable[int | None], filters: Filters) -> dict[int, str]:
    """Source id → reference, for the sources this export may show."""
    return references(session, Source, "source", ids, filters)


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
        rows = record_sources(session, kind, ids)
        refs = source_refs(session, (row[1] for row in rows), filters)
        for record_id, source_id in rows:
            if source_id in refs and refs[source_id] not in sources.get(record_id, []):
                sources.setdefault(record_id, []).append(refs[source_id])
        for record_id, name in share_names(session, kind, ids, filters):
            shares.setdefault(record_id, []).append(name)
        return cls(sources, shares)

    def common(self, record: Any) -> dict[str, Any]:
        """The fields every importer reads: classification, shared_with, sources."""
        return {
            "classification": record.classification,
            "shared_with": self.shared_with.get(record.id, []),
            "sources": self.sources.get(record.id, []),
        }
