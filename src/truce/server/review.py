"""Extraction over HTTP: text in, candidates out; the review queue; the daily report.

``POST /api/v1/extract`` runs the pure pipeline and returns the contract JSON
(``truce.extraction/1``) without storing anything; ``POST /api/v1/ingest`` stores the text as
a source with its candidates; the review queue lists them, edits one (``PATCH``, with
``If-Match``) and accepts or rejects it; an event that matches an existing one answers 409
``possible-duplicate`` until the caller chooses ``merge_into`` or ``create_new``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from truce.auth.access import Principal, can_read_queue
from truce.errors import Forbidden, InvalidInput, NotFound
from truce.extract import extract as run_extraction
from truce.extract import load_gazetteer
from truce.extract.html import Page, report_text
from truce.report import render
from truce.server.deps import CurrentUser, StoreEngine, StoreSession
from truce.server.records import parse_if_match
from truce.server.responses import FastJSONResponse
from truce.server.security import FRAMEABLE_HERE
from truce.services import ingest as ingesting
from truce.services import reports
from truce.services import review as reviewing
from truce.store import candidates as queue
from truce.store import records
from truce.store.candidate_edits import CandidateEdit
from truce.store.registry import store_registry
from truce.store.serialize import to_dict

router = APIRouter(prefix="/api/v1")
Day = date  # CandidatePatch has a field named "date"
MAX_TEXT = 1_000_000


class TextIn(BaseModel):
    text: str = Field(
        min_length=1, max_length=MAX_TEXT, description="The report: plain text, or a web page"
    )
    published: date | None = Field(
        None, description="Publication date: resolves 'yesterday' (default: the page's own)"
    )
    format: Literal["text", "html"] = Field(
        "text", description="html: a saved web page, read as its article's paragraphs"
    )

    def report(self) -> Page:
        """The plain text; a web page's title, date and address; ``published`` overrides."""
        try:
            page = report_text(self.text, html=self.format == "html")
        except InvalidInput as error:
            raise InvalidInput(f"text: {error.message}", detail={"field": "text"}) from None
        return replace(page, published=self.published or page.published)


class IngestIn(TextIn):
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)


class Decision(BaseModel):
    note: str | None = Field(None, max_length=5000)
    event_id: int | None = Field(None, description="For a claim: the event it is about")
    merge_into: int | None = Field(
        None, description="For an event that matches an existing one: add this source to it"
    )
    create_new: bool = Field(
        False, description="For an event that matches an existing one: create a new one anyway"
    )


class CandidatePatch(BaseModel):
    """Fields to change before accepting; those left out stay as extraction found them."""

    date: Day | None = None
    place: str | None = Field(None, max_length=300, description="A gazetteer name ('' clears)")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    actor1: str | None = Field(None, max_length=300, description="Or a statement's speaker")
    actor2: str | None = Field(None, max_length=300)
    event_type: str | None = Field(None, max_length=64)
    sub_event_type: str | None = Field(None, max_length=64)
    fatalities: int | None = Field(None, ge=0)
    words: str | None = Field(None, max_length=20_000, description="An event's text, a quote")


def ingest_page(engine: Engine, page: Page, *, actor: str) -> ingesting.IngestResult:
    """Store a report as a source with its candidates, actors resolved against the store."""
    return ingesting.ingest_text(
        engine,
        page.text,
        published=page.published,
        title=page.title,
        url=page.url,
        actor=actor,
        registry=store_registry(engine),
        gazetteer=load_gazetteer(),
    )


def _reviewer(who: Principal) -> None:
    if not can_read_queue(who):
        raise Forbidden(f"a {who.role} may not use the review queue: only admins and analysts")


@router.post("/extract", tags=["extraction"], summary="Candidates in a text (stores nothing)")
def extract(who: CurrentUser, engine: StoreEngine, body: TextIn) -> Response:
    _reviewer(who)
    page = body.report()
    result = run_extraction(
        page.text,
        published=page.published,
        registry=store_registry(engine),
        gazetteer=load_gazetteer(),
    )
    return FastJSONResponse(result.to_json())


