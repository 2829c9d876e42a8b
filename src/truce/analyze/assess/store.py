"""Competing hypotheses on stored claims: load, analyse, review, and save as an Assessment.

``assess_event(engine, event)`` reads the event's claims about one attribute with their sources'
reliability grades, resolves actor-valued claims through the actor registry (aliases included),
marks the claims of interested parties (``truce.analyze.assess.parties``: the accused and their
allies, from the registry's parents, offices and relationships), and returns an
:class:`AssessmentResult`; ``save_assessment`` stores it as an audited ``assessments`` record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.analyze.assess.ach import AchResult, ClaimInput, analyse, normalise_value
from truce.analyze.assess.export import matrix_dict, review_dict, scores_dict
from truce.analyze.assess.parties import (
    Accusation,
    Registry,
    Tie,
    accused,
    interested_parties,
    is_interested,
)
from truce.analyze.assess.review import Review, review
from truce.analyze.hypotheses import Hierarchy
from truce.errors import InvalidInput, NotFound
from truce.names import normalize_name
from truce.store import records
from truce.store.db import transaction
from truce.store.models import Claim, Event, Source
from truce.store.queries_evidence import (
    Visibility,
    actor_names_seen,
    actor_parents,
    actor_spellings,
    all_relationships,
    event_by_reference,
    event_claims,
    offices_in_organisations,
)
from truce.vocab import CLAIM_ATTRIBUTES

ACTOR_HIERARCHY = frozenset({"perpetrator", "responsibility"})  # ranked in the parent chains


@dataclass(frozen=True, slots=True)
class EventSummary:
    id: int
    date: date
    event_type: str
    sub_event_type: str | None
    location: str | None
    country: str | None
    external_id: str | None

    @property
    def label(self) -> str:
        kind = self.sub_event_type or self.event_type
        where = ", ".join(p for p in (self.location, self.country) if p)
        return f"{kind} at {where or 'an unknown place'} on {self.date.isoformat()}"


@dataclass(frozen=True)
class AssessmentResult:
    event: EventSummary
    ach: AchResult
    review: Review
    assessed_at: datetime
    record_id: int | None = None  # set once saved


def _event(session: Session, ref: str | int, visibility: Visibility | None) -> Event:
    text = str(ref).strip()
    found = event_by_reference(session, text, visibility)
    if found is None:
        raise NotFound(f"no event {text!r}: give an event id or its external id (truce events)")
    return found


def _canonical_names(session: Session, visibility: Visibility | None) -> dict[str, str]:
    """Every folded actor name and alias → the actor's canonical name (of the actors the
    reader may see: a hidden actor's name never becomes a hypothesis)."""
    names: dict[str, str] = {}
    for _, actor_name, alias in actor_spellings(session, visibility):
        names.setdefault(normalize_name(actor_name), actor_name)
        if alias:
            names.setdefault(normalize_name(alias), actor_name)
    return names


def _claims(
    session: Session, event_id: int, visibility: Visibility | None
) -> list[tuple[Claim, Source | None, str | None]]:
    # A source or claimant the reader may not see is withheld: joined as if absent.
    return event_claims(session, event_id, visibility)


def _pick_attribute(rows: list[tuple[Claim, Source | None, str | None]]) -> str:
    counts = Counter(claim.attribute for claim, _, _ in rows)
    if not counts:
        return "perpetrator"
    return max(CLAIM_ATTRIBUTES, key=lambda a: (counts[a], -CLAIM_ATTRIBUTES.index(a)))


def _registry(session: Session, visibility: Visibility | None) -> Registry:
    """The actor registry's parents, offices and relationships, by folded name — only between
    actors the reader may see, so a hidden alliance marks no claim."""
    names = {i: normalize_name(n) for i, n in actor_names_seen(session, visibility)}
    parent = {names[i]: names[p] for i, p in actor_parents(session) if i in names and p in names}
    ties = [
        Tie(names[r.subject_id], r.kind, names[r.object_id], r.start, r.end)
        for r in all_relationships(session)
        if r.subject_id in names and r.object_id in names
    ]
    offices: dict[str, list[Tie]] = {}
    for o in offices_in_organisations(session):
        if o.person_id in names and o.organisation_id in names:
            person = names[o.person_id]
            tie = Tie(person, "office", names[o.organisation_id], o.start, o.end)
            offices.setdefault(person, []).append(tie)
    return Registry(parent=parent, ties=ties, offices=offices)


def _value(claim: Claim, attribute: str, canonical: dict[str, str]) -> str:
    """The hypothesis a claim names; another attribute's unusable value only names nobody."""
    try:
        return normalise_value(claim.attribute, claim.value, canonical=canonical)
    except InvalidInput:
        if claim.attribute == attribute:
            raise
        return ""


