"""The records API: list, read, create, update and soft-delete every record kind.

``/api/v1/{kind}`` lists with filters and pagination (``{data, count}``); ``/{kind}/{id}``
reads, ``PUT`` replaces and ``PATCH`` changes fields (both need ``If-Match`` with the version
read, given back as the ``ETag``; a stale version gets 409, never a lost update); ``DELETE``
marks the record deleted. ``/{kind}/{id}/shares`` shares a record with a party. Each handler
checks the caller's role, calls one store function and maps its errors.
"""

# No ``from __future__ import annotations``: FastAPI reads the body types built per kind.

import functools
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from shapely.errors import GEOSException
from shapely.geometry import mapping, shape
from sqlalchemy.orm import Session

from truce.auth.access import Principal, require_write
from truce.errors import InvalidInput
from truce.server.deps import CurrentUser, StoreSession
from truce.server.errors import PreconditionRequired
from truce.server.responses import FastJSONResponse
from truce.server.schemas import API_KINDS, Family, family
from truce.store import records
from truce.store import shares as shares_store
from truce.store.models import Record
from truce.store.query import BBox, Filters, list_records
from truce.store.serialize import to_dict
from truce.store.shares import shared_with
from truce.store.visibility import withhold_links

MAX_LIMIT = 1000
BOUNDED_KINDS = frozenset({"zones", "notifications"})
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None, *, required: bool) -> int | None:
    """The version named by ``If-Match`` (``"3"``, ``W/"3"`` or ``3``)."""
    if value is None or not value.strip():
        if required:
            raise PreconditionRequired(
                "send If-Match with the ETag (version) you read, so nobody's change is lost",
                detail={"header": "If-Match"},
            )
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdecimal():
        raise InvalidInput(
            f'If-Match {value!r}: give the record\'s ETag, e.g. "3"', detail={"header": "If-Match"}
        )
    return int(text)


def record_response(
    session: Session,
    record: Record,
    who: Principal,
    *,
    status: int = 200,
    kind: str | None = None,
) -> Response:
    """One record as ``who`` may see it: links to records they may not see are withheld."""
    headers = {"ETag": etag(record.version)}
    if kind is not None and status == 201:
        headers["Location"] = f"/api/v1/{kind}/{record.id}"
    (body,) = withhold_links(session, type(record), [to_dict(record)], who.audience)
    return FastJSONResponse(body, status_code=status, headers=headers)