@router.post(
    "/ingest",
    tags=["extraction"],
    status_code=201,
    summary="Store a text as a source with its candidates for review",
)
def ingest(who: CurrentUser, engine: StoreEngine, body: IngestIn) -> Response:
    _reviewer(who)
    page = body.report()
    page = replace(page, title=body.title or page.title, url=body.url or page.url)
    result = ingest_page(engine, page, actor=who.audit_name)
    out = {
        "source_id": result.source_id,
        "created": result.created,
        "candidates": result.candidates,
    }
    return FastJSONResponse(out, status_code=201 if result.created else 200)


@router.get("/candidates", tags=["review"], summary="The review queue, oldest first")
def candidates(
    who: CurrentUser,
    session: StoreSession,
    status: Annotated[Literal["pending", "accepted", "rejected"] | None, Query()] = "pending",
    kind: Annotated[str | None, Query()] = None,
    source_id: Annotated[int | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    _reviewer(who)
    rows = queue.list_candidates(
        session, status=status, kind=kind, source_id=source_id, limit=limit, offset=offset
    )
    data = [to_dict(c) for c in rows]
    count = queue.count_candidates(session, status=status, kind=kind, source_id=source_id)
    return FastJSONResponse({"data": data, "count": count})


@router.get("/candidates/{candidate_id}", tags=["review"], summary="One candidate")
def candidate(who: CurrentUser, session: StoreSession, candidate_id: int) -> Response:
    _reviewer(who)
    found = records.get(session, "candidates", candidate_id)
    return FastJSONResponse(to_dict(found), headers={"ETag": f'"{found.version}"'})


@router.patch("/candidates/{candidate_id}", tags=["review"], summary="Edit a pending candidate")
def edit(
    who: CurrentUser,
    engine: StoreEngine,
    candidate_id: int,
    body: CandidatePatch,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    _reviewer(who)
    expected = parse_if_match(if_match, required=True)
    done = reviewing.edit_candidate(
        engine,
        candidate_id,
        CandidateEdit(**body.model_dump()),
        actor=who.audit_name,
        expected_version=expected,
    )
    return FastJSONResponse(to_dict(done), headers={"ETag": f'"{done.version}"'})


def _decide(
    engine: Engine, who: Principal, candidate_id: int, decision: str, body: Decision
) -> Response:
    _reviewer(who)
    done = reviewing.decide_candidate(
        engine,
        candidate_id,
        decision,
        actor=who.audit_name,
        note=body.note,
        event_id=body.event_id,
        merge_into=body.merge_into,
        create_new=body.create_new,
    )
    return FastJSONResponse(to_dict(done))


@router.post("/candidates/{candidate_id}/accept", tags=["review"], summary="Accept a candidate")
def accept(who: CurrentUser, engine: StoreEngine, candidate_id: int, body: Decision) -> Response:
    return _decide(engine, who, candidate_id, "accept", body)


@router.post("/candidates/{candidate_id}/reject", tags=["review"], summary="Reject a candidate")
def reject(who: CurrentUser, engine: StoreEngine, candidate_id: int, body: Decision) -> Response:
    return _decide(engine, who, candidate_id, "reject", body)


@router.get(
    "/reports/daily",
    tags=["reports"],
    summary="The daily report (md, html, json or pdf)",
    responses={
        200: {
            "content": {
                "application/json": {},
                "text/html": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
)
def daily(
    who: CurrentUser,
    engine: StoreEngine,
    day: Annotated[
        date | None, Query(alias="date", description="Default: latest event day")
    ] = None,
    fmt: Annotated[Literal["md", "html", "json", "pdf"], Query(alias="format")] = "json",
    download: Annotated[bool, Query(description="As a file to save")] = False,
) -> Response:
    report = reports.daily_report(engine, day, audience=who.audience)
    if report is None:
        raise NotFound("the store has no events: give the report's date")
    body: Any = render(report, fmt)
    media = {
        "json": "application/json",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "pdf": "application/pdf",
    }[fmt]
    headers = dict(FRAMEABLE_HERE) if fmt == "html" else {}  # the /report page frames it
    if download or fmt == "pdf":
        name = f"truce-daily-{report.day.isoformat()}.{fmt}"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(body, media_type=media, headers=headers)
