"""Reading one event and what hangs on it, as a reader may see it: its claims, the sources
that report it, the agreements it allegedly violates, its assessments and its position; and
the day span and the extent of all the events the reader may see.

Every function takes the reader's :class:`~truce.store.visibility.Audience` and returns only
what the one visibility rule lets them see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store.models import (
    Agreement,
    Assessment,
    Claim,
    Event,
    EventViolation,
    RecordSource,
    Source,
)
from truce.store.visibility import Audience, visible_clause


def event_claims(session: Session, event_id: int, audience: Audience) -> list[Claim]:
    query = select(Claim).where(Claim.event_id == event_id, visible_clause(Claim, audience))
    return list(session.scalars(query))


def event_source_ids(session: Session, event_id: int, audience: Audience) -> list[int]:
    """The ids of the sources the reader may see that the event rests on."""
    query = (
        select(RecordSource.source_id)
        .join(Source, Source.id == RecordSource.source_id)
        .where(RecordSource.record_kind == "events", RecordSource.record_id == event_id)
        .where(visible_clause(Source, audience))
    )
    return list(session.scalars(query))


def event_violations(
    session: Session, event_id: int, audience: Audience
) -> list[tuple[EventViolation, Agreement]]:
    """The agreements the event allegedly violates, with the allegations, oldest first."""
    query = (
        select(EventViolation, Agreement)
        .join(Agreement, Agreement.id == EventViolation.agreement_id)
        .where(EventViolation.event_id == event_id)
        .where(visible_clause(EventViolation, audience), visible_clause(Agreement, audience))
        .order_by(EventViolation.alleged_on, EventViolation.id)
    )
    return [(violation, agreement) for violation, agreement in session.execute(query)]


def event_assessments(session: Session, event_id: int, audience: Audience) -> list[Assessment]:
    """The event's assessments, latest first."""
    query = (
        select(Assessment)
        .where(Assessment.event_id == event_id, visible_clause(Assessment, audience))
        .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    )
    return list(session.scalars(query))


def event_position(session: Session, event_id: int, audience: Audience) -> Any:
    """The event's ``event_date``, ``latitude`` and ``longitude`` (a row), or None."""
    query = select(Event.event_date, Event.latitude, Event.longitude).where(
        Event.id == event_id, visible_clause(Event, audience)
    )
    return session.execute(query).first()


def event_span(session: Session, audience: Audience) -> tuple[date | None, date | None]:
    """The first and the last day of the events the reader may see."""
    query = select(func.min(Event.event_date), func.max(Event.event_date)).where(
        visible_clause(Event, audience)
    )
    first, last = session.execute(query).one()
    return first, last


def event_extent(session: Session, audience: Audience) -> tuple[float, float, float, float] | None:
    """West, south, east and north of the events the reader may see; None without any."""
    query = select(
        func.min(Event.longitude),
        func.min(Event.latitude),
        func.max(Event.longitude),
        func.max(Event.latitude),
    ).where(visible_clause(Event, audience))
    west, south, east, north = session.execute(query).one()
    if west is None or south is None or east is None or north is None:
        return None
    return (float(west), float(south), float(east), float(north))
