"""Extraction candidates in the store: store a report's, list the review queue, accept or reject.

``store_reports`` stores Sources (sha256, text, published) and one ``candidates`` row per
extracted item (payload = the contract item's JSON, span, confidence), written in batches
(:func:`truce.services.ingest.ingest_text` is the use case that calls it).
``accept_candidate`` creates the record (event, statement, claim, agreement) through
``records.create`` (audited), links it to its source and span, and marks the candidate accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.errors import Conflict, InvalidInput
from truce.extract import load_gazetteer
from truce.store import audit, records
from truce.store.candidate_edits import candidate_matches, pending
from truce.store.models import (
    Actor,
    AgreementActor,
    Candidate,
    Record,
    RecordSource,
    Source,
    utcnow,
)

ITEM_KINDS = (("events", "event"), ("statements", "statement"), ("claims", "claim"),
              ("agreements", "agreement"), ("quantities", "quantity"))  # fmt: skip
RECORD_KIND = {
    "event": "events",
    "statement": "statements",
    "claim": "claims",
    "agreement": "agreements",
}
ACLED_PRECISION = {"day": 1, "week": 2, "month": 3}


def stored_source(session: Session, sha256: str) -> tuple[Source, int] | None:
    """The source whose text has this hash, with its number of candidates; None if new."""
    source = session.scalar(select(Source).where(Source.sha256 == sha256))
    if source is None:
        return None
    count = session.scalar(
        select(func.count()).select_from(Candidate).where(Candidate.source_id == source.id)
    )
    return source, int(count or 0)


def stored_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    """Those of ``hashes`` that a stored source's text has."""
    found: set[str] = set()
    for start in range(0, len(hashes), 500):
        part = hashes[start : start + 500]
        found.update(session.scalars(select(Source.sha256).where(Source.sha256.in_(part))))
    return found


def store_reports(
    session: Session, reports: Sequence[tuple[dict[str, Any], dict[str, Any]]], *, actor: str
) -> list[tuple[int, int]]:
    """Store each report — its extraction (``doc``, the contract JSON) and its source's values
    (text, title, url, published) — as a source with one pending candidate per extracted item:
    the sources in one batch, then all their candidates in one. Each source's id and its number
    of candidates, in order."""
    values = [{"kind": "news", "language": "en", **source} for _, source in reports]
    source_ids = records.create_many(session, "sources", values, actor=actor)
    rows: list[dict[str, Any]] = []
    made: list[tuple[int, int]] = []
    for source_id, source, (doc, _) in zip(source_ids, values, reports, strict=True):
        before = len(rows)
        for key, kind in ITEM_KINDS:
            for item in doc[key]:
                span = item.get("span") or [None, None]
                rows.append({"source_id": source_id, "kind": kind, "payload": item,
                             "span_start": span[0], "span_end": span[1], "status": "pending",
                             "confidence": item.get("confidence"),
                             "made_on": source.get("published")})  # fmt: skip
        made.append((source_id, len(rows) - before))
    records.create_many(session, "candidates", rows, actor=actor)
    return made


def _queue_where(status: str | None, kind: str | None, source_id: int | None) -> list[Any]:
    where: list[Any] = [Candidate.deleted_at.is_(None)]
    if status:
        where.append(Candidate.status == status)
    if kind:
        where.append(Candidate.kind == kind)
    if source_id is not None:
        where.append(Candidate.source_id == source_id)
    return where


def list_candidates(
    session: Session, *, status: str | None = "pending", kind: str | None = None,
    source_id: int | None = None, limit: int = 50, offset: int = 0,
) -> list[Candidate]:  # fmt: skip
    """The review queue, oldest first."""
    query = select(Candidate).where(*_queue_where(status, kind, source_id))
    query = query.order_by(Candidate.source_id, Candidate.span_start, Candidate.id)
    return list(session.scalars(query.limit(limit).offset(offset)).all())


def count_candidates(
    session: Session, *, status: str | None = "pending", kind: str | None = None,
    source_id: int | None = None,
) -> int:  # fmt: skip
    """How many candidates :func:`list_candidates` would list without a limit."""
    query = select(func.count(Candidate.id)).where(*_queue_where(status, kind, source_id))
    return int(session.scalar(query) or 0)


def _actor_id(session: Session, ref: Any) -> int | None:
    if not isinstance(ref, dict) or not ref.get("canonical"):
        return None
    return session.scalar(select(Actor.id).where(Actor.name == ref["canonical"]))


def _name(ref: Any) -> str | None:
    if not isinstance(ref, dict):
        return None
    return str(ref.get("canonical") or ref.get("name"))


def _date(value: Any) -> tuple[date | None, str]:
    if not isinstance(value, dict):
        return None, "day"
    return date.fromisoformat(value["start"]), str(value["precision"])