def actor_hierarchy(registry: Registry, canonical: dict[str, str]) -> Hierarchy:
    """The registry's parent chains as a hypothesis hierarchy of canonical names (the Syrian Arab
    Air Force under the Government of Syria), for the actor-valued attributes."""
    shown = {normalize_name(name): name for name in canonical.values()}
    parent: dict[str, str | None] = {
        shown[child]: shown[above]
        for child, above in registry.parent.items()
        if child in shown and above in shown
    }
    return Hierarchy(parent=parent)


def _registered(name: str | None, canonical: dict[str, str]) -> str | None:
    """A claimant's canonical actor name when the registry knows the name or an alias of it."""
    if not name:
        return None
    return canonical.get(normalize_name(name), name)


def claim_inputs(
    rows: list[tuple[Claim, Source | None, str | None]],
    attribute: str,
    canonical: dict[str, str],
    *,
    registry: Registry | None = None,
    actor1: str | None = None,
    on: date | None = None,
) -> list[ClaimInput]:
    """The claims about ``attribute`` as ACH inputs; with a ``registry``, each marked interested
    or not and given its claimant's party (the accused come from every row)."""
    said = [
        Accusation(
            claimant=_registered(name or claim.claimant_name, canonical),
            attribute=claim.attribute,
            value=_value(claim, attribute, canonical),
            stance=claim.stance,
        )
        for claim, _, name in rows
    ]
    parties = set()
    if registry is not None:
        parties = interested_parties(registry, accused(said, actor1=actor1), on)
    inputs = []
    for (claim, source, actor_name), accusation in zip(rows, said, strict=True):
        if claim.attribute != attribute:
            continue
        claimant = actor_name or claim.claimant_name
        inputs.append(
            ClaimInput(
                id=claim.id,
                value=accusation.value,
                raw_value=claim.value,
                stance=claim.stance,
                claimant=claimant,
                source_id=claim.source_id if source else None,
                source_title=(source.title or source.publisher) if source else None,
                source_url=source.url if source else None,
                reliability=source.reliability if source else None,
                credibility=claim.credibility,
                made_on=claim.made_on,
                interested=registry is not None
                and is_interested(accusation, registry, parties, on),
                party=registry.party(accusation.claimant, on)
                if registry is not None and accusation.claimant
                else None,
            )
        )
    return inputs


def assess_event(
    engine: Engine,
    event: str | int,
    *,
    attribute: str | None = None,
    visibility: Visibility | None = None,
) -> AssessmentResult:
    """The competing-hypotheses assessment of one attribute of one event.

    ``attribute`` defaults to the one with the most claims; ``visibility`` narrows the claims
    and the event to what one user may read (e.g. ``lambda m: visible_clause(m, who.audience)``).
    """
    if attribute is not None and attribute not in CLAIM_ATTRIBUTES:
        raise InvalidInput(f"--attribute {attribute!r}: use one of {', '.join(CLAIM_ATTRIBUTES)}")
    with transaction(engine) as session:
        found = _event(session, event, visibility)
        rows = _claims(session, found.id, visibility)
        chosen = attribute or _pick_attribute(rows)
        canonical = _canonical_names(session, visibility)
        registry = _registry(session, visibility)
        inputs = claim_inputs(
            rows, chosen, canonical, registry=registry, actor1=found.actor1, on=found.event_date
        )
        tree = actor_hierarchy(registry, canonical) if chosen in ACTOR_HIERARCHY else None
        summary = EventSummary(
            id=found.id,
            date=found.event_date,
            event_type=found.event_type,
            sub_event_type=found.sub_event_type,
            location=found.location,
            country=found.country,
            external_id=found.external_id,
        )
    ach = analyse(chosen, inputs, hierarchy=tree)
    return AssessmentResult(
        event=summary, ach=ach, review=review(ach), assessed_at=datetime.now(UTC)
    )


def stored_values(result: AssessmentResult, *, who: str) -> dict[str, Any]:
    """The ``assessments`` record's fields for one result."""
    return {
        "event_id": result.event.id,
        "attribute": result.ach.attribute,
        "hypotheses": list(result.ach.hypotheses),
        "matrix": matrix_dict(result.ach),
        "scores": {**scores_dict(result.ach), **review_dict(result.review)},
        "conclusion": result.review.conclusion,
        "confidence": result.review.confidence.label,
        "assessed_by": who,
        "assessed_at": result.assessed_at,
    }


def save_assessment(engine: Engine, result: AssessmentResult, *, who: str) -> AssessmentResult:
    """Store the result as an ``assessments`` record (audited); returns it with its record id."""
    if not result.ach.rows:
        raise InvalidInput(
            f"event {result.event.id} has no {result.ach.attribute} claims: nothing to save"
        )
    with transaction(engine) as session:
        record = records.create(session, "assessments", stored_values(result, who=who), actor=who)
        record_id = record.id
    return AssessmentResult(
        event=result.event,
        ach=result.ach,
        review=result.review,
        assessed_at=result.assessed_at,
        record_id=record_id,
    )
