"""Read queries behind the daily report (``truce.report.daily``): one day's events, alleged
violations, agreements signed and statements, the day before's counts, and the national
ceasefire that local agreements are counted from.

Each takes an open session, the day and the reader's :class:`Audience`, and filters with the
one visibility rule (live records the audience may see; a linked record it may not see comes
back withheld). Rejected events are left out of the event figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store.models import Actor, Agreement, AgreementActor, Event, EventViolation, Statement
from truce.store.visibility import Audience, shown, visible_clause


def latest_event_day(session: Session, audience: Audience) -> date | None:
    """The most recent day with an event ``audience`` may see."""
    found: date | None = session.scalar(
        select(func.max(Event.event_date)).where(visible_clause(Event, audience))
    )
    return found


def events_on(session: Session, day: date, audience: Audience) -> list[Event]:
    """The day's events (not rejected), by type, place and id."""
    query = (
        select(Event)
        .where(visible_clause(Event, audience), Event.event_date == day)
        .where(Event.status != "rejected")
        .order_by(Event.event_type, Event.location, Event.id)
    )
    return list(session.scalars(query))


def count_events(session: Session, day: date, audience: Audience) -> tuple[int, int]:
    """How many events (not rejected) the day has, and their fatalities (best estimates)."""
    query = select(func.count(), func.coalesce(func.sum(Event.fatalities), 0)).where(
        visible_clause(Event, audience), Event.event_date == day, Event.status != "rejected"
    )
    count, deaths = session.execute(query).one()
    return int(count), int(deaths or 0)


def allegations_on(session: Session, day: date, audience: Audience) -> list[Any]:
    """The alleged violations of the day's events: rows of (violation, event, agreement id,
    agreement name or withheld), by event and id."""
    query = (
        select(EventViolation, Event, Agreement.id, shown(Agreement, Agreement.name, audience))
        .join(Event, Event.id == EventViolation.event_id)
        .join(Agreement, Agreement.id == EventViolation.agreement_id)
        .where(visible_clause(EventViolation, audience), visible_clause(Event, audience))
        .where(Event.event_date == day)
        .order_by(Event.id, EventViolation.id)
    )
    return list(session.execute(query).all())


def agreement_roles(
    session: Session, agreement_ids: Iterable[int]
) -> dict[tuple[int, int], list[str | None]]:
    """(agreement id, actor id) → the roles the actor has in the agreement (party, mediator…)."""
    ids = set(agreement_ids)
    roles: dict[tuple[int, int], list[str | None]] = {}
    if not ids:
        return roles
    query = select(AgreementActor.agreement_id, AgreementActor.actor_id, AgreementActor.role)
    for agreement_id, actor_id, role in session.execute(
        query.where(AgreementActor.agreement_id.in_(ids))
    ):
        roles.setdefault((agreement_id, actor_id), []).append(role)
    return roles


def count_allegations(session: Session, day: date, audience: Audience) -> int:
    """How many alleged violations the day's events have."""
    query = (
        select(func.count())
        .select_from(EventViolation)
        .join(Event, Event.id == EventViolation.event_id)
        .where(visible_clause(EventViolation, audience), visible_clause(Event, audience))
        .where(Event.event_date == day)
    )
    return int(session.scalar(query) or 0)


def agreements_signed(session: Session, day: date, audience: Audience) -> list[Agreement]:
    """The agreements signed on the day, by scope and name."""
    query = (
        select(Agreement)
        .where(visible_clause(Agreement, audience), Agreement.signed == day)
        .order_by(Agreement.scope, Agreement.name)
    )
    return list(session.scalars(query))


def mediator_names(
    session: Session, agreement_ids: Iterable[int], audience: Audience
) -> dict[int, list[str]]:
    """Agreement id → its mediators' names (withheld where ``audience`` may not see one)."""
    ids = list(agreement_ids)
    mediators: dict[int, list[str]] = {}
    if not ids:
        return mediators
    for agreement_id, name in session.execute(
        select(AgreementActor.agreement_id, shown(Actor, Actor.name, audience))
        .join(Actor, Actor.id == AgreementActor.actor_id)
        .where(AgreementActor.role == "mediator")
        .where(AgreementActor.agreement_id.in_(ids))
        .order_by(Actor.name)
    ):
        mediators.setdefault(agreement_id, []).append(name)
    return mediators


def count_agreements(session: Session, day: date, audience: Audience) -> int:
    """How many agreements were signed on the day."""
    query = select(func.count()).where(visible_clause(Agreement, audience), Agreement.signed == day)
    return int(session.scalar(query) or 0)


def national_baseline(
    session: Session, day: date, audience: Audience
) -> tuple[str | None, date | None]:
    """The name and start of the national ceasefire or truce in effect on ``day`` (the latest
    begun by then), else (None, None)."""
    start = func.coalesce(Agreement.effective_from, Agreement.signed)
    query = (
        select(Agreement.name, start)
        .where(visible_clause(Agreement, audience), Agreement.scope == "national")
        .where(Agreement.kind.in_(("ceasefire", "truce")), start <= day)
        .order_by(start.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else (None, None)


def local_agreements_to(
    session: Session, day: date, since: date | None, audience: Audience
) -> tuple[int, date | None]:
    """How many local agreements were signed up to ``day`` (from ``since`` when given), and
    the first signing day among them."""
    query = select(func.count(), func.min(Agreement.signed)).where(
        visible_clause(Agreement, audience),
        Agreement.scope == "local",
        Agreement.signed.is_not(None),
        Agreement.signed <= day,
    )
    if since is not None:
        query = query.where(Agreement.signed >= since)
    count, first = session.execute(query).one()
    return int(count), first


def statements_on(session: Session, day: date, audience: Audience) -> list[Statement]:
    """The statements made on the day, by speaker and id."""
    query = (
        select(Statement)
        .where(visible_clause(Statement, audience), Statement.date == day)
        .order_by(Statement.speaker_name, Statement.id)
    )
    return list(session.scalars(query))
