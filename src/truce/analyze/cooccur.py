"""What else happened within D km and T hours: ``truce near`` and ``truce cooccur``.

Distances are great-circle (haversine) on the sphere of :data:`spacetime.EARTH_RADIUS_M`;
time follows the day-span rule of :mod:`truce.analyze.spacetime`: an event dated to a day may
have happened at any moment of that day, a UCDP window or an event dated to a week, month or
year spans all its days, and two events count as within T hours when the closest moments of
their spans are less than T hours apart.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine

from truce.analyze.caveats import PRECISION_CAVEAT
from truce.analyze.spacetime import EARTH_RADIUS_M, find_pairs, haversine_m, max_day_gap
from truce.errors import InvalidInput
from truce.store import queries_analyze as q
from truce.store.db import transaction
from truce.store.query import BBox
from truce.store.visibility import EVERYONE, Audience

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_number(day: date) -> int:
    return day.toordinal() - EPOCH_ORDINAL


def event_span(start: date, end: date | None, precision: str | None) -> tuple[date, date]:
    """First and last day an event may have happened on.

    ``date_end`` wins when recorded (a UCDP window); otherwise a week runs 7 days from the date,
    a month to its last day, a year to 31 December; a day or an approximate date is that day.
    """
    if end is not None and end >= start:
        return start, end
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start, start.replace(month=12, day=31)
    return start, start


@dataclass(frozen=True)
class EventRef:
    """The parts of an event a co-occurrence or a zone alert shows."""

    id: int
    external_id: str | None
    first_day: date
    last_day: date
    latitude: float
    longitude: float
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    location: str | None

    @classmethod
    def from_row(cls, row: Any) -> EventRef:
        first, last = event_span(row.event_date, row.date_end, row.date_precision)
        return cls(
            id=row.id,
            external_id=row.external_id,
            first_day=first,
            last_day=last,
            latitude=float(row.latitude),
            longitude=float(row.longitude),
            event_type=row.event_type,
            sub_event_type=row.sub_event_type,
            actor1=row.actor1,
            actor2=row.actor2,
            location=row.location,
        )

    def flat(self, prefix: str) -> dict[str, Any]:
        return {f"{prefix}{k}": v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Pair:
    """Two events close in space and time; ``first`` starts no later than ``second``.

    ``ordered`` is true when ``first``'s span ends before ``second``'s begins (A then B);
    false when they share a day, so the order is not known. ``day_gap`` counts whole days
    between the spans; the time between the events lies in ``gap_hours_min … gap_hours_max``.
    """

    first: EventRef
    second: EventRef
    distance_km: float
    day_gap: int
    ordered: bool

    @property
    def gap_hours_min(self) -> float:
        return max(0, self.day_gap - 1) * 24.0

    @property
    def gap_hours_max(self) -> float:
        latest = max(self.first.last_day, self.second.last_day)
        return ((latest - self.first.first_day).days + 1) * 24.0

    def to_row(self) -> dict[str, Any]:
        return {
            **self.first.flat("a_"),
            **self.second.flat("b_"),
            "distance_km": round(self.distance_km, 3),
            "day_gap": self.day_gap,
            "ordered": self.ordered,
            "gap_hours_min": self.gap_hours_min,
            "gap_hours_max": self.gap_hours_max,
        }


@dataclass(frozen=True)
class CooccurReport:
    km: float
    hours: float
    across_actors: bool
    since: date | None
    until: date | None
    bbox: BBox | None
    events: int
    pairs: tuple[Pair, ...]
    caveats: tuple[str, ...] = field(default=(PRECISION_CAVEAT,))

    @property
    def sequences(self) -> int:
        return sum(1 for p in self.pairs if p.ordered)

    def to_rows(self) -> list[dict[str, Any]]:
        return [p.to_row() for p in self.pairs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "km": self.km,
            "hours": self.hours,
            "max_day_gap": max_day_gap(self.hours),
            "across_actors": self.across_actors,
            "since": self.since,
            "until": self.until,
            "bbox": self.bbox.as_list() if self.bbox else None,
            "events": self.events,
            "pairs": len(self.pairs),
            "sequences": self.sequences,
            "rows": self.to_rows(),
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class Neighbour:
    event: EventRef
    distance_km: float
    day_gap: int
    relation: str  # before | after | same day

    def to_row(self) -> dict[str, Any]:
        return {
            **self.event.flat(""),
            "distance_km": round(self.distance_km, 3),
            "day_gap": self.day_gap,
            "relation": self.relation,
        }


@dataclass(frozen=True)
class NearReport:
    event: EventRef
    km: float
    hours: float
    neighbours: tuple[Neighbour, ...]
    caveats: tuple[str, ...] = field(default=(PRECISION_CAVEAT,))

    def to_rows(self) -> list[dict[str, Any]]:
        return [n.to_row() for n in self.neighbours]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": asdict(self.event),
            "km": self.km,
            "hours": self.hours,
            "max_day_gap": max_day_gap(self.hours),
            "neighbours": self.to_rows(),
            "caveats": list(self.caveats),
        }


def _arrays(refs: Sequence[EventRef]) -> tuple[Any, Any, Any, Any]:
    lat = np.fromiter((r.latitude for r in refs), dtype=np.float64, count=len(refs))
    lon = np.fromiter((r.longitude for r in refs), dtype=np.float64, count=len(refs))
    start = np.fromiter((day_number(r.first_day) for r in refs), dtype=np.int64, count=len(refs))
    end = np.fromiter((day_number(r.last_day) for r in refs), dtype=np.int64, count=len(refs))
    return lat, lon, start, end


def _differ(a: EventRef, b: EventRef) -> bool:
    return bool(a.actor1 and b.actor1 and a.actor1.casefold() != b.actor1.casefold())


def check_bbox(bbox: BBox | Sequence[float] | None) -> BBox | None:
    """The box of ``min_lon, min_lat, max_lon, max_lat`` (min_lon > max_lon crosses ±180°),
    read by the store's one rule (:class:`truce.store.query.BBox`)."""
    if bbox is None or isinstance(bbox, BBox):
        return bbox
    return BBox.of(bbox, field="--bbox")


