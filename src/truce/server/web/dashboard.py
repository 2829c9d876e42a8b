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

from sqlalchemy.orm import Session

from truce.analyze.buffers import buffered
from truce.auth import Principal
from truce.server.web.registry import cumulative
from truce.store.agreements import signed_days, violation_days
from truce.store.events import event_extent, event_span
from truce.store.protections import notifications_by_name, zones_by_name
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
    zones = zones_by_name(session, viewer.audience)
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
    for n in notifications_by_name(session, viewer.audience):
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


def dashboard(session: Session, viewer: Principal) -> Dashboard:
    seen = viewer.audience
    first_day, last_day = event_span(session, seen)
    return Dashboard(
        agreements=cumulative(signed_days(session, seen)),
        violations=weekly(violation_days(session, seen)),
        zones=_zones(session, viewer),
        notifications=_notifications(session, viewer),
        event_types=EVENT_TYPES,
        first_day=_iso(first_day),
        last_day=_iso(last_day),
        extent=event_extent(session, seen),
    )
