"""Everything the incident page shows about one event, as the viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.errors import NotFound
from truce.store.models import (
    Actor,
    Agreement,
    Assessment,
    Claim,
    Event,
    EventViolation,
    Place,
    RecordSource,
    Source,
)
from truce.store.serialize import to_dict
from truce.store.visibility import names_seen, visible_clause, withhold_links


@dataclass
class Incident:
    event: dict[str, Any]
    sources: list[dict[str, Any]]
    claims: list[dict[str, Any]]  # oldest first: how the account changed
    violations: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    place: dict[str, Any] | None = None  # the gazetteer entry, with its other spellings

    @property
    def attributes(self) -> list[str]:
        """Claimed attributes, most claimed first (the hypotheses the page can assess)."""
        counts: dict[str, int] = {}
        for claim in self.claims:
            counts[claim["attribute"]] = counts.get(claim["attribute"], 0) + 1
        return sorted(counts, key=lambda a: (-counts[a], a))


def _sources(session: Session, viewer: Principal, ids: set[int]) -> dict[int, Source]:
    if not ids:
        return {}
    query = select(Source).where(Source.id.in_(ids), visible_clause(Source, viewer.audience))
    return {s.id: s for s in session.scalars(query)}


def _source_view(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "kind": source.kind,
        "url": source.url,
        "reliability": source.reliability,
        "classification": source.classification,
    }


def incident(session: Session, viewer: Principal, event_id: int) -> Incident:
    """The event ``event_id`` with its sources, claims, violations and assessments.

    Raises NotFound when the event does not exist, is deleted, or is hidden from ``viewer``
    (a hidden record and a missing one look the same).
    """
    event = session.scalars(
        select(Event).where(Event.id == event_id, visible_clause(Event, viewer.audience))
    ).first()
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    claims = session.scalars(
        select(Claim).where(Claim.event_id == event_id, visible_clause(Claim, viewer.audience))
    ).all()
    claims = sorted(claims, key=lambda c: (c.made_on is None, c.made_on, c.id))
    links = session.scalars(
        select(RecordSource.source_id).where(
            RecordSource.record_kind == "events", RecordSource.record_id == event_id
        )
    ).all()
    wanted = set(links) | {c.source_id for c in claims if c.source_id}
    violations = session.execute(
        select(EventViolation, Agreement)
        .join(Agreement, Agreement.id == EventViolation.agreement_id)
        .where(EventViolation.event_id == event_id)
        .where(
            visible_clause(EventViolation, viewer.audience),
            visible_clause(Agreement, viewer.audience),
        )
        .order_by(EventViolation.alleged_on, EventViolation.id)
    ).all()
    wanted |= {v.source_id for v, _ in violations if v.source_id}
    sources = _sources(session, viewer, wanted)
    names = names_seen(
        session,
        Actor,
        {c.claimant_id for c in claims} | {v.alleged_by_id for v, _ in violations},
        viewer.audience,
    )
    assessments = session.scalars(
        select(Assessment)
        .where(Assessment.event_id == event_id, visible_clause(Assessment, viewer.audience))
        .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    ).all()
    return Incident(
        event=withhold_links(session, Event, [to_dict(event)], viewer.audience)[0],
        sources=[_source_view(sources[i]) for i in sorted(set(links) & set(sources))],
        claims=[_claim_view(c, names, sources) for c in claims],
        violations=[
            {
                "agreement_id": a.id,
                "agreement": a.name,
                "alleged_on": v.alleged_on,
                "alleged_by": names.get(v.alleged_by_id or 0),
                "notes": v.notes,
                "source": _source_view(sources[v.source_id]) if v.source_id in sources else None,
            }
            for v, a in violations
        ],
        assessments=[to_dict(a) for a in assessments],
        place=_place(session, viewer, event.place_id),
    )


def _place(session: Session, viewer: Principal, place_id: int | None) -> dict[str, Any] | None:
    if place_id is None:
        return None
    place = session.scalars(
        select(Place).where(Place.id == place_id, visible_clause(Place, viewer.audience))
    ).first()
    return None if place is None else to_dict(place)


def _claim_view(claim: Claim, names: dict[int, str], sources: dict[int, Source]) -> dict[str, Any]:
    source = sources.get(claim.source_id or 0)
    return {
        "id": claim.id,
        "claimant": names.get(claim.claimant_id or 0) or claim.claimant_name,
        "attribute": claim.attribute,
        "value": claim.value,
        "stance": claim.stance,
        "made_on": claim.made_on,
        "credibility": claim.credibility,
        "notes": claim.notes,
        "source": _source_view(source) if source is not None else None,
    }
