"""Read queries behind ``truce.export``: records streamed in chunks, and the rows they link to.

Every query reads for one :class:`Filters` — a date window and the audience the export is for —
and applies the one visibility rule (:func:`~truce.store.visibility.visible_clause`) to every
table it reads, so an export never names a record its audience may not see. Records come in
chunks read as a stream (``yield_per``), so memory stays flat however many there are; what a
chunk links to (sources, shares, roles, names) is read with one query per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store.models import (
    Actor,
    Agreement,
    AgreementActor,
    Assessment,
    Candidate,
    Claim,
    Event,
    EventViolation,
    Notification,
    NotificationRecipient,
    Place,
    RecordShare,
    RecordSource,
    Relationship,
    Source,
    Statement,
    Zone,
    ZoneActor,
)
from truce.store.query import in_window
from truce.store.visibility import PUBLIC, Audience, visible_clause

CHUNK = 1000


@dataclass(frozen=True)
class Filters:
    """Which records an export holds: a date window and the audience it is for (see
    :mod:`truce.store.visibility`); ``events_where`` narrows the events further (a box, a type,
    words: clauses made by the store's query)."""

    since: date | None = None
    until: date | None = None
    audience: Audience = PUBLIC
    events_where: tuple[Any, ...] = ()

    def visible(self, model: Any) -> Any:
        """The one visibility rule for this export's audience."""
        return visible_clause(model, self.audience)

    def on(self, query: Any, column: Any) -> Any:
        """``query`` limited to rows whose ``column`` day falls in the window."""
        if self.since is not None:
            query = query.where(column >= self.since)
        if self.until is not None:
            query = query.where(column <= self.until)
        return query

    def window(self, query: Any, model: Any, kind: str) -> Any:
        """``query`` limited to the records of ``kind`` in the window, by the store's one rule
        (:func:`truce.store.query.in_window`)."""
        return query.where(*in_window(model, kind, self.since, self.until))


def _stream(session: Session, query: Any, size: int) -> Iterator[list[Any]]:
    result = session.execute(query.execution_options(yield_per=size))
    for part in result.scalars().partitions(size):
        yield list(part)


def _event_query(filters: Filters, event_types: Sequence[str] | None) -> Any:
    query = select(Event).where(filters.visible(Event), *filters.events_where)
    if event_types is not None:
        query = query.where(Event.event_type.in_(event_types))
    return filters.window(query, Event, "events").order_by(Event.event_date, Event.id)


def _windowed(kind: str, filters: Filters) -> Any:
    """The query of one record kind (not events) within the window, oldest id first."""
    if kind in ("zones", "notifications"):
        model = Zone if kind == "zones" else Notification
        query = filters.window(select(model).where(filters.visible(model)), model, kind)
        return query.order_by(model.id)
    model, day = _DAYS[kind]
    query = select(model).where(filters.visible(model))
    if day is not None:
        query = filters.on(query, day)
    return query.order_by(model.id)


_DAYS: dict[str, tuple[Any, Any]] = {
    "sources": (Source, Source.published),
    "actors": (Actor, None),
    "places": (Place, None),
    "agreements": (Agreement, func.coalesce(Agreement.signed, Agreement.effective_from)),
    "violations": (EventViolation, EventViolation.alleged_on),
    "statements": (Statement, Statement.date),
    "claims": (Claim, Claim.made_on),
    "assessments": (Assessment, None),
    "candidates": (Candidate, Candidate.made_on),
}


def record_chunks(
    session: Session,
    kind: str,
    filters: Filters,
    *,
    event_types: Sequence[str] | None = None,
    size: int = CHUNK,
) -> Iterator[list[Any]]:
    """The visible records of ``kind`` in the window, in lists of ``size``, read as a stream.

    Events come by date then id (narrowed by ``filters.events_where`` and, if given, to
    ``event_types``); every other kind by id. Events, zones and notifications are in the window
    by the store's one rule (:func:`truce.store.query.in_window`: an event from its first to its
    last day, a zone or notification while it is valid); the others by their own day
    (published, signed or in force, alleged, said, made).
    """
    query = _event_query(filters, event_types) if kind == "events" else _windowed(kind, filters)
    yield from _stream(session, query, size)


def acled_extras(session: Session, filters: Filters) -> Iterator[str]:
    """The ``extra`` JSON of every exported ACLED event that has one, read as a stream."""
    query = filters.window(
        select(Event.extra).where(
            filters.visible(Event),
            Event.dataset == "acled",
            Event.extra.is_not(None),
            *filters.events_where,
        ),
        Event,
        "events",
    )
    for (extra,) in session.execute(query.execution_options(yield_per=5000)):
        yield str(extra)


def _wanted(ids: Iterable[int | None]) -> list[int]:
    return sorted({i for i in ids if i is not None})


def actor_names(session: Session, ids: Iterable[int | None], filters: Filters) -> dict[int, str]:
    """Actor id → name, for the actors this export may show (the others are left out)."""
    wanted = _wanted(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Actor.id, Actor.name).where(Actor.id.in_(wanted), filters.visible(Actor))
    )
    return {int(row[0]): str(row[1]) for row in rows}


