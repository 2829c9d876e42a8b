"""Read queries behind the record statistics (``truce.stats``): counts of every record kind,
agreements by kind, scope, status and mediator, local agreements, events by type and by date,
and the default window (the latest national ceasefire to the latest agreement).

Each takes an open session and the reader's :class:`Audience` (the one visibility rule: live
records it may see; a mediator it may not see is counted as withheld) and, where it counts
over time, ``since`` and ``until`` (both included, either may be None). An agreement counts on
the day it was signed, its effective date when the signing date is unknown; rejected events
are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store.models import RECORD_KINDS, Actor, Agreement, AgreementActor, Event
from truce.store.visibility import Audience, shown, visible_clause

AGREEMENT_GROUPS = ("kind", "scope", "status", "mediator")


def _signed() -> Any:
    return func.coalesce(Agreement.signed, Agreement.effective_from)


def _in_window(query: Any, column: Any, since: date | None, until: date | None) -> Any:
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column <= until)
    return query


def latest_national_ceasefire(session: Session, audience: Audience) -> tuple[str, date] | None:
    """The name and start of the national ceasefire that began last, or None."""
    start = func.coalesce(Agreement.effective_from, Agreement.signed)
    row = session.execute(
        select(Agreement.name, start)
        .where(visible_clause(Agreement, audience))
        .where(Agreement.scope == "national", Agreement.kind == "ceasefire", start.is_not(None))
        .order_by(start.desc(), Agreement.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def signing_range(session: Session, audience: Audience) -> tuple[date | None, date | None]:
    """The first and the latest day an agreement was signed."""
    first, latest = session.execute(
        select(func.min(_signed()), func.max(_signed())).where(visible_clause(Agreement, audience))
    ).one()
    return first, latest


def record_counts(session: Session, audience: Audience) -> dict[str, int]:
    """Every record kind → how many records of it ``audience`` may see."""
    return {
        kind: int(
            session.scalar(
                select(func.count()).select_from(model).where(visible_clause(model, audience))
            )
            or 0
        )
        for kind, model in RECORD_KINDS.items()
    }


def agreements_by(
    session: Session, group: str, *, since: date | None, until: date | None, audience: Audience
) -> list[tuple[str, int]]:
    """(value, count) of agreements signed in the window, by one of :data:`AGREEMENT_GROUPS`
    (by mediator, an agreement counts once under each of its mediators)."""
    if group == "mediator":
        label: Any = shown(Actor, Actor.name, audience)
        query = (
            select(label, func.count(func.distinct(Agreement.id)))
            .join(AgreementActor, AgreementActor.agreement_id == Agreement.id)
            .join(Actor, Actor.id == AgreementActor.actor_id)
            .where(AgreementActor.role == "mediator")
        )
    else:
        label = getattr(Agreement, group)
        query = select(label, func.count())
    query = _in_window(query.where(visible_clause(Agreement, audience)), _signed(), since, until)
    return [(str(name), int(count)) for name, count in session.execute(query.group_by(label))]


def local_agreements(
    session: Session, *, since: date | None, until: date | None, audience: Audience
) -> int:
    """How many local agreements were signed in the window."""
    query = select(func.count()).select_from(Agreement)
    query = query.where(visible_clause(Agreement, audience), Agreement.scope == "local")
    return int(session.scalar(_in_window(query, _signed(), since, until)) or 0)


def _events(columns: list[Any], since: date | None, until: date | None, audience: Audience) -> Any:
    query = select(*columns).where(visible_clause(Event, audience), Event.status != "rejected")
    return _in_window(query, Event.event_date, since, until)


def events_by_type(
    session: Session, *, since: date | None, until: date | None, audience: Audience
) -> list[tuple[str, int]]:
    """(event type, count) of the events in the window."""
    query = _events([Event.event_type, func.count()], since, until, audience)
    return [
        (str(kind), int(count)) for kind, count in session.execute(query.group_by(Event.event_type))
    ]


def event_dates(
    session: Session, *, since: date | None, until: date | None, audience: Audience
) -> Iterator[date]:
    """The date of every event in the window, streamed (for counts by month, made the same way
    on SQLite and PostgreSQL)."""
    query = _events([Event.event_date], since, until, audience)
    for (day,) in session.execute(query.execution_options(yield_per=5000)):
        yield day
