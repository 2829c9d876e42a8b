"""The analyses over HTTP: health, near, cooccur, zone and deconfliction checks, assess,
verify and stats. Each endpoint parses its query, calls one analysis function with the
audience of the caller (what they may see), and returns the result's JSON form. The analysis modules
are imported when first used, so the API starts without the optional embedding model.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Engine

from truce.auth.access import Principal, require_write
from truce.errors import InvalidInput, MissingDependency
from truce.server import review
from truce.server.deps import CurrentUser, StoreEngine
from truce.server.responses import FastJSONResponse
from truce.store.models import Record
from truce.store.query import BBox
from truce.store.visibility import visible_clause

router = APIRouter()
router.include_router(review.router)
api = APIRouter(prefix="/api/v1", tags=["analyses"])

Km = Annotated[float, Query(gt=0, le=20000, description="Distance in kilometres")]
Hours = Annotated[float, Query(ge=0, le=24 * 3650, description="Time apart in hours")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name and missing.name.startswith("truce"):
            raise MissingDependency(f"this analysis ({name}) is not installed here") from None
        raise


def _plain(result: Any) -> Response:
    output = _module("truce.analyze.output")
    to_dict = getattr(result, "to_dict", None)  # else a dataclass, which plain() reads itself
    return FastJSONResponse(output.plain(to_dict() if callable(to_dict) else result))


def _visibility(who: Principal) -> Callable[[type[Record]], ColumnElement[bool]]:
    return lambda model: visible_clause(model, who.audience)


def _bbox(value: str | None) -> list[float] | None:
    if value is None:
        return None
    box = BBox.parse(value)
    return [box.min_lon, box.min_lat, box.max_lon, box.max_lat]


@api.get("/health", summary="Ceasefire health: agreements and alleged violations over time")
def health(
    who: CurrentUser,
    engine: StoreEngine,
    since: Day = None,
    until: Day = None,
    by: Annotated[Literal["day", "week", "month"], Query()] = "day",
    area: Annotated[str | None, Query(description="admin1 area")] = None,
    actor: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query(description="agreement kind")] = None,
    scope: Annotated[Literal["national", "local"] | None, Query()] = None,
) -> Response:
    run = _module("truce.analyze.health").health
    return _plain(
        run(
            engine,
            since=since,
            until=until,
            by=by,
            area=area,
            actor=actor,
            kind=kind,
            scope=scope,
            audience=who.audience,
        )
    )


@api.get("/near/{event}", summary="Events within km and hours of one event (id or external id)")
def near(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    km: Km = 10.0,
    hours: Hours = 24.0,
    across_actors: bool = False,
) -> Response:
    run = _module("truce.analyze.cooccur").near
    ref: str | int = int(event) if event.isdecimal() else event
    return _plain(
        run(
            engine,
            ref,
            km=km,
            hours=hours,
            across_actors=across_actors,
            audience=who.audience,
        )
    )


@api.get("/cooccur", summary="Every pair of events within km and hours of each other")
def cooccur(
    who: CurrentUser,
    engine: StoreEngine,
    km: Km = 10.0,
    hours: Hours = 24.0,
    since: Day = None,
    until: Day = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    across_actors: bool = False,
) -> Response:
    run = _module("truce.analyze.cooccur").cooccur
    return _plain(
        run(
            engine,
            km=km,
            hours=hours,
            across_actors=across_actors,
            since=since,
            until=until,
            bbox=_bbox(bbox),
            audience=who.audience,
        )
    )


@api.get("/checks/zones", summary="Events inside valid zones (restricted kinds flagged)")
def check_zones(
    who: CurrentUser,
    engine: StoreEngine,
    at: Day = None,
    since: Day = None,
    until: Day = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    violations_only: bool = False,
) -> Response:
    run = _module("truce.analyze.zones").check_zones
    return _plain(
        run(
            engine,
            at=at,
            since=since,
            until=until,
            bbox=_bbox(bbox),
            violations_only=violations_only,
            audience=who.audience,
        )
    )


@api.get("/checks/deconfliction", summary="Events on notified sites and movements")
def check_deconfliction(
    who: CurrentUser,
    engine: StoreEngine,
    since: Day = None,
    until: Day = None,
    margin_hours: Annotated[float, Query(ge=0, le=720)] = 0.0,
    planned_only: bool = False,
) -> Response:
    run = _module("truce.analyze.deconfliction").check_deconfliction
    return _plain(
        run(
            engine,
            since=since,
            until=until,
            margin_hours=margin_hours,
            planned_only=planned_only,
            audience=who.audience,
        )
    )


def _assessment(engine: Engine, who: Principal, event: str, attribute: str | None) -> Any:
    store_side = _module("truce.analyze.assess.store")
    ref: str | int = int(event) if event.isdecimal() else event
    return store_side.assess_event(engine, ref, attribute=attribute, visibility=_visibility(who))


@api.get("/assess/{event}", summary="Competing hypotheses on one attribute of one event")
def assess(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    attribute: Annotated[str | None, Query(description="perpetrator, weapon, …")] = None,
) -> Response:
    export = _module("truce.analyze.assess.export")
    result = _assessment(engine, who, event, attribute)
    return FastJSONResponse(export.assessment_dict(result))


@api.post(
    "/assess/{event}", status_code=201, summary="Run and store the assessment (audited record)"
)
def save_assessment(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    attribute: Annotated[str | None, Query()] = None,
) -> Response:
    require_write(who, "assessments", "create")
    store_side = _module("truce.analyze.assess.store")
    export = _module("truce.analyze.assess.export")
    result = _assessment(engine, who, event, attribute)
    saved = store_side.save_assessment(engine, result, who=who.audit_name)
    return FastJSONResponse(export.assessment_dict(saved), status_code=201)


class VerifyIn(BaseModel):
    words: str = Field(min_length=1, max_length=5000, description="The attributed words")
    speaker: str = Field(min_length=1, max_length=300, description="Who they are attributed to")
    around: date | None = Field(None, description="When they were supposedly said")
    days: int = Field(3, ge=0, le=3650, description="Days either side of `around`")


@api.post("/verify", summary="Is a statement attributed to someone on record?")
def verify(who: CurrentUser, engine: StoreEngine, body: VerifyIn) -> Response:
    store_side = _module("truce.analyze.verify.store")
    result = store_side.verify_statement(
        engine,
        body.words,
        speaker=body.speaker,
        around=body.around,
        days=body.days,
        visibility=_visibility(who),
    )
    export = _module("truce.analyze.verify.export")
    return FastJSONResponse(export.verification_dict(result))


@api.get("/stats", summary="Counts, rates and breakdowns of the records")
def stats(who: CurrentUser, engine: StoreEngine, since: Day = None, until: Day = None) -> Response:
    if since and until and since > until:
        raise InvalidInput("since is after until: swap them", detail={"field": "since"})
    run = _module("truce.services.reports").compute_stats
    return _plain(run(engine, since=since, until=until, audience=who.audience))


router.include_router(api)
