"""Everything the incident page shows about one event, as the viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.errors import NotFound
from truce.store import events
from truce.store.models import Actor, Claim, Event, Place, Source
from truce.store.records import visible_by_id, visible_by_ids
from truce.store.serialize import to_dict
from truce.store.visibility import names_seen, withhold_links


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
    seen = viewer.audience
    event = visible_by_id(session, Event, event_id, seen)
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    claims = events.event_claims(session, event_id, seen)
    claims = sorted(claims, key=lambda c: (c.made_on is None, c.made_on, c.id))
    links = events.event_source_ids(session, event_id, seen)
    violations = events.event_violations(session, event_id, seen)
    wanted = set(links) | {c.source_id for c in claims if c.source_id}
    wanted |= {v.source_id for v, _ in violations if v.source_id}
    sources: dict[int, Source] = visible_by_ids(session, Source, wanted, seen)
    names = names_seen(
        session,
        Actor,
        {c.claimant_id for c in claims} | {v.alleged_by_id for v, _ in violations},
        seen,
    )
    assessments = events.event_assessments(session, event_id, seen)
    return Incident(
        event=withhold_links(session, Event, [to_dict(event)], seen)[0],
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
    place = visible_by_id(session, Place, place_id, viewer.audience)
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
