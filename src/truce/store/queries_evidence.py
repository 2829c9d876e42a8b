"""Read queries behind assessment and verification: claims, statements and the actor registry.

Each takes the reader's :data:`Visibility` — the one visibility rule bound to their audience
(``lambda model: visible_clause(model, audience)``), or None for every live record — and applies
it to every table it reads: a claim, statement, source or actor the reader may not see is left
out, and a source or claimant they may not see is joined as if absent (withheld).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from truce.store.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    Office,
    Record,
    Relationship,
    Source,
    Statement,
)

Visibility = Callable[[type[Record]], ColumnElement[bool]]


def event_by_reference(session: Session, ref: str, visibility: Visibility | None) -> Event | None:
    """The live event whose id (all digits) or external id is ``ref``, if the reader sees it."""
    query = select(Event).where(Event.deleted_at.is_(None))
    if ref.isdecimal():
        query = query.where(Event.id == int(ref))
    else:
        query = query.where(Event.external_id == ref)
    if visibility is not None:
        query = query.where(visibility(Event))
    return session.scalars(query).first()


def actor_spellings(session: Session, visibility: Visibility | None) -> list[Any]:
    """(actor id, canonical name, alias or None) of every actor the reader may see, one row per
    alias (an actor without aliases has one row with None)."""
    query = (
        select(Actor.id, Actor.name, ActorAlias.alias)
        .join(ActorAlias, ActorAlias.actor_id == Actor.id, isouter=True)
        .where(Actor.deleted_at.is_(None) if visibility is None else visibility(Actor))
    )
    return list(session.execute(query))


def aliases_of(session: Session, actor_id: int) -> list[str]:
    """The actor's aliases as written."""
    query = select(ActorAlias.alias).where(ActorAlias.actor_id == actor_id)
    return list(session.scalars(query))


def event_claims(
    session: Session, event_id: int, visibility: Visibility | None
) -> list[tuple[Claim, Source | None, str | None]]:
    """(claim, its source, its claimant's actor name) of the event's live claims, in id order."""
    source_on = Source.id == Claim.source_id
    actor_on = Actor.id == Claim.claimant_id
    if visibility is not None:
        source_on, actor_on = and_(source_on, visibility(Source)), and_(actor_on, visibility(Actor))
    query = (
        select(Claim, Source, Actor.name)
        .select_from(Claim)
        .join(Source, source_on, isouter=True)
        .join(Actor, actor_on, isouter=True)
        .where(Claim.event_id == event_id, Claim.deleted_at.is_(None))
        .order_by(Claim.id)
    )
    if visibility is not None:
        query = query.where(visibility(Claim))
    return [(c, s, name) for c, s, name in session.execute(query)]


def actor_names_seen(session: Session, visibility: Visibility | None) -> list[tuple[int, str]]:
    """(id, name) of the live actors the reader may see."""
    query = select(Actor.id, Actor.name).where(Actor.deleted_at.is_(None))
    if visibility is not None:
        query = query.where(visibility(Actor))
    return [(int(i), str(name)) for i, name in session.execute(query)]


def actor_parents(session: Session) -> list[tuple[int, int | None]]:
    """(actor id, parent id or None) of every actor (the caller keeps the ones it may see)."""
    return [(int(i), p) for i, p in session.execute(select(Actor.id, Actor.parent_id))]


def all_relationships(session: Session) -> list[Relationship]:
    """Every relationship between actors (the caller keeps those between actors it may see)."""
    return list(session.scalars(select(Relationship)))


def offices_in_organisations(session: Session) -> list[Office]:
    """Every office held in a registered organisation (the caller filters by who it may see)."""
    return list(session.scalars(select(Office).where(Office.organisation_id.is_not(None))))


def speaker_statements(
    session: Session,
    *,
    spellings: Sequence[str],
    actor_id: int | None,
    window: tuple[date, date] | None,
    limit: int,
    visibility: Visibility | None,
) -> list[tuple[Statement, Source | None]]:
    """The live statements of one speaker (their ``speaker_name`` is one of ``spellings``, or
    their ``speaker_id`` is ``actor_id``), then up to ``limit`` by others, newest first and
    within ``window`` when given — each with its source, withheld if the reader may not see it.
    """
    source_on = Source.id == Statement.source_id
    if visibility is not None:
        source_on = and_(source_on, visibility(Source))
    base = (
        select(Statement, Source)
        .select_from(Statement)
        .join(Source, source_on, isouter=True)
        .where(Statement.deleted_at.is_(None))
    )
    if visibility is not None:
        base = base.where(visibility(Statement))
    conditions: list[ColumnElement[bool]] = [Statement.speaker_name.in_(spellings)]
    if actor_id is not None:
        conditions.append(Statement.speaker_id == actor_id)
    own = or_(*conditions)
    rows: list[tuple[Statement, Source | None]] = [
        (st, src) for st, src in session.execute(base.where(own))
    ]
    others = base.where(~own).order_by(Statement.date.desc(), Statement.id.desc())
    if window is not None:
        others = others.where(Statement.date >= window[0], Statement.date <= window[1])
    seen = {s.id for s, _ in rows}
    rows += [(st, src) for st, src in session.execute(others.limit(limit)) if st.id not in seen]
    return rows
