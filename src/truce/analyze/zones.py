"""Events inside zones, restricted-zone violations, and who controls a zone at a date.

An event is inside a zone when its point lies in (or on the edge of) the zone's geometry and
its dates overlap the zone's validity. The controllers shown are the actors with the role
``controls`` on that zone. A *restricted-zone violation* is an event inside a zone while the zone
is valid, whose sub-type or type is one the zone ``restricts``, by an actor the zone ``binds``
(the event's first actor, matched by id, else by name). That is a match of recorded facts, not
a finding: the attribution of the event may itself be contested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Engine

from truce.analyze.cooccur import EventRef, check_bbox, day_number
from truce.analyze.parallel import run_parts, slices, worker_count
from truce.errors import InvalidInput
from truce.names import normalize_name
from truce.store import queries_analyze as q
from truce.store.db import transaction
from truce.store.models import Zone
from truce.store.query import BBox
from truce.store.visibility import EVERYONE, Audience

ZONE_CAVEAT = (
    "A restricted-zone violation here means the recorded event type and first actor match the "
    "zone's restriction while it was valid; who carried out the event may itself be disputed."
)
OPEN_START, OPEN_END = -(10**9), 10**9


def parse_geometry(text: str, *, kind: str, record_id: int) -> Any:
    """A shapely geometry from stored GeoJSON; InvalidInput names the record when it fails."""
    try:
        geometry = shapely.from_geojson(text)
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        raise InvalidInput(f"{kind} {record_id}: geometry is not valid GeoJSON ({exc})") from exc
    if geometry is None or geometry.is_empty:
        raise InvalidInput(f"{kind} {record_id}: geometry is empty")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry


def day_or_open(value: datetime | date | None, default: int) -> int:
    if value is None:
        return default
    return day_number(value.date() if isinstance(value, datetime) else value)


def locate(
    lat: Any, lon: Any, geometries: Sequence[Any], *, workers: int | None = None
) -> tuple[Any, Any]:
    """(point index, geometry index) of every point inside or on a geometry (STRtree).

    A large input is cut into slices of the points, one per worker process
    (:mod:`truce.analyze.parallel`); the slices' hits, in order, are those of one process.
    """
    if len(geometries) == 0 or len(lat) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    bounds = slices(len(lat), worker_count(workers, len(lat)))
    found = run_parts(_locate_slice, [(lat[a:b], lon[a:b], list(geometries)) for a, b in bounds])
    points = np.concatenate([p + a for (a, _), (p, _) in zip(bounds, found, strict=True)])
    return points, np.concatenate([g for _, g in found])


def _locate_slice(lat: Any, lon: Any, geometries: list[Any]) -> tuple[Any, Any]:
    shapely.prepare(geometries)  # faster point-in-polygon tests
    tree = shapely.STRtree(geometries)
    found = tree.query(shapely.points(lon, lat), predicate="intersects")
    return found[0].astype(np.int64), found[1].astype(np.int64)


@dataclass(frozen=True)
class ZoneHit:
    event: EventRef
    zone_id: int
    zone_name: str
    zone_kind: str
    controlled_by: tuple[str, ...]
    restricted_kind: str | None  # the restricted type this event has, when a violation
    bound_actor: str | None  # the bound actor who carried it out, when a violation

    @property
    def violation(self) -> bool:
        return self.bound_actor is not None

    def to_row(self) -> dict[str, Any]:
        return {
            **self.event.flat("event_"),
            "zone_id": self.zone_id,
            "zone_name": self.zone_name,
            "zone_kind": self.zone_kind,
            "controlled_by": "; ".join(self.controlled_by),
            "violation": self.violation,
            "restricted_kind": self.restricted_kind,
            "bound_actor": self.bound_actor,
        }


@dataclass(frozen=True)
class ZoneReport:
    at: date | None
    since: date | None
    until: date | None
    events: int
    zones: int
    hits: tuple[ZoneHit, ...]
    caveats: tuple[str, ...] = field(default=(ZONE_CAVEAT,))

    @property
    def violations(self) -> tuple[ZoneHit, ...]:
        return tuple(h for h in self.hits if h.violation)

    def to_rows(self) -> list[dict[str, Any]]:
        return [h.to_row() for h in self.hits]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "since": self.since,
            "until": self.until,
            "events": self.events,
            "zones": self.zones,
            "hits": len(self.hits),
            "violations": len(self.violations),
            "rows": self.to_rows(),
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class _ZoneInfo:
    zone: Zone
    first: int
    last: int
    restricts: frozenset[str]
    controllers: tuple[str, ...]
    bound_ids: frozenset[int]
    bound_names: dict[str, str]  # normalised name → name


def _zone_infos(session: Any, audience: Audience) -> list[_ZoneInfo]:
    people: dict[int, list[tuple[int, str, str]]] = {}
    for zone_id, actor_id, name, role in q.zone_actor_rows(session, audience):
        people.setdefault(zone_id, []).append((actor_id, name, role))
    infos = []
    for zone in q.zone_rows(session, audience):
        actors = people.get(zone.id, [])
        infos.append(
            _ZoneInfo(
                zone=zone,
                first=day_or_open(zone.valid_from, OPEN_START),
                last=day_or_open(zone.valid_to, OPEN_END),
                restricts=frozenset(str(k).casefold() for k in zone.restricts or ()),
                controllers=tuple(sorted(n for _, n, r in actors if r == "controls")),
                bound_ids=frozenset(a for a, _, r in actors if r == "binds"),
                bound_names={normalize_name(n): n for _, n, r in actors if r == "binds"},
            )
        )
    return infos


def _violation(event: EventRef, actor1_id: int | None, info: _ZoneInfo) -> tuple[str, str] | None:
    kinds = [k for k in (event.sub_event_type, event.event_type) if k]
    restricted = next((k for k in kinds if k.casefold() in info.restricts), None)
    if restricted is None:
        return None
    if actor1_id is not None and actor1_id in info.bound_ids:
        return restricted, event.actor1 or f"actor {actor1_id}"
    if event.actor1 and normalize_name(event.actor1) in info.bound_names:
        return restricted, info.bound_names[normalize_name(event.actor1)]
    return None


def check_zones(
    engine: Engine,
    *,
    at: date | None = None,
    since: date | None = None,
    until: date | None = None,
    bbox: BBox | Sequence[float] | None = None,
    violations_only: bool = False,
    audience: Audience = EVERYONE,
    workers: int | None = None,
) -> ZoneReport:
    """Every event inside a valid zone (``at``: only events that day), with its controllers.

    ``workers``: processes for the point-in-zone search (default: by the input's size)."""
    if at is not None:
        since = until = at
    filters = q.Filters(since=since, until=until, bbox=check_bbox(bbox), audience=audience)
    with transaction(engine) as session:
        infos = _zone_infos(session, audience)
        geometries = [
            parse_geometry(i.zone.geometry, kind="zone", record_id=i.zone.id) for i in infos
        ]
        rows = q.event_rows(session, filters)
    refs = [EventRef.from_row(r) for r in rows]
    lat = np.fromiter((r.latitude for r in refs), dtype=np.float64, count=len(refs))
    lon = np.fromiter((r.longitude for r in refs), dtype=np.float64, count=len(refs))
    ev, zn = locate(lat, lon, geometries, workers=workers)
    start = np.fromiter((day_number(r.first_day) for r in refs), dtype=np.int64, count=len(refs))
    end = np.fromiter((day_number(r.last_day) for r in refs), dtype=np.int64, count=len(refs))
    first = np.array([i.first for i in infos], dtype=np.int64)
    last = np.array([i.last for i in infos], dtype=np.int64)
    valid = (start[ev] <= last[zn]) & (end[ev] >= first[zn]) if len(ev) else ev.astype(bool)
    hits = []
    for e, z in zip(ev[valid].tolist(), zn[valid].tolist(), strict=True):
        info, ref = infos[z], refs[e]
        found = _violation(ref, rows[e].actor1_id, info)
        if violations_only and found is None:
            continue
        hits.append(
            ZoneHit(
                event=ref,
                zone_id=info.zone.id,
                zone_name=info.zone.name,
                zone_kind=info.zone.kind,
                controlled_by=info.controllers,
                restricted_kind=found[0] if found else None,
                bound_actor=found[1] if found else None,
            )
        )
    hits.sort(key=lambda h: (h.event.first_day, h.event.id, h.zone_id))
    return ZoneReport(at, since, until, len(refs), len(infos), tuple(hits))


def zone_summary(report: ZoneReport) -> list[dict[str, Any]]:
    """Per zone: events inside it and restricted-zone violations, most first."""
    counts: dict[int, dict[str, Any]] = {}
    for hit in report.hits:
        row = counts.setdefault(
            hit.zone_id,
            {
                "zone_id": hit.zone_id,
                "zone_name": hit.zone_name,
                "zone_kind": hit.zone_kind,
                "events": 0,
                "violations": 0,
            },
        )
        row["events"] += 1
        row["violations"] += int(hit.violation)
    return sorted(counts.values(), key=lambda r: (-r["violations"], -r["events"], r["zone_id"]))
