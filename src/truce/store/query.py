"""Listing records with filters: bounding box, time window, actor, type, status, full text.

The bounding box on events uses the spatial index (SQLite's ``events_rtree`` together with the
time window; PostgreSQL's GiST index on the point); full text uses the FTS5 tables on SQLite and
the GIN ``to_tsvector`` indexes on PostgreSQL (migration 0007_server). Callers pass a
visibility clause (``truce.auth.access.visible``) so nobody lists what they may not see.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from truce.errors import InvalidInput
from truce.store.db import sqlite_driver
from truce.store.models import (
    Actor,
    Agreement,
    AgreementActor,
    Claim,
    Event,
    EventViolation,
    Notification,
    NotificationRecipient,
    Record,
    Source,
    Statement,
    Zone,
    ZoneActor,
)
from truce.store.records import model_for
from truce.store.visibility import EVERYONE, Audience, visible_clause, visible_sql

# Must match the migration 0007_server.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "statements": ("words", "speaker_name", "venue"),
    "sources": ("title", "publisher", "text"),
    "events": ("notes", "location", "actor1", "actor2"),
}
# Text columns searched with LIKE for kinds without a full-text index.
LIKE_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("name", "description"),
    "places": ("name",),
    "zones": ("name", "notes"),
    "notifications": ("name", "notes"),
    "agreements": ("name", "location", "notes"),
    "violations": ("notes",),
    "claims": ("value", "claimant_name", "notes"),
    "assessments": ("conclusion",),
    "candidates": ("kind",),
}
TYPE_COLUMN = {
    "sources": "kind",
    "actors": "kind",
    "places": "feature_kind",
    "zones": "kind",
    "notifications": "kind",
    "agreements": "kind",
    "events": "event_type",
    "claims": "attribute",
    "assessments": "attribute",
    "candidates": "kind",
}
STATUS_COLUMN = {"events": "status", "agreements": "status", "candidates": "status"}
# (start column, end column): a record is in a window when its span overlaps it.
TIME_COLUMNS: dict[str, tuple[str, str | None]] = {
    "sources": ("published", None),
    "actors": ("updated_at", None),
    "places": ("updated_at", None),
    "zones": ("valid_from", "valid_to"),
    "notifications": ("valid_from", "valid_to"),
    "agreements": ("signed", None),
    "events": ("event_date", "date_end"),
    "violations": ("alleged_on", None),
    "statements": ("date", None),
    "claims": ("made_on", None),
    "assessments": ("assessed_at", None),
    "candidates": ("made_on", None),
}
ORDER = {
    "events": ("event_date", "id"),
    "statements": ("date", "id"),
    "sources": ("published", "id"),
    "agreements": ("signed", "id"),
    "claims": ("made_on", "id"),
}


@dataclass(frozen=True)
class BBox:
    """A box in degrees (WGS 84), west, south, east, north. West greater than east is a box
    across the antimeridian, as in GeoJSON (``170,-10,-170,10``: the 20° either side of ±180°).
    The one reading of a box: lists, the map, exports, the analyses and the command line."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, value: str, *, field: str = "bbox") -> BBox:
        """``minlon,minlat,maxlon,maxlat``, as given to ``field``."""
        try:
            numbers = [float(part) for part in value.split(",")]
        except ValueError:
            numbers = []
        return cls.of(numbers, field=field, given=value)

    @classmethod
    def of(cls, numbers: Sequence[float], *, field: str = "bbox", given: str | None = None) -> BBox:
        """The box of four numbers, checked; an error names ``field`` and what was given."""
        shown = given if given is not None else ",".join(str(n) for n in numbers)
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise InvalidInput(
                f"{field} {shown!r}: give four numbers minlon,minlat,maxlon,maxlat",
                detail={"field": field},
            )
        box = cls(*(float(n) for n in numbers))
        if not (
            -180 <= box.min_lon <= 180
            and -180 <= box.max_lon <= 180
            and -90 <= box.min_lat <= box.max_lat <= 90
        ):
            raise InvalidInput(
                f"{field} {shown!r}: longitudes must lie in -180..180 (minlon greater than "
                "maxlon crosses ±180°) and latitudes in -90..90, minimum first",
                detail={"field": field},
            )
        return box

    def halves(self) -> tuple[BBox, ...]:
        """The box as boxes that do not cross ±180°: itself, or its two sides of it."""
        if self.min_lon <= self.max_lon:
            return (self,)
        return (
            BBox(self.min_lon, self.min_lat, 180.0, self.max_lat),
            BBox(-180.0, self.min_lat, self.max_lon, self.max_lat),
        )

    def as_list(self) -> list[float]:
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]


