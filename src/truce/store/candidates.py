"""Extraction candidates in the store: ingest a text, list the review queue, accept or reject.

``ingest_text`` stores a Source (sha256, text, published) and one ``candidates`` row per
extracted item (payload = the contract item's JSON, span, confidence); the same text again is
a no-op. ``accept_candidate`` creates the record (event, statement, claim, agreement) through
``records.create`` (audited), links it to its source and span, and marks the candidate accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from truce.errors import Conflict, InvalidInput
from truce.store import audit, records
from truce.store.candidate_edits import candidate_matches, pending
from truce.store.db import transaction
from truce.store.models import (
    Actor,
    AgreementActor,
    Candidate,
    Office,
    Record,
    RecordSource,
    Source,
    utcnow,
)

if TYPE_CHECKING:
    from truce.extract.gazetteer import Gazetteer
    from truce.extract.registry import ActorEntry, Registry

ITEM_KINDS = (("events", "event"), ("statements", "statement"), ("claims", "claim"),
              ("agreements", "agreement"), ("quantities", "quantity"))  # fmt: skip
RECORD_KIND = {
    "event": "events",
    "statement": "statements",
    "claim": "claims",
    "agreement": "agreements",
}
ACLED_PRECISION = {"day": 1, "week": 2, "month": 3}


@dataclass(frozen=True)
class IngestResult:
    source_id: int
    created: bool
    candidates: int
    dated: bool = False  # an undated stored source was given its publication date


def registry_entries(engine: Engine) -> list[ActorEntry]:
    """Every live actor of the store as a registry entry (aliases and offices included)."""
    from truce.extract.registry import ActorEntry, OfficeTerm

    with transaction(engine) as session:
        actors = session.scalars(select(Actor).where(Actor.deleted_at.is_(None))).all()
        names = {a.id: a.name for a in actors}
        return [
            ActorEntry(
                name=a.name, kind=a.kind, country=a.country,
                aliases=tuple(alias.alias for alias in a.aliases),
                offices=tuple(_office(o, names, OfficeTerm) for o in a.offices),
                designated=any("terror" in d.designation for d in a.designations),
                parent=names.get(a.parent_id) if a.parent_id else None,
            )
            for a in actors
        ]  # fmt: skip


def _office(office: Office, names: dict[int, str], term: Any) -> Any:
    org = names.get(office.organisation_id) if office.organisation_id else None
    return term(title=office.title, organisation=org, start=office.start, end=office.end)


def ingest_text(
    engine: Engine, text: str, *, published: date | None, title: str | None = None,
    url: str | None = None, actor: str, registry: Registry, gazetteer: Gazetteer,
) -> IngestResult:  # fmt: skip
    """Store ``text`` as a source with its candidates; the same text again changes nothing."""
    from truce.extract import extract

    result = extract(text, published=published, registry=registry, gazetteer=gazetteer)
    doc = result.to_json()
    sha = doc["document"]["sha256"]
    with transaction(engine) as session:
        existing = session.scalar(select(Source).where(Source.sha256 == sha))
        if existing is not None:
            count = len(
                session.scalars(
                    select(Candidate.id).where(Candidate.source_id == existing.id)
                ).all()
            )
            dated = existing.published is None and published is not None
            if dated:
                records.update_record(
                    session, "sources", existing.id, {"published": published}, actor=actor
                )
            return IngestResult(existing.id, False, count, dated)
        values = {"kind": "news", "title": title, "url": url, "published": published,
                  "sha256": sha, "text": text, "language": "en"}  # fmt: skip
        source = records.create(session, "sources", values, actor=actor)
        count = 0
        for key, kind in ITEM_KINDS:
            for item in doc[key]:
                span = item.get("span") or [None, None]
                row = {"source_id": source.id, "kind": kind, "payload": item,
                       "span_start": span[0], "span_end": span[1], "status": "pending",
                       "confidence": item.get("confidence"), "made_on": published}  # fmt: skip
                records.create(session, "candidates", row, actor=actor)
                count += 1
        return IngestResult(source.id, True, count)


def list_candidates(
    session: Session, *, status: str | None = "pending", kind: str | None = None,
    source_id: int | None = None, limit: int = 50, offset: int = 0,
) -> list[Candidate]:  # fmt: skip
    """The review queue, oldest first."""
    query = select(Candidate).where(Candidate.deleted_at.is_(None))
    if status:
        query = query.where(Candidate.status == status)
    if kind:
        query = query.where(Candidate.kind == kind)
    if source_id is not None:
        query = query.where(Candidate.source_id == source_id)
    query = query.order_by(Candidate.source_id, Candidate.span_start, Candidate.id)
    return list(session.scalars(query.limit(limit).offset(offset)).all())


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


def _event_values(session: Session, candidate: Candidate, source: Source) -> dict[str, Any]:
    payload: dict[str, Any] = candidate.payload
    day, precision = _date(payload.get("date"))
    day = day or source.published
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
    from truce.extract import load_gazetteer

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
