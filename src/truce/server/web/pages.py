"""Page handlers: parse the request, call one store or analysis function, render a template.

Every page needs a signed-in user (``Viewer``: anonymous visitors are sent to /login and
back); what each page lists is limited to what that user may see, and a record they may not
see answers 404 exactly like a missing one. Errors are raised, and rendered as the site's error
page by the one handler (``truce.server.errors``).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from truce.auth.access import can_write
from truce.days import parse_day
from truce.errors import Forbidden, TruceError
from truce.report.render import to_html_body
from truce.server.auth import safe_next
from truce.server.deps import MaybeViewer, StoreEngine, StoreSession, Viewer
from truce.server.web import analysis
from truce.server.web.dashboard import dashboard
from truce.server.web.deps import render
from truce.server.web.incident import incident
from truce.server.web.list_pages import router as list_router
from truce.server.web.registry import AgreementFilter, agreement_page, registry
from truce.server.web.review_pages import router as review_router
from truce.server.web.sources import grade, source_page
from truce.server.web.statements import search
from truce.services.reports import daily_report
from truce.vocab import RELIABILITY_GRADES

router = APIRouter(include_in_schema=False)
router.include_router(review_router)
router.include_router(list_router)


@router.get("/login")
def login_page(request: Request, viewer: MaybeViewer, next: str | None = None) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", None, next=safe_next(next))


@router.get("/")
def dashboard_page(request: Request, viewer: Viewer, session: StoreSession) -> Response:
    return render(request, "dashboard.html", viewer, data=dashboard(session, viewer))


@router.get("/events/{event_id}")
def incident_page(
    request: Request,
    viewer: Viewer,
    session: StoreSession,
    engine: StoreEngine,
    event_id: int,
    attribute: str | None = None,
    km: Annotated[float, Query(gt=0, le=500)] = 10.0,
    hours: Annotated[float, Query(ge=0, le=24 * 365)] = 24.0,
) -> Response:
    found = incident(session, viewer, event_id)
    chosen = attribute or (found.attributes[0] if found.attributes else None)
    ach = analysis.assess(engine, viewer, event_id, chosen) if chosen else None
    return render(
        request,
        "incident.html",
        viewer,
        i=found,
        attribute=chosen,
        ach=ach,
        ach_text=analysis.assess_text(ach) if ach else None,
        near=analysis.nearby(engine, viewer, event_id, km=km, hours=hours),
        guard=analysis.protections(engine, viewer, event_id),
    )


@router.get("/agreements")
def agreements_page(
    request: Request,
    viewer: Viewer,
    session: StoreSession,
    kind: str | None = None,
    scope: str | None = None,
    status: str | None = None,
    mediator: Annotated[str | None, Query()] = None,
    q: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    wanted = AgreementFilter(
        kind=kind or None,
        scope=scope or None,
        status=status or None,
        mediator=int(mediator) if mediator and mediator.isdecimal() else None,
        q=q or None,
    )
    data = registry(session, viewer, wanted, offset=offset)
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "offset"])
    return render(request, "agreements.html", viewer, r=data, f=wanted, offset=offset, query=query)


@router.get("/agreements/{agreement_id}")
def agreement_detail(
    request: Request, viewer: Viewer, session: StoreSession, agreement_id: int
) -> Response:
    page = agreement_page(session, viewer, agreement_id)
    return render(request, "agreement.html", viewer, a=page)


@router.get("/statements")
def statements_page(
    request: Request, viewer: Viewer, session: StoreSession, q: str | None = None
) -> Response:
    total, hits = search(session, viewer, q)
    return render(request, "statements.html", viewer, q=q or "", total=total, hits=hits)


@router.get("/verify")
def verify_form(request: Request, viewer: Viewer) -> Response:
    return render(request, "verify.html", viewer, form={}, result=None)


@router.post("/verify")
def verify_submit(
    request: Request,
    viewer: Viewer,
    engine: StoreEngine,
    words: Annotated[str, Form()],
    speaker: Annotated[str, Form()],
    around: Annotated[str, Form()] = "",
    days: Annotated[int, Form(ge=0, le=3650)] = 7,
    lexical: Annotated[bool, Form()] = False,
) -> Response:
    form = {"words": words, "speaker": speaker, "around": around, "days": days, "lexical": lexical}
    try:
        result = analysis.verify(
            engine, viewer, words, speaker=speaker, around=around or None, days=days,
            lexical=lexical,
        )  # fmt: skip
    except TruceError as error:  # shown in the form, with what was typed, to correct it
        return render(request, "verify.html", viewer, form=form, result=None,
                      error=error.message, status=error.status)  # fmt: skip
    return render(request, "verify.html", viewer, form=form, result=result)


@router.get("/sources/{source_id}")
def source_view(
    request: Request, viewer: Viewer, session: StoreSession, source_id: int
) -> Response:
    found = source_page(session, viewer, source_id)
    return render(
        request,
        "source.html",
        viewer,
        s=found.source,
        citations=found.citations,
        grades=RELIABILITY_GRADES,
        can_grade=can_write(viewer, "sources", "update"),
    )


@router.post("/sources/{source_id}/grade")
def source_grade(
    viewer: Viewer,
    session: StoreSession,
    source_id: int,
    reliability: Annotated[str, Form(max_length=1)] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    if not can_write(viewer, "sources", "update"):
        raise Forbidden("only admins and analysts grade sources")
    grade(session, viewer, source_id, reliability, version=version)
    return RedirectResponse(f"/sources/{source_id}#grade", status_code=303)


@router.get("/report")
def report_page(
    request: Request, viewer: Viewer, engine: StoreEngine, day: str = Query("", alias="date")
) -> Response:
    """The daily report of one day, limited to what the viewer may see, with its downloads."""
    report = daily_report(engine, parse_day(day.strip(), "date"), audience=viewer.audience)
    if report is None:  # no day asked for, and no event the viewer may see
        return render(request, "report.html", viewer, day=None, body=None)
    # the report's own HTML (escaped by its template), shown whole
    body = Markup(to_html_body(report))
    return render(request, "report.html", viewer, day=report.day.isoformat(), body=body)
