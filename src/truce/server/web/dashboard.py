"""The dashboard's figures: charts over time and the zones and notifications drawn on the map.

Events are not loaded here: the map asks the JSON API for the events inside its view and the
chosen time window, so that panning and filtering re-query the store.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.analyze.buffers import buffered
from truce.auth import Principal
from truce.server.web.registry import cumulative
from truce.store.models import Agreement, Event, EventViolation, Notification, Zone
from truce.store.visibility import visible_clause
from truce.vocab import EVENT_TYPES


@dataclass(frozen=True)
class Dashboard:
    agreements: list[tuple[str, int]]  # cumulative count by day signed
    violations: list[tuple[str, int]]  # alleged violations per week (Monday of the week)
    zones: dict[str, Any]  # GeoJSON FeatureCollection
    notifications: dict[str, Any]  # GeoJSON FeatureCollection, buffers drawn as polygons
    event_types: tuple[str, ...]
    first_day: str | None
    last_day: str | None
    extent: tuple[float, float, float, float] | None  # west, south, east, north of the events


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(days: list[date]) -> list[tuple[str, int]]:
    """Counts per week, every week from the first to the last present (gaps as zero)."""
    if not days:
        return []
    counts = Counter(_week(d) for d in days)
    week, last, series = min(counts), max(counts), []
    while week <= last:
        series.append((week.isoformat(), counts.get(week, 0)))
        week += timedelta(days=7)
    return series


def _feature(geometry: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": json.loads(geometry), "properties": properties}


def _zones(session: Session, viewer: Principal) -> dict[str, Any]:
    zones = session.scalars(
        select(Zone).where(visible_clause(Zone, viewer.audience)).order_by(Zone.name)
    ).all()
    features = [
        _feature(
            z.geometry,
            {
                "id": z.id,
                "name": z.name,
                "kind": z.kind,
                "valid_from": _iso(z.valid_from),
                "valid_to": _iso(z.valid_to),
            },
        )
        for z in zones
    ]
    return {"type": "FeatureCollection", "features": features}


def _notifications(session: Session, viewer: Principal) -> dict[str, Any]:
    features = []
    query = (
        select(Notification)
        .where(visible_clause(Notification, viewer.audience))
        .order_by(Notification.name)
    )
    for n in session.scalars(query):
        props = {
            "id": n.id,
            "name": n.name,
            "kind": n.kind,
            "buffer_m": n.buffer_m,
            "valid_from": _iso(n.valid_from),
            "valid_to": _iso(n.valid_to),
        }
        features.append(_feature(n.geometry, props | {"part": "line"}))
        if n.buffer_m > 0:
            area = buffered(json.loads(n.geometry), n.buffer_m)
            features.append(
                {"type": "Feature", "geometry": area, "properties": props | {"part": "buffer"}}
            )
    return {"type": "FeatureCollection", "features": features}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _extent(box: Any) -> tuple[float, float, float, float] | None:
    west, south, east, north = box
    if west is None or south is None or east is None or north is None:
        return None
    return (float(west), float(south), float(east), float(north))


def dashboard(session: Session, viewer: Principal) -> Dashboard:
    signed = session.scalars(
        select(Agreement.signed).where(
            visible_clause(Agreement, viewer.audience), Agreement.signed.is_not(None)
        )
    ).all()
    alleged = session.scalars(
        select(Event.event_date)
        .join(EventViolation, EventViolation.event_id == Event.id)
        .where(
            visible_clause(EventViolation, viewer.audience), visible_clause(Event, viewer.audience)
        )
    ).all()
    seen = visible_clause(Event, viewer.audience)
    span = session.execute(
        select(func.min(Event.event_date), func.max(Event.event_date)).where(seen)
    ).one()
    box = session.execute(
        select(func.min(Event.longitude), func.min(Event.latitude), func.max(Event.longitude),
               func.max(Event.latitude)).where(seen)
    ).one()  # fmt: skip
    return Dashboard(
        agreements=cumulative([d for d in signed if d is not None]),
        violations=weekly(list(alleged)),
        zones=_zones(session, viewer),
        notifications=_notifications(session, viewer),
        event_types=EVENT_TYPES,
        first_day=_iso(span[0]),
        last_day=_iso(span[1]),
        extent=_extent(box),
    )
