"""The analyses over HTTP: health, near, cooccur, zone and deconfliction checks, assess,
verify and stats. Each endpoint parses its query, calls one analysis or use-case function
(``truce.services``) with the audience of the caller (what they may see), and returns the
result's JSON form.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from truce.analyze import cooccur as cooccurrence
from truce.analyze import deconfliction, zones
from truce.analyze.assess.export import assessment_dict
from truce.analyze.output import plain
from truce.analyze.verify.export import verification_dict
from truce.auth.access import require_write
from truce.errors import InvalidInput
from truce.server.deps import CurrentUser, StoreEngine
from truce.server.responses import FastJSONResponse
from truce.services import analyses, reports
from truce.store.query import BBox

router = APIRouter(prefix="/api/v1", tags=["analyses"])

Km = Annotated[float, Query(gt=0, le=20000, description="Distance in kilometres")]
Hours = Annotated[float, Query(ge=0, le=24 * 3650, description="Time apart in hours")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]


def _plain(result: Any) -> Response:
    to_dict = getattr(result, "to_dict", None)  # else a dataclass, which plain() reads itself
    return FastJSONResponse(plain(to_dict() if callable(to_dict) else result))


def _bbox(value: str | None) -> BBox | None:
    return None if value is None else BBox.parse(value)


def _event(ref: str) -> str | int:
    """An event named by its id or its external id."""
    return int(ref) if ref.isdecimal() else ref


@router.get("/health", summary="Ceasefire health: agreements and alleged violations over time")
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
    return _plain(
        analyses.ceasefire_health(
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


@router.get("/near/{event}", summary="Events within km and hours of one event (id or external id)")
def near(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    km: Km = 10.0,
    hours: Hours = 24.0,
    across_actors: bool = False,
) -> Response:
    return _plain(
        cooccurrence.near(
            engine,
            _event(event),
            km=km,
            hours=hours,
            across_actors=across_actors,
            audience=who.audience,
        )
    )


@router.get("/cooccur", summary="Every pair of events within km and hours of each other")
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
    return _plain(
        cooccurrence.cooccur(
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


@router.get("/checks/zones", summary="Events inside valid zones (restricted kinds flagged)")
def check_zones(
    who: CurrentUser,
    engine: StoreEngine,
    at: Day = None,
    since: Day = None,
    until: Day = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    violations_only: bool = False,
) -> Response:
    return _plain(
        zones.check_zones(
            engine,
            at=at,
            since=since,
            until=until,
            bbox=_bbox(bbox),
            violations_only=violations_only,
            audience=who.audience,
        )
    )


@router.get("/checks/deconfliction", summary="Events on notified sites and movements")
def check_deconfliction(
    who: CurrentUser,
    engine: StoreEngine,
    since: Day = None,
    until: Day = None,
    margin_hours: Annotated[float, Query(ge=0, le=720)] = 0.0,
    planned_only: bool = False,
) -> Response:
    return _plain(
        deconfliction.check_deconfliction(
            engine,
            since=since,
            until=until,
            margin_hours=margin_hours,
            planned_only=planned_only,
            audience=who.audience,
        )
    )


@router.get("/assess/{event}", summary="Competing hypotheses on one attribute of one event")
def assess(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    attribute: Annotated[str | None, Query(description="perpetrator, weapon, …")] = None,
) -> Response:
    result = analyses.assess_incident(
        engine, _event(event), attribute=attribute, audience=who.audience
    )
    return FastJSONResponse(assessment_dict(result))


@router.post(
    "/assess/{event}", status_code=201, summary="Run and store the assessment (audited record)"
)
def save_assessment(
    who: CurrentUser,
    engine: StoreEngine,
    event: str,
    attribute: Annotated[str | None, Query()] = None,
) -> Response:
    require_write(who, "assessments", "create")
    saved = analyses.assess_incident(
        engine, _event(event), attribute=attribute, audience=who.audience, save_as=who.audit_name
    )
    return FastJSONResponse(assessment_dict(saved), status_code=201)


class VerifyIn(BaseModel):
    words: str = Field(min_length=1, max_length=5000, description="The attributed words")
    speaker: str = Field(min_length=1, max_length=300, description="Who they are attributed to")
    around: date | None = Field(None, description="When they were supposedly said")
    days: int = Field(3, ge=0, le=3650, description="Days either side of `around`")


@router.post("/verify", summary="Is a statement attributed to someone on record?")
def verify(who: CurrentUser, engine: StoreEngine, body: VerifyIn) -> Response:
    result = analyses.verify_attribution(
        engine,
        body.words,
        speaker=body.speaker,
        around=body.around,
        days=body.days,
        audience=who.audience,
    )
    return FastJSONResponse(verification_dict(result))


@router.get("/stats", summary="Counts, rates and breakdowns of the records")
def stats(who: CurrentUser, engine: StoreEngine, since: Day = None, until: Day = None) -> Response:
    if since and until and since > until:
        raise InvalidInput("since is after until: swap them", detail={"field": "since"})
    return _plain(reports.compute_stats(engine, since=since, until=until, audience=who.audience))
