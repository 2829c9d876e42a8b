"""Exports over HTTP: the same files as ``truce export``, limited to what the caller may see.

``GET /api/v1/export/{format}`` streams an ACLED CSV, a UCDP-style CSV, GeoJSON, JSON Lines or
the actor YAML. The export is written to a temporary file first (constant memory, however many
records), then sent as a download and deleted. Events can be narrowed like the records list:
a box, a type, an actor, words.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from truce.errors import InvalidInput
from truce.export import Filters, export
from truce.server.deps import CurrentUser, StoreEngine, StoreSession
from truce.store.query import BBox, filter_clauses
from truce.store.query import Filters as RecordFilters

router = APIRouter(prefix="/api/v1")

MEDIA = {
    "acled": ("text/csv; charset=utf-8", "csv"),
    "ucdp": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "actors": ("application/yaml", "yaml"),
}


@router.get(
    "/export/{fmt}",
    tags=["export"],
    summary="Records as a file, as truce export",
    responses={200: {"content": {media.split(";")[0]: {} for media, _suffix in MEDIA.values()}}},
)
def export_file(
    who: CurrentUser,
    engine: StoreEngine,
    session: StoreSession,
    fmt: Literal["acled", "ucdp", "geojson", "jsonl", "actors"],
    kind: Annotated[
        str | None, Query(description="geojson: events, places, zones, notifications; jsonl: any")
    ] = None,
    since: Annotated[date | None, Query(description="From this day (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="Up to this day, included")] = None,
    bbox: Annotated[str | None, Query(description="Events: minlon,minlat,maxlon,maxlat")] = None,
    type: Annotated[str | None, Query(description="Events: event or sub-event type")] = None,
    actor: Annotated[str | None, Query(description="Events: an actor's id or exact name")] = None,
    q: Annotated[str | None, Query(description="Events: words", max_length=500)] = None,
) -> Response:
    if since and until and since > until:
        raise InvalidInput("since is after until: swap them", detail={"field": "since"})
    narrowed = RecordFilters(
        bbox=BBox.parse(bbox) if bbox else None, type=type, actor=actor, q=q, audience=who.audience
    )
    where = tuple(filter_clauses(session, "events", narrowed))
    filters = Filters(since=since, until=until, audience=who.audience, events_where=where)
    media, suffix = MEDIA[fmt]
    descriptor, path = tempfile.mkstemp(suffix=f".{suffix}", prefix="truce-export-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            count = export(engine, fmt, stream, kind=kind, filters=filters)
    except BaseException:
        os.unlink(path)
        raise
    name = f"truce-{kind if fmt in ('geojson', 'jsonl') else fmt}.{suffix}"
    return FileResponse(
        path,
        media_type=media,
        filename=name,
        headers={"X-Truce-Count": str(count)},
        background=BackgroundTask(os.unlink, path),
    )