def event_day(payload: dict[str, Any], published: date | None) -> date | None:
    """An event candidate's day: its own date, else its source's publication date. With
    neither it cannot be accepted (the CLI's hints and the review page say so)."""
    return _date(payload.get("date"))[0] or published


def _event_values(session: Session, candidate: Candidate, source: Source) -> dict[str, Any]:
    payload: dict[str, Any] = candidate.payload
    precision = _date(payload.get("date"))[1]
    day = event_day(payload, source.published)
    if day is None:
        raise InvalidInput(
            f"candidate {candidate.id}: the event has no date and its source no publication "
            "date: give it a date first (the review page's date field, "
            f"PATCH /api/v1/candidates/{candidate.id}, or "
            f"`truce review edit {candidate.id} --date YYYY-MM-DD`)",
            detail={"field": "date"},
        )
    place = payload.get("place") or {}
    fatalities = payload.get("fatalities") or {}
    return {
        "event_date": day, "year": day.year, "date_precision": precision,
        "time_precision": ACLED_PRECISION.get(precision, 3),
        # a verbal PLOVER event (no ACLED type) is kept as ACLED's residual category
        "event_type": payload["event_type"] or "Strategic developments",
        "sub_event_type": payload.get("sub_event_type")
        or ("Other" if not payload["event_type"] else None),
        "actor1": _name(payload.get("actor1")), "actor2": _name(payload.get("actor2")),
        "actor1_id": _actor_id(session, payload.get("actor1")),
        "actor2_id": _actor_id(session, payload.get("actor2")),
        "location": place.get("canonical") or place.get("name"),
        "latitude": place.get("lat"), "longitude": place.get("lon"),
        "fatalities": fatalities.get("best"), "fatalities_low": fatalities.get("low"),
        "fatalities_high": fatalities.get("high"),
        "plover_type": payload["plover"]["type"], "plover_mode": payload["plover"].get("mode"),
        "cameo": payload.get("cameo"), "notes": payload.get("text"), "source": source.title,
        "status": "accepted", "dataset": "truce",
    }  # fmt: skip


def _statement_values(session: Session, payload: dict[str, Any], source: Source) -> dict[str, Any]:
    day, precision = _date(payload.get("date"))
    return {
        "speaker_name": _name(payload["speaker"]), "speaker_id": _actor_id(session, payload["speaker"]),  # noqa: E501
        "reported_by_id": _actor_id(session, payload.get("reported_by")),
        "date": day, "date_precision": precision, "venue": payload.get("venue"),
        "words": payload["words"], "direct": bool(payload["direct"]), "source_id": source.id,
        "span_start": payload["span"][0], "span_end": payload["span"][1],
    }  # fmt: skip


def _claim_event(session: Session, candidate: Candidate, event_id: int | None) -> int:
    if event_id is not None:
        records.get(session, "events", event_id)
        return event_id
    wanted = candidate.payload.get("event")
    for other in list_candidates(
        session, status="accepted", kind="event", source_id=candidate.source_id, limit=10000
    ):
        if other.payload.get("id") == wanted and other.record_id is not None:
            return other.record_id
    raise Conflict(
        f"claim candidate {candidate.id} is about event {wanted!r}, which is not accepted yet: "
        "accept that event first, or pass the event to attach it to (--event ID)"
    )


def _claim_values(
    session: Session, candidate: Candidate, source: Source, event_id: int | None
) -> dict[str, Any]:
    payload = candidate.payload
    return {
        "event_id": _claim_event(session, candidate, event_id),
        "claimant_id": _actor_id(session, payload.get("claimant")),
        "claimant_name": _name(payload.get("claimant")), "attribute": payload["attribute"],
        "value": payload["value"], "stance": payload["stance"], "made_on": source.published,
        "source_id": source.id, "span_start": candidate.span_start, "span_end": candidate.span_end,
    }  # fmt: skip


def _agreement_values(payload: dict[str, Any], source: Source) -> dict[str, Any]:
    day, _ = _date(payload.get("date"))
    place = payload.get("place") or {}
    where = place.get("canonical") or place.get("name")
    return {
        "name": f"{payload['kind']} ({where})" if where else str(payload["kind"]),
        "kind": payload["kind"], "scope": payload.get("scope") or "local",
        "location": where, "latitude": place.get("lat"), "longitude": place.get("lon"),
        "country": place.get("country"), "signed": day, "notes": f"from source {source.id}",
    }  # fmt: skip


def _agreement_actors(session: Session, payload: dict[str, Any], agreement_id: int) -> None:
    roles = [("party", p) for p in payload.get("parties") or []]
    roles += [("mediator", payload["mediator"])] if payload.get("mediator") else []
    for role, ref in roles:
        actor_id = _actor_id(session, ref)
        if actor_id is not None:
            session.add(AgreementActor(agreement_id=agreement_id, actor_id=actor_id, role=role))


