"""Reading the agreement registry as a reader may see it: a filtered selection (its page, count
and signing days), its facets and mediators, the national ceasefire a count of local truces
runs from, and one agreement's parties and alleged violations.

Every function takes the reader's :class:`~truce.store.visibility.Audience`; a mediator, party
or alleging actor they may not see is withheld by name (:data:`~truce.store.visibility.WITHHELD`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from truce.store.models import Actor, Agreement, AgreementActor, Event, EventViolation
from truce.store.visibility import Audience, shown, visible_clause


@dataclass(frozen=True)
class AgreementFilter:
    kind: str | None = None
    scope: str | None = None
    status: str | None = None
    mediator: int | None = None  # an actor id
    q: str | None = None  # words in the name or the place

    def active(self) -> bool:
        return any(
            v not in (None, "") for v in (self.kind, self.scope, self.status, self.mediator, self.q)
        )


EVERY_AGREEMENT = AgreementFilter()


def _where(audience: Audience, wanted: AgreementFilter) -> ColumnElement[bool]:
    clauses: list[Any] = [visible_clause(Agreement, audience)]
    for column, value in (
        (Agreement.kind, wanted.kind),
        (Agreement.scope, wanted.scope),
        (Agreement.status, wanted.status),
    ):
        if value:
            clauses.append(column == value)
    if wanted.mediator:
        clauses.append(
            Agreement.id.in_(
                select(AgreementActor.agreement_id)
                .join(Actor, Actor.id == AgreementActor.actor_id)
                .where(
                    AgreementActor.role == "mediator",
                    AgreementActor.actor_id == wanted.mediator,
                    # a mediator the reader may not see matches nothing, like a missing id
                    visible_clause(Actor, audience),
                )
            )
        )
    if wanted.q:
        pattern = f"%{wanted.q.strip()}%"
        clauses.append(Agreement.name.ilike(pattern) | Agreement.location.ilike(pattern))
    return and_(*clauses)


def signed_days(
    session: Session, audience: Audience, wanted: AgreementFilter = EVERY_AGREEMENT
) -> list[date]:
    """The signing day of every agreement selected that has one."""
    query = select(Agreement.signed).where(_where(audience, wanted))
    return [day for day in session.scalars(query) if day is not None]


def count_agreements(session: Session, audience: Audience, wanted: AgreementFilter) -> int:
    query = select(func.count()).select_from(Agreement).where(_where(audience, wanted))
    return int(session.scalar(query) or 0)


def agreements_page(
    session: Session, audience: Audience, wanted: AgreementFilter, *, limit: int, offset: int
) -> list[Agreement]:
    """One page of the agreements selected, latest signed first."""
    query = (
        select(Agreement)
        .where(_where(audience, wanted))
        .order_by(Agreement.signed.desc(), Agreement.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def mediator_names(session: Session, ids: list[int], audience: Audience) -> dict[int, list[str]]:
    """The mediators' names of each of the agreements ``ids``."""
    names: dict[int, list[str]] = {}
    if not ids:
        return names
    query = (
        select(AgreementActor.agreement_id, shown(Actor, Actor.name, audience))
        .join(Actor, Actor.id == AgreementActor.actor_id)
        .where(AgreementActor.role == "mediator", AgreementActor.agreement_id.in_(ids))
    )
    for agreement_id, name in session.execute(query):
        names.setdefault(agreement_id, []).append(name)
    return names


def facet(session: Session, audience: Audience, column: str) -> list[str]:
    """The values of ``column`` (``kind``, ``scope``, ``status``) among the agreements seen."""
    query = select(getattr(Agreement, column)).where(visible_clause(Agreement, audience))
    return sorted({value for value in session.scalars(query) if value})


def mediators(session: Session, audience: Audience) -> list[tuple[int, str]]:
    """(id, name) of every actor seen that mediates some agreement, by name."""
    query = (
        select(Actor.id, Actor.name)
        .where(
            Actor.id.in_(select(AgreementActor.actor_id).where(AgreementActor.role == "mediator")),
            visible_clause(Actor, audience),
        )
        .order_by(Actor.name)
    )
    return [(actor_id, name) for actor_id, name in session.execute(query)]


def national_ceasefire_start(session: Session, audience: Audience, before: date) -> date | None:
    """When the latest national ceasefire in effect by ``before`` took effect."""
    query = (
        select(Agreement.effective_from)
        .where(visible_clause(Agreement, audience), Agreement.scope == "national")
        .where(Agreement.kind == "ceasefire", Agreement.effective_from.is_not(None))
        .where(Agreement.effective_from <= before)
        .order_by(Agreement.effective_from.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def agreement_parties(
    session: Session, agreement_id: int, audience: Audience
) -> list[tuple[str, int | None, str]]:
    """(role, actor id, name) of everyone the agreement names, by name; an actor the reader
    may not see has no id and a withheld name."""
    query = (
        select(
            AgreementActor.role,
            shown(Actor, Actor.id, audience, withheld=None),
            shown(Actor, Actor.name, audience),
        )
        .join(Actor, Actor.id == AgreementActor.actor_id)
        .where(AgreementActor.agreement_id == agreement_id)
        .order_by(Actor.name)
    )
    return [(role, actor_id, name) for role, actor_id, name in session.execute(query)]


def agreement_violations(
    session: Session, agreement_id: int, audience: Audience
) -> list[tuple[EventViolation, Event]]:
    """The alleged violations of the agreement the reader may see, with their events, oldest
    event first."""
    query = (
        select(EventViolation, Event)
        .join(Event, Event.id == EventViolation.event_id)
        .where(EventViolation.agreement_id == agreement_id)
        .where(visible_clause(EventViolation, audience), visible_clause(Event, audience))
        .order_by(Event.event_date)
    )
    return [(violation, event) for violation, event in session.execute(query)]


def violation_days(session: Session, audience: Audience) -> list[date]:
    """The event day of every alleged violation the reader may see (of an event they see)."""
    query = (
        select(Event.event_date)
        .join(EventViolation, EventViolation.event_id == Event.id)
        .where(visible_clause(EventViolation, audience), visible_clause(Event, audience))
    )
    return list(session.scalars(query))
