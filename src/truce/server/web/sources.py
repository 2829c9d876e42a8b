"""The source page: what a source says, how reliable it is graded, and what rests on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce import vocab
from truce.auth import Principal
from truce.errors import InvalidInput, NotFound
from truce.store import records
from truce.store.models import Agreement, Claim, Event, RecordSource, Source, Statement
from truce.store.visibility import visible_clause

QUOTE_CHARS = 300  # of a cited passage shown


@dataclass
class Citation:
    kind: str  # event, agreement, statement, claim
    label: str
    href: str | None
    passage: str | None  # the words of the source the record rests on


@dataclass
class SourcePage:
    source: dict[str, Any]
    citations: list[Citation]


def _passage(text: str | None, start: int | None, end: int | None) -> str | None:
    if not text or start is None or end is None or not 0 <= start < end <= len(text):
        return None
    words = text[start:end]
    return words if len(words) <= QUOTE_CHARS else words[:QUOTE_CHARS] + "…"


def _event_label(event: Event) -> str:
    what = event.sub_event_type or event.event_type
    return f"{event.event_date} · {what} · {event.location or 'no place'}"


def _visible_by_id(
    session: Session, viewer: Principal, model: Any, links: Sequence[RecordSource], kind: str
) -> dict[int, Any]:
    """The records of ``kind`` the links name, as ``viewer`` may see them, by id."""
    ids = [link.record_id for link in links if link.record_kind == kind]
    if not ids:
        return {}
    found = session.scalars(
        select(model).where(model.id.in_(ids), visible_clause(model, viewer.audience))
    )
    return {record.id: record for record in found}


def source_page(session: Session, viewer: Principal, source_id: int) -> SourcePage:
    """Source ``source_id`` and the records that cite it, as ``viewer`` may see them.

    Raises NotFound when the source is missing, deleted or hidden from ``viewer``."""
    source = session.scalars(
        select(Source).where(Source.id == source_id, visible_clause(Source, viewer.audience))
    ).first()
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    text = source.text
    cited: list[Citation] = []
    links = session.scalars(
        select(RecordSource)
        .where(RecordSource.source_id == source_id)
        .order_by(RecordSource.span_start, RecordSource.id)
    ).all()
    events = _visible_by_id(session, viewer, Event, links, "events")
    agreements = _visible_by_id(session, viewer, Agreement, links, "agreements")
    for link in links:
        passage = _passage(text, link.span_start, link.span_end)
        if link.record_kind == "events" and link.record_id in events:
            event = events[link.record_id]
            cited.append(Citation("event", _event_label(event), f"/events/{event.id}", passage))
        elif link.record_kind == "agreements" and link.record_id in agreements:
            agreement = agreements[link.record_id]
            cited.append(
                Citation("agreement", agreement.name, f"/agreements/{agreement.id}", passage)
            )
    for statement in session.scalars(
        select(Statement)
        .where(Statement.source_id == source_id, visible_clause(Statement, viewer.audience))
        .order_by(Statement.date, Statement.id)
    ):
        label = f"{statement.speaker_name}: {statement.words[:120]}"
        passage = _passage(text, statement.span_start, statement.span_end)
        cited.append(Citation("statement", label, None, passage))
    for claim in session.scalars(
        select(Claim)
        .where(Claim.source_id == source_id, visible_clause(Claim, viewer.audience))
        .order_by(Claim.made_on, Claim.id)
    ):
        who = claim.claimant_name or "someone"
        label = f"{who} {claim.stance} {claim.attribute}: {claim.value}"
        passage = _passage(text, claim.span_start, claim.span_end)
        cited.append(Citation("claim", label, f"/events/{claim.event_id}", passage))
    view = {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "kind": source.kind,
        "language": source.language,
        "reliability": source.reliability,
        "classification": source.classification,
        "sha256": source.sha256,
        "notes": source.notes,
        "text": text,
        "version": source.version,
    }
    return SourcePage(view, cited)


def grade(
    session: Session, viewer: Principal, source_id: int, reliability: str, *, version: int | None
) -> None:
    """Set a source's reliability grade (Admiralty A–F; empty: ungraded), audited."""
    wanted = reliability.strip().upper() or None
    if wanted is not None and wanted not in vocab.RELIABILITY_GRADES:
        raise InvalidInput(
            f"reliability {reliability!r}: use one of {', '.join(vocab.RELIABILITY_GRADES)}, "
            "or leave it empty",
            detail={"field": "reliability"},
        )
    source_page(session, viewer, source_id)  # a hidden source is missing for this viewer
    records.update_record(
        session,
        "sources",
        source_id,
        {"reliability": wanted},
        actor=viewer.audit_name,
        expected_version=version,
    )