class PossibleDuplicate(Conflict):
    """An event candidate matches existing events: merge into one, or create a new one anyway."""

    code = "possible-duplicate"


def accept_candidate(
    session: Session, candidate_id: int, *, actor: str, event_id: int | None = None,
    note: str | None = None, merge_into: int | None = None, create_new: bool = False,
) -> Candidate:  # fmt: skip
    """Create the candidate's record, link it to its source span, mark the candidate accepted.

    An event candidate that matches existing events (same day, type and place) is refused with
    :class:`PossibleDuplicate` unless ``merge_into`` names the event to add this source to, or
    ``create_new`` asks for a new event anyway."""
    candidate = pending(session, candidate_id)
    source = records.get(session, "sources", candidate.source_id)
    assert isinstance(source, Source)
    record: Record | None = None
    payload = candidate.payload
    if merge_into is not None:
        return _merge(session, candidate, source, merge_into, actor=actor, note=note)
    if candidate.kind == "event" and not create_new:
        _refuse_duplicate(session, candidate)
    if candidate.kind == "event":
        record = records.create(
            session, "events", _event_values(session, candidate, source), actor=actor
        )
    elif candidate.kind == "statement":
        record = records.create(
            session, "statements", _statement_values(session, payload, source), actor=actor
        )
    elif candidate.kind == "claim":
        record = records.create(
            session, "claims", _claim_values(session, candidate, source, event_id), actor=actor
        )
    elif candidate.kind == "agreement":
        record = records.create(
            session, "agreements", _agreement_values(payload, source), actor=actor
        )
        _agreement_actors(session, payload, record.id)
    kind = RECORD_KIND.get(candidate.kind)
    if record is not None and kind is not None:
        session.add(RecordSource(record_kind=kind, record_id=record.id, source_id=source.id,
                                 span_start=candidate.span_start, span_end=candidate.span_end))  # fmt: skip  # noqa: E501
    return _review(session, candidate, "accepted", actor=actor, note=note, kind=kind, record=record)


def _refuse_duplicate(session: Session, candidate: Candidate) -> None:
    found = candidate_matches(session, candidate, gazetteer=load_gazetteer())
    if found:
        ids = ", ".join(f"#{e.id}" for e in found)
        raise PossibleDuplicate(
            f"candidate {candidate.id} matches event {ids} (same day, type and place): merge it "
            f"into one (merge_into, --merge-into {found[0].id}) or create a new event anyway "
            "(create_new, --new)",
            detail={"matches": [e.id for e in found]},
        )


def _merge(session: Session, candidate: Candidate, source: Source, event_id: int, *, actor: str,
           note: str | None) -> Candidate:  # fmt: skip
    """Add the candidate's source (and span) to an existing event instead of a new one."""
    if candidate.kind != "event":
        raise InvalidInput(f"only event candidates merge into an event, not a {candidate.kind}")
    event = records.get(session, "events", event_id)
    linked = session.scalar(
        select(RecordSource.id).where(
            RecordSource.record_kind == "events", RecordSource.record_id == event.id,
            RecordSource.source_id == source.id,
        )
    )  # fmt: skip
    if linked is None:
        session.add(RecordSource(record_kind="events", record_id=event.id, source_id=source.id,
                                 span_start=candidate.span_start, span_end=candidate.span_end))  # fmt: skip  # noqa: E501
        audit.append(session, actor=actor, action="link-source", record_kind="events",
                     record_id=event.id, note=f"merged candidate {candidate.id}",
                     after={"source_id": source.id, "span_start": candidate.span_start,
                            "span_end": candidate.span_end})  # fmt: skip
    said = f"merged into event {event.id}" + (f": {note}" if note else "")
    return _review(session, candidate, "accepted", actor=actor, note=said, kind="events",
                   record=event)  # fmt: skip


def reject_candidate(
    session: Session, candidate_id: int, *, actor: str, note: str | None = None
) -> Candidate:
    """Mark a pending candidate rejected (it stays in the queue's history)."""
    candidate = pending(session, candidate_id)
    return _review(session, candidate, "rejected", actor=actor, note=note, kind=None, record=None)


def _review(session: Session, candidate: Candidate, status: str, *, actor: str, note: str | None,
            kind: str | None, record: Record | None) -> Candidate:  # fmt: skip
    values = {"status": status, "reviewed_by": actor, "reviewed_at": utcnow(), "review_note": note,
              "record_kind": kind if record is not None else None,
              "record_id": record.id if record is not None else None}  # fmt: skip
    updated = records.update_record(session, "candidates", candidate.id, values, actor=actor)
    assert isinstance(updated, Candidate)
    return updated


def candidate_ids(candidates: Sequence[Candidate]) -> list[int]:
    return [c.id for c in candidates]
