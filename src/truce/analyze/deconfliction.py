"""Deconfliction: notified sites and movements hit by an event or a planned strike.

A notification is a site (a point or an area) or a movement (a route as a line) with a buffer
in metres and a time window (``valid_from`` … ``valid_to``, open when missing). An event *hits*
it when the event's point lies within the buffer of the geometry and the event's days overlap
the window (widened by ``margin_hours`` on both sides when asked). An event counts as a planned
strike when it is recorded with status or mode ``planned``.

Distances follow the one buffer rule of :mod:`truce.analyze.buffers`, which the map draws too:
great-circle to a point; to a line or an area, planar in the UTM zone of the notification's
centre (universal polar stereographic beyond 84°N / 80°S), whose scale error stays under
0.1 % near the zone.

A notification is information given to the parties, not protection: an alert says a notified
site or movement was near an event, not who knew of it or who is to blame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Engine

from truce.analyze.buffers import distances_m, unwrap
from truce.analyze.caveats import NOTIFICATION_CAVEAT
from truce.analyze.cooccur import EventRef, check_bbox, day_number
from truce.analyze.parallel import run_parts, slices, worker_count
from truce.analyze.spacetime import EARTH_RADIUS_M
from truce.analyze.zones import parse_geometry
from truce.errors import InvalidInput
from truce.store import queries_analyze as q
from truce.store.db import transaction
from truce.store.models import Notification
from truce.store.query import BBox
from truce.store.visibility import EVERYONE, Audience

PLANNED = "planned"
_OPEN = 1e15  # hours: an open end of a window


def hours_since_epoch(value: datetime | date) -> float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.timestamp() / 3600
    return day_number(value) * 24.0


@dataclass(frozen=True)
class Alert:
    notification_id: int
    notification: str
    notification_kind: str
    recipients: tuple[str, ...]
    notified_by: str | None
    notified_on: datetime | None
    window_from: datetime | None
    window_to: datetime | None
    buffer_m: float
    event: EventRef
    planned: bool
    distance_m: float  # from the notified geometry (0 inside an area)
    time_offset_hours: float  # 0 inside the window; < 0 before it starts, > 0 after it ends
    notified_before_event: bool | None

    def to_row(self) -> dict[str, Any]:
        return {
            "notification_id": self.notification_id,
            "notification": self.notification,
            "notification_kind": self.notification_kind,
            "recipients": "; ".join(self.recipients),
            "notified_by": self.notified_by,
            "notified_on": self.notified_on,
            "window_from": self.window_from,
            "window_to": self.window_to,
            "buffer_m": self.buffer_m,
            **self.event.flat("event_"),
            "planned": self.planned,
            "distance_m": round(self.distance_m, 1),
            "time_offset_hours": self.time_offset_hours,
            "notified_before_event": self.notified_before_event,
        }


@dataclass(frozen=True)
class DeconflictionReport:
    since: date | None
    until: date | None
    margin_hours: float
    events: int
    notifications: int
    alerts: tuple[Alert, ...]
    caveats: tuple[str, ...] = field(default=(NOTIFICATION_CAVEAT,))

    def to_rows(self) -> list[dict[str, Any]]:
        return [a.to_row() for a in self.alerts]

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "margin_hours": self.margin_hours,
            "events": self.events,
            "notifications": self.notifications,
            "alerts": len(self.alerts),
            "rows": self.to_rows(),
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class Notified:
    """A notification ready for matching: geometry, buffer and window in hours."""

    id: int
    geometry: Any
    buffer_m: float
    start_h: float
    end_h: float

    @classmethod
    def of(cls, id: int, geometry: Any, buffer_m: float, start_h: float, end_h: float) -> Notified:
        """A notification whose route takes the short way across ±180° (see :func:`unwrap`)."""
        return cls(id, unwrap(geometry), buffer_m, start_h, end_h)


def search_boxes(items: Sequence[Notified]) -> tuple[list[Any], list[int]]:
    """Boxes in degrees holding each buffered geometry (split at ±180°), and their owners."""
    boxes, owners = [], []
    for k, item in enumerate(items):
        min_lon, min_lat, max_lon, max_lat = item.geometry.bounds
        dlat = math.degrees(item.buffer_m / EARTH_RADIUS_M) * 1.001 + 1e-9
        low, high = max(-90.0, min_lat - dlat), min(90.0, max_lat + dlat)
        widest = max(abs(low), abs(high))
        dlon = 360.0 if widest > 89.9 else dlat / math.cos(math.radians(widest))
        west, east = min_lon - dlon, max_lon + dlon
        if east - west >= 360:
            spans = [(-180.0, 180.0)]
        elif west < -180:
            spans = [(-180.0, east), (west + 360, 180.0)]
        elif east > 180:
            spans = [(west, 180.0), (-180.0, east - 360)]
        else:
            spans = [(west, east)]
        for w, e in spans:
            boxes.append(shapely.box(w, low, e, high))
            owners.append(k)
    return boxes, owners


def match(
    items: Sequence[Notified],
    lat: Any,
    lon: Any,
    start_h: Any,
    end_h: Any,
    *,
    margin_hours: float = 0.0,
    workers: int | None = None,
) -> tuple[Any, Any, Any, Any]:
    """(event index, item index, distance m, time offset h) of every hit, vectorised.

    A large input is cut into slices of the events, one per worker process
    (:mod:`truce.analyze.parallel`); the slices' hits, in order, are those of one process.
    """
    lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    start_h, end_h = np.asarray(start_h, dtype=np.float64), np.asarray(end_h, dtype=np.float64)
    bounds = slices(len(lat), worker_count(workers, len(lat)))
    items = list(items)
    found = run_parts(
        _match_slice,
        [(items, lat[a:b], lon[a:b], start_h[a:b], end_h[a:b], margin_hours) for a, b in bounds],
    )
    ev = np.concatenate([f[0] + a for (a, _), f in zip(bounds, found, strict=True)])
    it, distance, offset = (np.concatenate([f[k] for f in found]) for k in (1, 2, 3))
    return ev, it, distance, offset


def _match_slice(
    items: list[Notified], lat: Any, lon: Any, start_h: Any, end_h: Any, margin_hours: float
) -> tuple[Any, Any, Any, Any]:
    boxes, owners = search_boxes(items)
    empty = np.zeros(0, dtype=np.int64)
    if not boxes or len(lat) == 0:
        return empty, empty, np.zeros(0), np.zeros(0)
    tree = shapely.STRtree(boxes)
    ev, bx = tree.query(shapely.points(np.asarray(lon), np.asarray(lat)))
    it = np.asarray(owners, dtype=np.int64)[bx]
    w0 = np.array([i.start_h for i in items])[it] - margin_hours
    w1 = np.array([i.end_h for i in items])[it] + margin_hours
    overlap = (start_h[ev] < w1) & (end_h[ev] > w0)
    ev, it = ev[overlap], it[overlap]
    pairs = np.unique(ev.astype(np.int64) * len(items) + it)
    ev, it = pairs // len(items), pairs % len(items)
    distance = distances_m([i.geometry for i in items], it, lat[ev], lon[ev])
    buffer = np.array([i.buffer_m for i in items])[it] if len(it) else np.zeros(0)
    keep = distance <= buffer + 1e-6
    ev, it, distance = ev[keep], it[keep], distance[keep]
    s0 = np.array([i.start_h for i in items])[it] if len(it) else np.zeros(0)
    s1 = np.array([i.end_h for i in items])[it] if len(it) else np.zeros(0)
    offset = np.where(
        end_h[ev] <= s0, end_h[ev] - s0, np.where(start_h[ev] >= s1, start_h[ev] - s1, 0.0)
    )
    return ev, it, distance, offset


def _notified(n: Notification) -> Notified:
    if n.buffer_m is not None and n.buffer_m < 0:
        raise InvalidInput(f"notification {n.id}: buffer_m must be ≥ 0, not {n.buffer_m}")
    return Notified.of(
        n.id,
        parse_geometry(n.geometry, kind="notification", record_id=n.id),
        float(n.buffer_m or 0.0),
        hours_since_epoch(n.valid_from) if n.valid_from else -_OPEN,
        hours_since_epoch(n.valid_to) if n.valid_to else _OPEN,
    )


def _is_planned(row: Any) -> bool:
    return PLANNED in (row.status, row.plover_mode)


def check_deconfliction(
    engine: Engine,
    *,
    since: date | None = None,
    until: date | None = None,
    margin_hours: float = 0.0,
    planned_only: bool = False,
    audience: Audience = EVERYONE,
    bbox: BBox | Sequence[float] | None = None,
    workers: int | None = None,
) -> DeconflictionReport:
    """Alerts for every notified site or movement an event or a planned strike (inside
    ``bbox``, if given) falls on. ``workers``: processes for the search (default: by size)."""
    if margin_hours < 0 or not math.isfinite(margin_hours):
        raise InvalidInput(f"--margin-hours must be ≥ 0, not {margin_hours}")
    filters = q.Filters(since=since, until=until, bbox=check_bbox(bbox), audience=audience)
    with transaction(engine) as session:
        notifications = q.notification_rows(session, audience)
        recipients: dict[int, list[str]] = {}
        for notification_id, name in q.notification_recipient_rows(session, audience):
            recipients.setdefault(notification_id, []).append(name)
        senders = q.actor_names(
            session,
            {n.notified_by_id for n in notifications if n.notified_by_id is not None},
            audience,
        )
        rows = q.event_rows(session, filters)
    if planned_only:
        rows = [r for r in rows if _is_planned(r)]
    items = [_notified(n) for n in notifications]
    refs = [EventRef.from_row(r) for r in rows]
    lat = np.fromiter((r.latitude for r in refs), dtype=np.float64, count=len(refs))
    lon = np.fromiter((r.longitude for r in refs), dtype=np.float64, count=len(refs))
    start = np.fromiter((day_number(r.first_day) * 24.0 for r in refs), float, count=len(refs))
    end = np.fromiter(((day_number(r.last_day) + 1) * 24.0 for r in refs), float, count=len(refs))
    ev, it, distance, offset = match(
        items, lat, lon, start, end, margin_hours=margin_hours, workers=workers
    )
    alerts = []
    for e, k, d, o in zip(
        ev.tolist(), it.tolist(), distance.tolist(), offset.tolist(), strict=True
    ):
        n, ref = notifications[k], refs[e]
        before = (
            None
            if n.notified_on is None
            else hours_since_epoch(n.notified_on) <= day_number(ref.first_day) * 24.0
        )
        alerts.append(
            Alert(
                notification_id=n.id,
                notification=n.name,
                notification_kind=n.kind,
                recipients=tuple(sorted(recipients.get(n.id, ()))),
                notified_by=senders.get(n.notified_by_id) if n.notified_by_id else None,
                notified_on=n.notified_on,
                window_from=n.valid_from,
                window_to=n.valid_to,
                buffer_m=items[k].buffer_m,
                event=ref,
                planned=_is_planned(rows[e]),
                distance_m=d,
                time_offset_hours=o,
                notified_before_event=before,
            )
        )
    alerts.sort(key=lambda a: (a.event.first_day, a.event.id, a.notification_id))
    return DeconflictionReport(
        since, until, margin_hours, len(refs), len(notifications), tuple(alerts)
    )