UNGRADED = "ungraded"  # the reliability filter's word for a source not graded yet


@dataclass(frozen=True)
class Filters:
    bbox: BBox | None = None
    since: date | None = None
    until: date | None = None
    actor: str | None = None
    type: str | None = None
    status: str | None = None
    q: str | None = None
    audience: Audience = EVERYONE  # whose actors an ``actor`` name may match
    reliability: str | None = None  # sources: a grade A-F, or UNGRADED


def _day_number(day: date) -> float:
    return float((day - date(1970, 1, 1)).days)


def _box_sql(box: BBox, params: dict[str, Any], side: Callable[[int], str]) -> str:
    """SQL for the rows in ``box``: ``side(n)`` for each of its halves, OR'd; the halves'
    longitudes go in ``params`` as ``a{n}``, ``c{n}``, the latitudes as ``b``, ``d``."""
    params["b"], params["d"] = box.min_lat, box.max_lat
    sides = []
    for n, half in enumerate(box.halves()):
        params[f"a{n}"], params[f"c{n}"] = half.min_lon, half.max_lon
        sides.append(side(n))
    return sides[0] if len(sides) == 1 else "((" + ") OR (".join(sides) + "))"


def _rtree_box(box: BBox, params: dict[str, Any], *, alias: str = "") -> str:
    """SQL on ``events_rtree`` (named ``alias``) for the entries meeting ``box``."""
    lon = _box_sql(box, params, lambda n: f"{alias}max_lon >= :a{n} AND {alias}min_lon <= :c{n}")
    return f"{lon} AND {alias}max_lat >= :b AND {alias}min_lat <= :d"


def _point_box(box: BBox, params: dict[str, Any], *, alias: str = "") -> str:
    """PostgreSQL SQL for the points (``longitude``, ``latitude`` of ``alias``) in ``box``, as
    its GiST index on the point reads it."""
    point = f"point({alias}longitude, {alias}latitude)"
    return _box_sql(box, params, lambda n: f"{point} <@ box(point(:a{n}, :b), point(:c{n}, :d))")


def _events_spatial(session: Session, filters: Filters) -> ColumnElement[bool] | None:
    box = filters.bbox
    if box is None:
        return None
    params: dict[str, Any] = {}
    if session.get_bind().dialect.name == "sqlite":
        clauses = [_rtree_box(box, params)]
        if filters.since is not None:
            clauses.append("max_day >= :since_day")
            params["since_day"] = _day_number(filters.since)
        if filters.until is not None:
            clauses.append("min_day <= :until_day")
            params["until_day"] = _day_number(filters.until)
        rtree = text(f"SELECT id FROM events_rtree WHERE {' AND '.join(clauses)}").bindparams(
            **params
        )
        return Event.id.in_(rtree.columns(literal_column("id")))
    point = func.point(Event.longitude, Event.latitude)
    sides = [
        point.op("<@")(
            func.box(func.point(half.min_lon, half.min_lat), func.point(half.max_lon, half.max_lat))
        )
        for half in box.halves()
    ]
    return or_(*sides)


def in_box(model: type[Record], kind: str, box: BBox) -> ColumnElement[bool]:
    """Records of ``kind`` located in ``box``: by their extent (zones) or their point."""
    cols = model.__table__.c  # type: ignore[attr-defined]
    if "min_lon" in cols:
        sides = [
            and_(
                cols.max_lon >= half.min_lon,
                cols.min_lon <= half.max_lon,
                cols.max_lat >= half.min_lat,
                cols.min_lat <= half.max_lat,
            )
            for half in box.halves()
        ]
    elif "latitude" in cols:
        sides = [
            and_(
                cols.longitude.between(half.min_lon, half.max_lon),
                cols.latitude.between(half.min_lat, half.max_lat),
            )
            for half in box.halves()
        ]
    else:
        raise InvalidInput(f"{kind} have no location: the bbox filter does not apply to them")
    return or_(*sides)