def external_ids(
    session: Session, model: Any, ids: Iterable[int | None], filters: Filters
) -> dict[int, str | None]:
    """Record id → external id (None when it has none), for the records this export may show."""
    wanted = _wanted(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(model.id, model.external_id).where(model.id.in_(wanted), filters.visible(model))
    )
    return {int(row[0]): row[1] for row in rows}


def record_sources(session: Session, kind: str, ids: Sequence[int]) -> list[tuple[int, int]]:
    """(record id, source id) of every source the records of ``kind`` rest on, in link order
    (the caller keeps the sources its audience may see: :func:`external_ids`)."""
    rows = session.execute(
        select(RecordSource.record_id, RecordSource.source_id)
        .where(RecordSource.record_kind == kind, RecordSource.record_id.in_(ids))
        .order_by(RecordSource.id)
    ).all()
    return [(int(record_id), int(source_id)) for record_id, source_id in rows]


def share_names(
    session: Session, kind: str, ids: Sequence[int], filters: Filters
) -> list[tuple[int, str]]:
    """(record id, party name) of the visible parties each record is shared with, by name; a
    liaison learns of their own party's shares only."""
    query = (
        select(RecordShare.record_id, Actor.name)
        .join(Actor, Actor.id == RecordShare.party_id)
        .where(RecordShare.record_kind == kind, RecordShare.record_id.in_(ids))
        .where(filters.visible(Actor))
    )
    party = filters.audience.party_id
    if party is not None:
        query = query.where(RecordShare.party_id == party)
    return [(int(i), str(name)) for i, name in session.execute(query.order_by(Actor.name))]


def relationships_of(session: Session, ids: Sequence[int]) -> list[Relationship]:
    """The relationships whose subject is one of the actors ``ids``, in id order."""
    query = select(Relationship).where(Relationship.subject_id.in_(ids))
    return list(session.scalars(query.order_by(Relationship.id)))


def _role_names(
    session: Session, model: Any, owner: Any, ids: Sequence[int], filters: Filters
) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    rows = session.execute(
        select(owner, model.role, Actor.name)
        .join(Actor, Actor.id == model.actor_id)
        .where(owner.in_(ids), filters.visible(Actor))
        .order_by(Actor.name)
    )
    for record_id, role, name in rows:
        found.setdefault(int(record_id), []).append((role, str(name)))
    return found


def agreement_roles(
    session: Session, ids: Sequence[int], filters: Filters
) -> dict[int, list[tuple[str, str]]]:
    """Agreement id → (role, actor name) of its visible parties, mediators, guarantors …"""
    return _role_names(session, AgreementActor, AgreementActor.agreement_id, ids, filters)


def zone_roles(
    session: Session, ids: Sequence[int], filters: Filters
) -> dict[int, list[tuple[str, str]]]:
    """Zone id → (role, actor name) of the visible actors it binds or that control it."""
    return _role_names(session, ZoneActor, ZoneActor.zone_id, ids, filters)


def recipient_names(session: Session, ids: Sequence[int], filters: Filters) -> dict[int, list[str]]:
    """Notification id → the names of its visible recipients, by name."""
    found: dict[int, list[str]] = {}
    for owner, name in session.execute(
        select(NotificationRecipient.notification_id, Actor.name)
        .join(Actor, Actor.id == NotificationRecipient.actor_id)
        .where(NotificationRecipient.notification_id.in_(ids), filters.visible(Actor))
        .order_by(Actor.name)
    ):
        found.setdefault(int(owner), []).append(str(name))
    return found


def event_violations(
    session: Session, ids: Sequence[int], filters: Filters
) -> list[EventViolation]:
    """The visible alleged violations of the events ``ids``, in id order."""
    query = select(EventViolation).where(
        EventViolation.event_id.in_(ids), filters.visible(EventViolation)
    )
    return list(session.scalars(query.order_by(EventViolation.id)))
