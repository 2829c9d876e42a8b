"""Reading the protections the map draws, as a reader may see them: the zones (no-fly,
no-strike, corridors, …) and the notified sites and movements, each in name order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.store.models import Notification, Zone
from truce.store.visibility import Audience, visible_clause


def zones_by_name(session: Session, audience: Audience) -> list[Zone]:
    query = select(Zone).where(visible_clause(Zone, audience)).order_by(Zone.name)
    return list(session.scalars(query))


def notifications_by_name(session: Session, audience: Audience) -> list[Notification]:
    query = (
        select(Notification)
        .where(visible_clause(Notification, audience))
        .order_by(Notification.name)
    )
    return list(session.scalars(query))