def in_window(
    model: Any, kind: str, since: date | None, until: date | None
) -> list[ColumnElement[bool]]:
    """The one rule of a time window, for every reader (lists, the map, analyses, exports):
    records of ``kind`` whose day (or span) overlaps [since, until], both days included. An
    event lasts one day unless ``date_end`` says otherwise; a zone or notification with an empty
    bound is open-ended."""
    start_name, end_name = TIME_COLUMNS[kind]
    start = getattr(model, start_name)
    moment = start.type.python_type is datetime
    low: date | datetime | None = since
    high: date | datetime | None = until
    if moment and since is not None:
        low = datetime.combine(since, time.min)
    if moment and until is not None:
        high = datetime.combine(until, time.max)
    out: list[ColumnElement[bool]] = []
    if end_name is None:
        if low is not None:
            out.append(start >= low)
        if high is not None:
            out.append(start <= high)
        return out
    end = getattr(model, end_name)
    if kind == "events":  # a single day unless date_end says otherwise
        if low is not None:
            out.append(func.coalesce(end, start) >= low)
        if high is not None:
            out.append(start <= high)
        return out
    # zones and notifications: an empty bound is open-ended
    if low is not None:
        out.append(or_(end.is_(None), end >= low))
    if high is not None:
        out.append(or_(start.is_(None), start <= high))
    return out


def _actor_ids(session: Session, actor: str, audience: Audience) -> list[int]:
    """The actors ``actor`` names (an id, or a name an actor ``audience`` may see has)."""
    if actor.isdecimal():
        return [int(actor)]
    named = func.lower(Actor.name) == actor.lower()
    return list(session.scalars(select(Actor.id).where(named, visible_clause(Actor, audience))))


def _actor_clause(
    session: Session, kind: str, actor: str, audience: Audience = EVERYONE
) -> ColumnElement[bool]:
    ids = _actor_ids(session, actor, audience) or [-1]
    name = actor.lower()
    if kind == "events":
        return or_(
            Event.actor1_id.in_(ids),
            Event.actor2_id.in_(ids),
            func.lower(Event.actor1) == name,
            func.lower(Event.actor2) == name,
        )
    if kind == "statements":
        return or_(Statement.speaker_id.in_(ids), func.lower(Statement.speaker_name) == name)
    if kind == "claims":
        return or_(Claim.claimant_id.in_(ids), func.lower(Claim.claimant_name) == name)
    if kind == "violations":
        return EventViolation.alleged_by_id.in_(ids)
    if kind == "agreements":
        return Agreement.id.in_(
            select(AgreementActor.agreement_id).where(AgreementActor.actor_id.in_(ids))
        )
    if kind == "zones":
        return Zone.id.in_(select(ZoneActor.zone_id).where(ZoneActor.actor_id.in_(ids)))
    if kind == "notifications":
        recipients = select(NotificationRecipient.notification_id).where(
            NotificationRecipient.actor_id.in_(ids)
        )
        return or_(Notification.notified_by_id.in_(ids), Notification.id.in_(recipients))
    if kind == "actors":
        return or_(Actor.id.in_(ids), Actor.parent_id.in_(ids))
    raise InvalidInput(f"the actor filter does not apply to {kind}")


def _fts_clause(session: Session, kind: str, model: type[Record], q: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        # Each word as a quoted prefix term: user input never reaches FTS5's query syntax.
        words = [w.replace('"', '""') for w in q.split() if w.strip('"')]
        if not words:
            raise InvalidInput("q: give at least one word to search for", detail={"field": "q"})
        match = " ".join(f'"{w}"*' for w in words)
        hits = text(f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH :match").bindparams(
            match=match
        )
        return model.id.in_(hits.columns(literal_column("rowid")))
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in FTS_COLUMNS[kind])
    vector: ColumnElement[Any] = literal_column(f"to_tsvector('simple', {joined})")
    return vector.op("@@")(func.plainto_tsquery("simple", bindparam("fts_q", q)))


def _q_clause(session: Session, kind: str, model: type[Record], q: str) -> ColumnElement[bool]:
    if kind in FTS_COLUMNS:
        return _fts_clause(session, kind, model, q)
    pattern = f"%{q.lower()}%"
    return or_(*(func.lower(getattr(model, c)).like(pattern) for c in LIKE_COLUMNS[kind]))


def _column_filter(
    model: type[Record], table: dict[str, str], kind: str, what: str, value: str
) -> ColumnElement[bool]:
    column = table.get(kind)
    if column is None:
        raise InvalidInput(f"{kind} have no {what}: the {what} filter does not apply to them")
    return getattr(model, column) == value  # type: ignore[no-any-return]


