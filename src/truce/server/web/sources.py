"""The source page: what a source says, how reliable it is graded, and what rests on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truce import vocab
from truce.auth import Principal
from truce.errors import InvalidInput, NotFound
from truce.store import records
from truce.store.citations import claims_citing, records_citing, statements_citing
from truce.store.models import Agreement, Event, Source

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


def source_page(session: Session, viewer: Principal, source_id: int) -> SourcePage:
    """Source ``source_id`` and the records that cite it, as ``viewer`` may see them.

    Raises NotFound when the source is missing, deleted or hidden from ``viewer``."""
    seen = viewer.audience
    source = records.visible_by_id(session, Source, source_id, seen)
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    text = source.text
    cited: list[Citation] = []
    for link, record in records_citing(session, source_id, seen):
        passage = _passage(text, link.span_start, link.span_end)
        if isinstance(record, Event):
            cited.append(Citation("event", _event_label(record), f"/events/{record.id}", passage))
        elif isinstance(record, Agreement):
            cited.append(Citation("agreement", record.name, f"/agreements/{record.id}", passage))
    for statement in statements_citing(session, source_id, seen):
        label = f"{statement.speaker_name}: {statement.words[:120]}"
        passage = _passage(text, statement.span_start, statement.span_end)
        cited.append(Citation("statement", label, None, passage))
    for claim in claims_citing(session, source_id, seen):
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
