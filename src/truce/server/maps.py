"""The map query: events in a box and a time window, compact and fast.

``GET /api/v1/map/events?bbox=minlon,minlat,maxlon,maxlat&since=&until=`` answers from the
spatial index (SQLite R*Tree joined to the events, or PostgreSQL's GiST index) with only the
columns a map needs, rendered as JSON by the database itself. It is an ``async`` handler on
purpose: the query takes a few milliseconds, and a hop to the thread pool would cost more.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from truce.errors import InvalidInput
from truce.server.deps import CurrentUser, StoreEngine
from truce.store.query import BBox, map_events

router = APIRouter(prefix="/api/v1/map", tags=["map"])
MAX_ROWS = 5000


class MapEvent(BaseModel):
    id: int
    event_date: str
    event_type: str
    sub_event_type: str | None
    latitude: float
    longitude: float
    fatalities: int | None
    location: str | None
    actor1: str | None
    actor2: str | None
    status: str


class MapPage(BaseModel):
    data: list[MapEvent]
    count: int
    truncated: bool


@router.get("/events", response_model=MapPage, summary="Events in a box and a time window")
async def events(
    who: CurrentUser,
    engine: StoreEngine,
    bbox: Annotated[str, Query(description="minlon,minlat,maxlon,maxlat")],
    since: Annotated[date, Query(description="First day, YYYY-MM-DD")],
    until: Annotated[date, Query(description="Last day, included")],
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = 1000,
) -> Response:
    if since > until:
        raise InvalidInput("since is after until: swap them", detail={"field": "since"})
    box = BBox.parse(bbox)
    with engine.connect() as connection:  # read-only: no ORM session needed
        answer = map_events(
            connection,
            box,
            since=since,
            until=until,
            audience=who.audience,
            limit=limit,
        )
    body = (
        f'{{"data":{answer.rows_json},"count":{answer.count},'
        f'"truncated":{"true" if answer.truncated else "false"}}}'
    )
    return Response(body.encode("utf-8"), media_type="application/json")