def cooccur(
    engine: Engine,
    *,
    km: float,
    hours: float,
    across_actors: bool = False,
    since: date | None = None,
    until: date | None = None,
    bbox: BBox | Sequence[float] | None = None,
    audience: Audience = EVERYONE,
    workers: int | None = None,
) -> CooccurReport:
    """Every pair of located events within ``km`` and ``hours`` of each other.

    With ``across_actors`` only pairs whose first actors are both recorded and differ are kept
    (a strike by one side followed by an attack by another). ``workers``: processes for the
    pair search (default: by the input's size; the pairs are the same for any number).
    """
    box = check_bbox(bbox)
    max_day_gap(hours)
    filters = q.Filters(since=since, until=until, bbox=box, audience=audience)
    with transaction(engine) as session:
        refs = [EventRef.from_row(row) for row in q.event_rows(session, filters)]
    lat, lon, start, end = _arrays(refs)
    found = find_pairs(lat, lon, start, end, km=km, hours=hours, workers=workers)
    pairs: list[Pair] = []
    for i, j, dist, gap in zip(
        found.left.tolist(),
        found.right.tolist(),
        found.distance_m.tolist(),
        found.day_gap.tolist(),
        strict=True,
    ):
        a, b = refs[i], refs[j]
        if (b.first_day, b.id) < (a.first_day, a.id):
            a, b = b, a
        if across_actors and not _differ(a, b):
            continue
        pairs.append(Pair(a, b, dist / 1000, gap, a.last_day < b.first_day))
    pairs.sort(key=lambda p: (p.first.first_day, p.first.id, p.second.first_day, p.second.id))
    return CooccurReport(km, hours, across_actors, since, until, box, len(refs), tuple(pairs))


def _search_box(lat: float, lon: float, km: float) -> BBox:
    """A box holding every point within ``km`` of (lat, lon), wrapping at ±180°."""
    dlat = math.degrees(km * 1000 / EARTH_RADIUS_M)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.999 or dlat >= 90:
        return BBox(-180.0, min_lat, 180.0, max_lat)
    dlon = min(180.0, dlat / math.cos(math.radians(widest)))
    if dlon >= 180:
        return BBox(-180.0, min_lat, 180.0, max_lat)
    west, east = lon - dlon, lon + dlon
    west = west + 360 if west < -180 else west
    east = east - 360 if east > 180 else east
    return BBox(west, min_lat, east, max_lat)


def near(
    engine: Engine,
    event: str | int,
    *,
    km: float,
    hours: float,
    across_actors: bool = False,
    audience: Audience = EVERYONE,
) -> NearReport:
    """Every located event within ``km`` and ``hours`` of one event (by id or external id)."""
    gap = max_day_gap(hours)
    if km < 0 or not math.isfinite(km):
        raise InvalidInput(f"--km must be a distance in kilometres ≥ 0, not {km}")
    with transaction(engine) as session:
        row = q.event_row(session, event, audience)
        if row.latitude is None or row.longitude is None:
            raise InvalidInput(f"event {row.id} has no coordinates: set its latitude and longitude")
        target = EventRef.from_row(row)
        filters = q.Filters(
            since=target.first_day - timedelta(days=gap),
            until=target.last_day + timedelta(days=gap),
            bbox=_search_box(target.latitude, target.longitude, km),
            audience=audience,
        )
        others = [EventRef.from_row(r) for r in q.event_rows(session, filters) if r.id != row.id]
    lat, lon, start, end = _arrays(others)
    distance = haversine_m(
        np.full(len(others), target.latitude), np.full(len(others), target.longitude), lat, lon
    )
    t0, t1 = day_number(target.first_day), day_number(target.last_day)
    day_gap = np.maximum(0, np.maximum(start - t1, t0 - end))
    keep = np.flatnonzero((distance <= km * 1000) & (day_gap <= gap))
    neighbours = []
    for k in keep.tolist():
        other = others[k]
        if across_actors and not _differ(target, other):
            continue
        relation = (
            "before"
            if other.last_day < target.first_day
            else "after"
            if other.first_day > target.last_day
            else "same day"
        )
        neighbours.append(Neighbour(other, float(distance[k]) / 1000, int(day_gap[k]), relation))
    neighbours.sort(key=lambda n: (n.event.first_day, n.distance_km, n.event.id))
    return NearReport(target, km, hours, tuple(neighbours))