def filter_clauses(session: Session, kind: str, filters: Filters) -> list[ColumnElement[bool]]:
    """The WHERE clauses of ``filters`` for records of ``kind``."""
    model = model_for(kind)
    out: list[ColumnElement[bool]] = []
    if filters.bbox is not None:
        spatial = _events_spatial(session, filters) if kind == "events" else None
        out.append(spatial if spatial is not None else in_box(model, kind, filters.bbox))
    out.extend(in_window(model, kind, filters.since, filters.until))
    if filters.actor:
        out.append(_actor_clause(session, kind, filters.actor, filters.audience))
    if filters.type:
        if kind == "events":
            out.append(or_(Event.event_type == filters.type, Event.sub_event_type == filters.type))
        else:
            out.append(_column_filter(model, TYPE_COLUMN, kind, "type", filters.type))
    if filters.status:
        out.append(_column_filter(model, STATUS_COLUMN, kind, "status", filters.status))
    if filters.q and filters.q.strip():
        out.append(_q_clause(session, kind, model, filters.q.strip()))
    if filters.reliability:
        if kind != "sources":
            raise InvalidInput(f"{kind} have no reliability: only sources are graded")
        graded = filters.reliability
        out.append(
            Source.reliability.is_(None) if graded == UNGRADED else Source.reliability == graded
        )
    return out


def list_records(
    session: Session,
    kind: str,
    *,
    audience: Audience,
    filters: Filters = Filters(),
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Record], int]:
    """One page of the records of ``kind`` that ``audience`` may see and that match, newest
    first, and how many match."""
    model = model_for(kind)
    clauses = [visible_clause(model, audience), *filter_clauses(session, kind, filters)]
    query: Select[Any] = select(model).where(*clauses)
    order = ORDER.get(kind, ("id",))
    query = query.order_by(*(getattr(model, c).desc() for c in order))
    rows = session.scalars(query.limit(limit).offset(offset)).all()
    if offset == 0 and len(rows) < limit:
        count = len(rows)
    else:
        count = session.scalar(select(func.count()).select_from(model).where(*clauses)) or 0
    return rows, count


MAP_COLUMNS = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "fatalities",
    "location",
    "actor1",
    "actor2",
    "status",
)


@dataclass(frozen=True)
class MapAnswer:
    """The map query's rows as one JSON array text (built by the database), and their count."""

    rows_json: str
    count: int
    truncated: bool


def map_events(
    connection: Connection | Session,
    box: BBox,
    *,
    since: date,
    until: date,
    audience: Audience,
    limit: int = 1000,
) -> MapAnswer:
    """The map query: live events in a box and a time window, newest first, with the columns
    of :data:`MAP_COLUMNS`, straight from the spatial index. The database itself renders the
    rows as JSON (SQLite's ``json_group_array``, PostgreSQL's ``json_agg``), so no Python object
    is made per row."""
    params: dict[str, Any] = {"since": since, "until": until, "limit": limit}
    columns = ", ".join(f"e.{c}" for c in MAP_COLUMNS)
    visible = visible_sql("e", "events", audience, params)
    order = "ORDER BY e.event_date DESC, e.id DESC"
    pairs = ", ".join(f"'{c}', {c}" for c in MAP_COLUMNS)
    raw = sqlite_driver(connection)
    if raw is not None:
        params["since"], params["until"] = _day_number(since), _day_number(until)
        where = (
            " FROM events_rtree r JOIN events e ON e.id = r.id"
            f" WHERE {_rtree_box(box, params, alias='r.')}"
            " AND r.max_day >= :since AND r.min_day <= :until"
            f" AND {visible}"
        )
        rows = f"SELECT json_group_array(json_object({pairs})), count(*)"
    else:
        where = (
            " FROM events e"
            f" WHERE {_point_box(box, params, alias='e.')}"
            " AND COALESCE(e.date_end, e.event_date) >= :since AND e.event_date <= :until"
            f" AND {visible}"
        )
        rows = f"SELECT json_agg(json_build_object({pairs}))::text, count(*)"
    page = f"{rows} FROM (SELECT {columns}{where} {order} LIMIT :limit) AS t"
    more = f"SELECT 1{where} LIMIT 1 OFFSET :limit"
    if raw is not None:
        # Straight to the driver (the query is all text and numbers): the map is asked for
        # many times a second and SQLAlchemy's result set-up would cost more than the query.
        rows_json, found = raw.execute(page, params).fetchone()
        truncated = found == limit and raw.execute(more, params).fetchone() is not None
    else:
        rows_json, found = connection.execute(text(page), params).one()
        truncated = found == limit and connection.execute(text(more), params).first() is not None
    return MapAnswer(rows_json=rows_json or "[]", count=found, truncated=truncated)
