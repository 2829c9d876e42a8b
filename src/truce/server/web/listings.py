"""The list pages: sources (with their Admiralty grades) and events, filtered and paged, limited
to what the viewer may see; "words" searches the same full-text index as the API's ``q``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from truce import vocab
from truce.auth import Principal
from truce.errors import InvalidInput
from truce.store.query import UNGRADED, Filters, list_records

PAGE_SIZE = 50


@dataclass(frozen=True)
class Listed:
    rows: Sequence[Any]
    count: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0


@dataclass(frozen=True)
class SourceFilter:
    grade: str | None = None  # A-F, or "ungraded"
    kind: str | None = None
    q: str | None = None

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class EventFilter:
    since: date | None = None
    until: date | None = None
    type: str | None = None
    q: str | None = None

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def _page(page: int) -> int:
    return max(1, page)


def sources(session: Session, viewer: Principal, wanted: SourceFilter, *, page: int) -> Listed:
    """One page of the sources ``viewer`` may see, newest first."""
    if wanted.grade and wanted.grade not in (*vocab.RELIABILITY_GRADES, UNGRADED):
        raise InvalidInput(
            f"grade {wanted.grade!r}: use one of {', '.join(vocab.RELIABILITY_GRADES)} or "
            f"{UNGRADED}",
            detail={"field": "grade"},
        )
    if wanted.kind and wanted.kind not in vocab.SOURCE_KINDS:
        raise InvalidInput(
            f"kind {wanted.kind!r}: use one of {', '.join(vocab.SOURCE_KINDS)}",
            detail={"field": "kind"},
        )
    page = _page(page)
    filters = Filters(type=wanted.kind, q=wanted.q, reliability=wanted.grade)
    rows, count = list_records(
        session, "sources", audience=viewer.audience, filters=filters, limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    return Listed(rows, count, page)


def events(session: Session, viewer: Principal, wanted: EventFilter, *, page: int) -> Listed:
    """One page of the events ``viewer`` may see, latest first."""
    if (
        wanted.type
        and wanted.type not in vocab.EVENT_TYPES
        and not any(wanted.type in subs for subs in vocab.ACLED_EVENT_TYPES.values())
    ):
        raise InvalidInput(
            f"type {wanted.type!r}: use one of {', '.join(vocab.EVENT_TYPES)}",
            detail={"field": "type"},
        )
    page = _page(page)
    filters = Filters(since=wanted.since, until=wanted.until, type=wanted.type, q=wanted.q)
    rows, count = list_records(
        session, "events", audience=viewer.audience, filters=filters, limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    return Listed(rows, count, page)
