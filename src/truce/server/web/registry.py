"""The agreement registry as the web shows it: a filtered table, counts, rate and cumulative curve.

Counts follow the mediators' convention: agreements signed since the latest national ceasefire
took effect (or since the first agreement shown, when there is none), divided by the days from
that date to the latest agreement shown, both days counted (as ``truce stats`` counts them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.errors import NotFound
from truce.stats import rate_text
from truce.store.models import Actor, Agreement, AgreementActor, Event, EventViolation
from truce.store.serialize import to_dict
from truce.store.visibility import Audience, names_seen, shown, visible_clause


@dataclass(frozen=True)
class AgreementFilter:
    kind: str | None = None
    scope: str | None = None
    status: str | None = None
    mediator: int | None = None
    q: str | None = None

    def active(self) -> bool:
        return any(
            v not in (None, "") for v in (self.kind, self.scope, self.status, self.mediator, self.q)
        )


@dataclass(frozen=True)
class Rate:
    count: int
    since: date | None
    until: date | None
    per_day: float | None

    @property
    def text(self) -> str:
        if not self.count or self.since is None:
            return f"{self.count} agreements"
        rate = f", {rate_text(self.per_day)}" if self.per_day is not None else ""
        return f"{self.count} since {self.since.day} {self.since:%b %Y}{rate}"


@dataclass
class Registry:
    rows: list[dict[str, Any]]
    total: int
    rate: Rate
    cumulative: list[tuple[str, int]]
    kinds: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    mediators: list[tuple[int, str]] = field(default_factory=list)


def _mediators(session: Session, ids: list[int], audience: Audience) -> dict[int, list[str]]:
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


def cumulative(days: list[date]) -> list[tuple[str, int]]:
    """(day, running total) for each day on which the total changes."""
    counts = Counter(days)
    total = 0
    series = []
    for day in sorted(counts):
        total += counts[day]
        series.append((day.isoformat(), total))
    return series


def rate_since_ceasefire(session: Session, viewer: Principal, days: list[date]) -> Rate:
    if not days:
        return Rate(0, None, None, None)
    first, last = min(days), max(days)
    national = session.scalars(
        select(Agreement.effective_from)
        .where(visible_clause(Agreement, viewer.audience), Agreement.scope == "national")
        .where(Agreement.kind == "ceasefire", Agreement.effective_from.is_not(None))
        .where(Agreement.effective_from <= first)
        .order_by(Agreement.effective_from.desc())
        .limit(1)
    ).first()
    since = national or first
    span = (last - since).days + 1  # both ends counted, as `truce stats` does
    return Rate(len(days), since, last, len(days) / span)


def _where(viewer: Principal, wanted: AgreementFilter) -> list[Any]:
    clauses: list[Any] = [visible_clause(Agreement, viewer.audience)]
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
                    # a mediator the viewer may not see matches nothing, like a missing id
                    visible_clause(Actor, viewer.audience),
                )
            )
        )
    if wanted.q:
        pattern = f"%{wanted.q.strip()}%"
        clauses.append(Agreement.name.ilike(pattern) | Agreement.location.ilike(pattern))
    return clauses


def registry(
    session: Session,
    viewer: Principal,
    wanted: AgreementFilter,
    *,
    limit: int = 200,
    offset: int = 0,
) -> Registry:
    """One page of the agreements ``viewer`` may see, with the whole selection's figures."""
    where = and_(*_where(viewer, wanted))
    signed = [d for d in session.scalars(select(Agreement.signed).where(where)) if d is not None]
    total = session.query(Agreement).filter(where).count()
    page = session.scalars(
        select(Agreement)
        .where(where)
        .order_by(Agreement.signed.desc(), Agreement.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    mediators = _mediators(session, [a.id for a in page], viewer.audience)
    rows = [to_dict(a) | {"mediators": mediators.get(a.id, [])} for a in page]
    everything = visible_clause(Agreement, viewer.audience)

    def facet(column: Any) -> list[str]:
        return sorted({v for v in session.scalars(select(column).where(everything)) if v})

    mediator_rows = session.execute(
        select(Actor.id, Actor.name)
        .where(
            Actor.id.in_(select(AgreementActor.actor_id).where(AgreementActor.role == "mediator")),
            visible_clause(Actor, viewer.audience),
        )
        .order_by(Actor.name)
    ).all()
    return Registry(
        rows=rows,
        total=total,
        rate=rate_since_ceasefire(session, viewer, signed),
        cumulative=cumulative(signed),
        kinds=facet(Agreement.kind),
        scopes=facet(Agreement.scope),
        statuses=facet(Agreement.status),
        mediators=[(i, n) for i, n in mediator_rows],
    )


@dataclass
class AgreementPage:
    agreement: dict[str, Any]
    actors: dict[str, list[tuple[int, str]]]
    violations: list[dict[str, Any]]


def agreement_page(session: Session, viewer: Principal, agreement_id: int) -> AgreementPage:
    agreement = session.scalars(
        select(Agreement).where(
            Agreement.id == agreement_id, visible_clause(Agreement, viewer.audience)
        )
    ).first()
    if agreement is None:
        raise NotFound(f"no agreement with id {agreement_id}")
    actors: dict[str, list[tuple[int, str]]] = {}
    query = (
        select(
            AgreementActor.role,
            shown(Actor, Actor.id, viewer.audience, withheld=None),
            shown(Actor, Actor.name, viewer.audience),
        )
        .join(Actor, Actor.id == AgreementActor.actor_id)
        .where(AgreementActor.agreement_id == agreement_id)
        .order_by(Actor.name)
    )
    for role, actor_id, name in session.execute(query):
        actors.setdefault(role, []).append((actor_id, name))
    violations = []
    query2 = (
        select(EventViolation, Event)
        .join(Event, Event.id == EventViolation.event_id)
        .where(EventViolation.agreement_id == agreement_id)
        .where(
            visible_clause(EventViolation, viewer.audience), visible_clause(Event, viewer.audience)
        )
        .order_by(Event.event_date)
    )
    rows = session.execute(query2).all()
    names = names_seen(session, Actor, (v.alleged_by_id for v, _ in rows), viewer.audience)
    for violation, event in rows:
        violations.append(
            {
                "event_id": event.id,
                "event_date": event.event_date,
                "event_type": event.event_type,
                "location": event.location,
                "alleged_by": names.get(violation.alleged_by_id or 0),
                "alleged_on": violation.alleged_on,
                "notes": violation.notes,
            }
        )
    return AgreementPage(to_dict(agreement), actors, violations)