def _geometry_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Zones and notifications: GeoJSON checked by shapely, its bounding box filled in."""
    if kind not in BOUNDED_KINDS or "geometry" not in values:
        return values
    raw = values["geometry"]
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(parsed, dict) or parsed.get("type") not in GEOMETRY_TYPES:
            raise ValueError(f"use a GeoJSON geometry of type {', '.join(GEOMETRY_TYPES)}")
        geom = shape(parsed)
        if geom.is_empty or not geom.is_valid:
            raise ValueError("the geometry is empty or not valid (self-crossing, open ring)")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, GEOSException) as error:
        raise InvalidInput(f"geometry: {error}", detail={"field": "geometry"}) from None
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
        raise InvalidInput(
            "geometry: coordinates must be longitude -180..180 then latitude -90..90",
            detail={"field": "geometry"},
        )
    text = json.dumps(mapping(geom), separators=(",", ":"))
    return {
        **values,
        "geometry": text,
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
    }


class Share(BaseModel):
    party_id: int = Field(description="The party actor the record is shared with")


class SharePage(BaseModel):
    data: list[Share]
    count: int


def _list_route(router: APIRouter, kind: str, fam: Family) -> None:
    def list_kind(
        who: CurrentUser,
        session: StoreSession,
        bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
        since: Annotated[date | None, Query(description="From this day (YYYY-MM-DD)")] = None,
        until: Annotated[date | None, Query(description="Up to this day, included")] = None,
        actor: Annotated[str | None, Query(description="Actor id or exact name")] = None,
        type: Annotated[str | None, Query(description="Event type or kind")] = None,
        status: Annotated[str | None, Query()] = None,
        q: Annotated[str | None, Query(description="Words to search for", max_length=500)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        if since and until and since > until:
            raise InvalidInput("since is after until: swap them", detail={"field": "since"})
        filters = Filters(
            bbox=BBox.parse(bbox) if bbox else None,
            since=since,
            until=until,
            actor=actor,
            type=type,
            status=status,
            q=q,
            audience=who.audience,
        )
        model = records.model_for(kind)
        rows, count = list_records(
            session,
            kind,
            audience=who.audience,
            filters=filters,
            limit=limit,
            offset=offset,
        )
        data = withhold_links(session, model, [to_dict(r) for r in rows], who.audience)
        return FastJSONResponse({"data": data, "count": count})

    router.add_api_route(
        f"/{kind}",
        list_kind,
        methods=["GET"],
        response_model=fam.page,
        summary=f"List {kind} (filters, pagination)",
        name=f"list_{kind}",
    )


def _read_routes(router: APIRouter, kind: str, fam: Family) -> None:
    def get_one(who: CurrentUser, session: StoreSession, record_id: int) -> Response:
        return record_response(
            session, records.get_visible(session, kind, record_id, who.audience), who
        )

    router.add_api_route(
        f"/{kind}/{{record_id}}",
        get_one,
        methods=["GET"],
        response_model=fam.public,
        summary=f"Read one of the {kind} (ETag = version)",
        name=f"get_{kind}",
    )


def _write_routes(router: APIRouter, kind: str, fam: Family) -> None:
    create_schema, update_schema = fam.create, fam.update

    def create(who: CurrentUser, session: StoreSession, body: create_schema) -> Response:  # type: ignore[valid-type]
        require_write(who, kind, "create")
        values = _geometry_values(kind, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
        record = records.create(session, kind, values, actor=who.audit_name, audience=who.audience)
        return record_response(session, record, who, status=201, kind=kind)

    def change(
        session: Session,
        who: Principal,
        record_id: int,
        values: dict[str, Any],
        if_match: str | None,
    ) -> Response:
        require_write(who, kind, "update")
        expected = parse_if_match(if_match, required=True)
        values = _geometry_values(kind, values)
        records.get_visible(session, kind, record_id, who.audience)
        record = records.update_record(
            session,
            kind,
            record_id,
            values,
            actor=who.audit_name,
            expected_version=expected,
            audience=who.audience,
        )
        return record_response(session, record, who)

    def replace(
        who: CurrentUser,
        session: StoreSession,
        record_id: int,
        body: create_schema,  # type: ignore[valid-type]
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        # A replacement clears what it leaves out, except columns that cannot be empty.
        columns = records.model_for(kind).__table__.c  # type: ignore[attr-defined]
        values = {
            key: value
            for key, value in body.model_dump().items()  # type: ignore[attr-defined]
            if value is not None or columns[key].nullable
        }
        return change(session, who, record_id, values, if_match)

    def patch(
        who: CurrentUser,
        session: StoreSession,
        record_id: int,
        body: update_schema,  # type: ignore[valid-type]
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        values = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        if not values:
            raise InvalidInput("the body names no field to change")
        return change(session, who, record_id, values, if_match)

    def remove(
        who: CurrentUser,
        session: StoreSession,
        record_id: int,
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        require_write(who, kind, "delete")
        expected = parse_if_match(if_match, required=False)
        records.get_visible(session, kind, record_id, who.audience)
        records.soft_delete(
            session, kind, record_id, actor=who.audit_name, expected_version=expected
        )
        return Response(status_code=204)

    path = f"/{kind}/{{record_id}}"
    router.add_api_route(
        f"/{kind}",
        create,
        methods=["POST"],
        status_code=201,
        response_model=fam.public,
        summary=f"Create one of the {kind}",
        name=f"create_{kind}",
    )
    router.add_api_route(
        path,
        replace,
        methods=["PUT"],
        response_model=fam.public,
        summary=f"Replace one of the {kind} (If-Match required)",
        name=f"replace_{kind}",
    )
    router.add_api_route(
        path,
        patch,
        methods=["PATCH"],
        response_model=fam.public,
        summary=f"Change fields of one of the {kind} (If-Match required)",
        name=f"patch_{kind}",
    )
    router.add_api_route(
        path,
        remove,
        methods=["DELETE"],
        status_code=204,
        summary=f"Soft-delete one of the {kind}",
        name=f"delete_{kind}",
    )


def _share_routes(router: APIRouter, kind: str) -> None:
    def shares(who: CurrentUser, session: StoreSession, record_id: int) -> Response:
        records.get_visible(session, kind, record_id, who.audience)
        parties = shared_with(session, kind, record_id)
        if who.role == "liaison":
            parties = [p for p in parties if p == who.party_id]
        return _share_page(parties)

    def share(who: CurrentUser, session: StoreSession, record_id: int, body: Share) -> Response:
        require_write(who, kind, "share")
        records.get_visible(session, kind, record_id, who.audience)
        return _share_page(
            shares_store.share(session, kind, record_id, body.party_id, actor=who.audit_name)
        )

    def unshare(who: CurrentUser, session: StoreSession, record_id: int, party_id: int) -> Response:
        require_write(who, kind, "share")
        records.get_visible(session, kind, record_id, who.audience)
        shares_store.unshare(session, kind, record_id, party_id, actor=who.audit_name)
        return Response(status_code=204)

    path = f"/{kind}/{{record_id}}/shares"
    router.add_api_route(
        path,
        shares,
        methods=["GET"],
        response_model=SharePage,
        summary=f"Parties one of the {kind} is shared with",
        name=f"shares_{kind}",
    )
    router.add_api_route(
        path,
        share,
        methods=["POST"],
        response_model=SharePage,
        summary=f"Share one of the {kind} with a party",
        name=f"share_{kind}",
    )
    router.add_api_route(
        f"{path}/{{party_id}}",
        unshare,
        methods=["DELETE"],
        status_code=204,
        summary=f"Stop sharing one of the {kind} with a party",
        name=f"unshare_{kind}",
    )


def _share_page(parties: list[int]) -> Response:
    return FastJSONResponse({"data": [{"party_id": p} for p in parties], "count": len(parties)})


@functools.cache
def build_router() -> APIRouter:
    """Routes for every record kind (candidates have their own review-queue routes). Built
    once per process (about 0.2 s) and shared by every app, as the modules' own routers are:
    a route holds no app or store of its own."""
    router = APIRouter(prefix="/api/v1")
    for kind in API_KINDS:
        fam = family(kind)
        first = len(router.routes)
        _list_route(router, kind, fam)
        _read_routes(router, kind, fam)
        _write_routes(router, kind, fam)
        _share_routes(router, kind)
        for route in router.routes[first:]:
            if isinstance(route, APIRoute):
                route.tags = [kind]
    return router
