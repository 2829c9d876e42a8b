"""Read queries behind ``truce.analyze``: events, agreements, allegations, zones, notifications.

Every function reads only (the analyses write nothing), skips soft-deleted records, and returns
plain rows (SQLAlchemy ``Row`` tuples, typed ``Any`` so columns read by name); the analyses
turn them into results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from truce.errors import InvalidInput, NotFound
from truce.names import normalize_name
from truce.store.models import (
    Actor,
    ActorAlias,
    Agreement,
    AgreementActor,
    Event,
    EventViolation,
    Notification,
    NotificationRecipient,
    Zone,
    ZoneActor,
)
from truce.store.query import BBox, in_box, in_window
from truce.store.visibility import EVERYONE, Audience, shown, visible_clause

# Columns of an event row, in this order, for the analyses (see :func:`event_rows`).
EVENT_COLUMNS = (
    "id",
    "external_id",
    "event_date",
    "date_end",
    "date_precision",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "actor1_id",
    "actor2_id",
    "location",
    "admin1",
    "status",
    "plover_mode",
)


@dataclass(frozen=True)
class Filters:
    """What the analyses share: a date range, a box, classifications, statuses left out."""

    since: date | None = None
    until: date | None = None
    bbox: BBox | None = None
    audience: Audience = EVERYONE
    exclude_statuses: Sequence[str] = ("rejected",)


def _event_conditions(filters: Filters) -> list[Any]:
    conditions = [visible_clause(Event, filters.audience)]
    if filters.exclude_statuses:
        conditions.append(Event.status.not_in(tuple(filters.exclude_statuses)))
    conditions += in_window(Event, "events", filters.since, filters.until)
    if filters.bbox is not None:
        conditions.append(in_box(Event, "events", filters.bbox))
    return conditions


def event_rows(session: Session, filters: Filters, *, located: bool = True) -> list[Any]:
    """Events matching ``filters`` as rows of :data:`EVENT_COLUMNS`, ordered by date and id."""
    columns = [getattr(Event, name) for name in EVENT_COLUMNS]
    query = select(*columns).where(*_event_conditions(filters))
    if located:
        query = query.where(Event.latitude.is_not(None), Event.longitude.is_not(None))
    return list(session.execute(query.order_by(Event.event_date, Event.id)).all())


def event_row(session: Session, reference: str | int, audience: Audience = EVERYONE) -> Any:
    """One event ``audience`` may see, by id or by external id (``ucdp:1234``, ``SYR123``);
    NotFound (the same for a hidden event as for a missing one) names both."""
    columns = [getattr(Event, name) for name in EVENT_COLUMNS]
    visible = visible_clause(Event, audience)
    text = str(reference).strip()
    row = None
    if text.isdecimal():
        row = session.execute(select(*columns).where(visible, Event.id == int(text))).first()
    if row is None:
        query = select(*columns).where(visible, Event.external_id == text).order_by(Event.id)
        row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no event with id or external id {text!r}: see `truce export events`")
    return row


def actor_ids_named(session: Session, name: str, audience: Audience = EVERYONE) -> set[int]:
    """Actors ``audience`` may see whose name or any alias matches ``name`` (normalised);
    InvalidInput if none."""
    wanted = normalize_name(name)
    ids = {
        actor_id
        for actor_id, actor_name in session.execute(
            select(Actor.id, Actor.name).where(visible_clause(Actor, audience))
        )
        if normalize_name(actor_name) == wanted
    }
    aliases = select(ActorAlias.actor_id).join(Actor, Actor.id == ActorAlias.actor_id)
    aliases = aliases.where(ActorAlias.normalized == wanted, visible_clause(Actor, audience))
    ids |= set(session.scalars(aliases))
    if not ids:
        raise InvalidInput(f"--actor {name!r} matches no actor name or alias in the registry")
    return ids


def actor_names(session: Session, ids: set[int], audience: Audience = EVERYONE) -> dict[int, str]:
    """Actor names by id, withheld where ``audience`` may not see the actor."""
    if not ids:
        return {}
    name = shown(Actor, Actor.name, audience)
    rows = session.execute(select(Actor.id, name).where(Actor.id.in_(ids))).all()
    return {int(row[0]): str(row[1]) for row in rows}


def agreement_rows(
    session: Session,
    *,
    since: date | None,
    until: date | None,
    audience: Audience = EVERYONE,
) -> list[Any]:
    """Agreements by the day they took effect (signed, else effective from) within the range.

    Columns: id, name, kind, scope, admin1, day, illustrative.
    """
    day = func.coalesce(Agreement.signed, Agreement.effective_from)
    query = select(
        Agreement.id,
        Agreement.name,
        Agreement.kind,
        Agreement.scope,
        Agreement.admin1,
        day.label("day"),
        Agreement.illustrative,
    ).where(visible_clause(Agreement, audience), day.is_not(None))
    if since is not None:
        query = query.where(day >= since)
    if until is not None:
        query = query.where(day <= until)
    return list(session.execute(query.order_by(day, Agreement.id)).all())


def agreement_actor_rows(
    session: Session, agreement_ids: Sequence[int], audience: Audience = EVERYONE
) -> list[Any]:
    """(agreement_id, actor_id, actor name, role) for the given agreements (names withheld
    where ``audience`` may not see the actor)."""
    rows: list[Any] = []
    ids = list(agreement_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        rows.extend(
            session.execute(
                select(
                    AgreementActor.agreement_id,
                    Actor.id,
                    shown(Actor, Actor.name, audience),
                    AgreementActor.role,
                )
                .join(Actor, Actor.id == AgreementActor.actor_id)
                .where(AgreementActor.agreement_id.in_(chunk))
            ).all()
        )
    return rows


def allegation_rows(
    session: Session,
    *,
    since: date | None,
    until: date | None,
    audience: Audience = EVERYONE,
) -> list[Any]:
    """Alleged violations by the event's date, with who alleges them and in what role.

    Columns: violation id, event id, event date, event admin1, event actor1, event actor1_id,
    event actor2_id, agreement id, agreement kind, agreement scope, alleged_by_id, alleged by
    (name), role of the alleger in that agreement (None: not one of its actors).
    """
    alleger = aliased(Actor)
    role = aliased(AgreementActor)
    query = (
        select(
            EventViolation.id,
            Event.id,
            Event.event_date,
            Event.admin1,
            Event.actor1,
            Event.actor1_id,
            Event.actor2_id,
            Agreement.id,
            Agreement.kind,
            Agreement.scope,
            EventViolation.alleged_by_id,
            shown(alleger, alleger.name, audience),
            role.role,
        )
        .join(Event, Event.id == EventViolation.event_id)
        .join(Agreement, Agreement.id == EventViolation.agreement_id)
        .outerjoin(alleger, alleger.id == EventViolation.alleged_by_id)
        .outerjoin(
            role,
            and_(
                role.agreement_id == EventViolation.agreement_id,
                role.actor_id == EventViolation.alleged_by_id,
            ),
        )
        .where(
            visible_clause(EventViolation, audience),
            visible_clause(Event, audience),
            visible_clause(Agreement, audience),
            Event.status != "rejected",
        )
    )
    if since is not None:
        query = query.where(Event.event_date >= since)
    if until is not None:
        query = query.where(Event.event_date <= until)
    return list(session.execute(query.order_by(Event.event_date, EventViolation.id)).all())


def date_range(session: Session, audience: Audience = EVERYONE) -> tuple[date | None, date | None]:
    """First and last day with an event or an agreement ``audience`` may see (the default
    analysis period)."""
    day = func.coalesce(Agreement.signed, Agreement.effective_from)
    events = session.execute(
        select(func.min(Event.event_date), func.max(Event.event_date)).where(
            visible_clause(Event, audience)
        )
    ).one()
    agreements = session.execute(
        select(func.min(day), func.max(day)).where(visible_clause(Agreement, audience))
    ).one()
    firsts = [d for d in (events[0], agreements[0]) if d is not None]
    lasts = [d for d in (events[1], agreements[1]) if d is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def zone_rows(session: Session, audience: Audience = EVERYONE) -> list[Zone]:
    """Every zone, with its geometry, validity and restrictions."""
    query = select(Zone).where(visible_clause(Zone, audience)).order_by(Zone.id)
    return list(session.scalars(query))


def zone_actor_rows(session: Session, audience: Audience = EVERYONE) -> list[Any]:
    """(zone_id, actor_id, actor name, role) for every zone (names withheld as above)."""
    name = shown(Actor, Actor.name, audience)
    return list(
        session.execute(
            select(ZoneActor.zone_id, Actor.id, name, ZoneActor.role).join(
                Actor, Actor.id == ZoneActor.actor_id
            )
        ).all()
    )


def notification_rows(session: Session, audience: Audience = EVERYONE) -> list[Notification]:
    query = select(Notification).where(visible_clause(Notification, audience))
    return list(session.scalars(query.order_by(Notification.id)))


def notification_recipient_rows(session: Session, audience: Audience = EVERYONE) -> list[Any]:
    """(notification_id, actor name) of every recipient (names withheld as above)."""
    name = shown(Actor, Actor.name, audience)
    return list(
        session.execute(
            select(NotificationRecipient.notification_id, name).join(
                Actor, Actor.id == NotificationRecipient.actor_id
            )
        ).all()
    )
