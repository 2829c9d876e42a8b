"""Page handlers: parse the request, call one store or analysis function, render a template.

Every page needs a signed-in user (anonymous visitors are sent to /login and back); what each
page lists is limited to what that user may see, and a record they may not see answers 404
exactly like a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from truce.auth import Principal
from truce.auth.access import can_write
from truce.days import parse_day
from truce.errors import Forbidden, TruceError
from truce.server.auth import app_engine as store
from truce.server.auth import optional_user, safe_next
from truce.server.web import analysis
from truce.server.web.dashboard import dashboard
from truce.server.web.deps import error_page, login_redirect, render
from truce.server.web.incident import incident
from truce.server.web.list_pages import router as list_router
from truce.server.web.registry import AgreementFilter, agreement_page, registry
from truce.server.web.review_pages import router as review_router
from truce.server.web.sources import grade, source_page
from truce.server.web.statements import search
from truce.store.db import transaction
from truce.vocab import RELIABILITY_GRADES

router = APIRouter(include_in_schema=False)
router.include_router(review_router)
router.include_router(list_router)
User = Annotated[Any, Depends(optional_user)]


def _viewer(user: Any) -> Principal | None:
    if user is None or isinstance(user, Principal):
        return user
    return Principal.of(user)


@router.get("/login")
def login_page(request: Request, user: User, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", None, next=safe_next(next))


@router.get("/")
def dashboard_page(request: Request, user: User) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    with transaction(store(request)) as session:
        data = dashboard(session, viewer)
    return render(request, "dashboard.html", viewer, data=data)


@router.get("/events/{event_id}")
def incident_page(
    request: Request,
    user: User,
    event_id: int,
    attribute: str | None = None,
    km: Annotated[float, Query(gt=0, le=500)] = 10.0,
    hours: Annotated[float, Query(ge=0, le=24 * 365)] = 24.0,
) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    try:
        with transaction(store(request)) as session:
            found = incident(session, viewer, event_id)
        chosen = attribute or (found.attributes[0] if found.attributes else None)
        ach = analysis.assess(store(request), viewer, event_id, chosen) if chosen else None
        near = analysis.nearby(store(request), viewer, event_id, km=km, hours=hours)
        guard = analysis.protections(store(request), viewer, event_id)
    except TruceError as error:
        return error_page(request, viewer, error)
    return render(
        request,
        "incident.html",
        viewer,
        i=found,
        attribute=chosen,
        ach=ach,
        ach_text=analysis.assess_text(ach) if ach else None,
        near=near,
        guard=guard,
    )


@router.get("/agreements")
def agreements_page(
    request: Request,
    user: User,
    kind: str | None = None,
    scope: str | None = None,
    status: str | None = None,
    mediator: Annotated[str | None, Query()] = None,
    q: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    wanted = AgreementFilter(
        kind=kind or None,
        scope=scope or None,
        status=status or None,
        mediator=int(mediator) if mediator and mediator.isdecimal() else None,
        q=q or None,
    )
    with transaction(store(request)) as session:
        data = registry(session, viewer, wanted, offset=offset)
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "offset"])
    return render(request, "agreements.html", viewer, r=data, f=wanted, offset=offset, query=query)


@router.get("/agreements/{agreement_id}")
def agreement_detail(request: Request, user: User, agreement_id: int) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    try:
        with transaction(store(request)) as session:
            page = agreement_page(session, viewer, agreement_id)
    except TruceError as error:
        return error_page(request, viewer, error)
    return render(request, "agreement.html", viewer, a=page)


@router.get("/statements")
def statements_page(request: Request, user: User, q: str | None = None) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    with transaction(store(request)) as session:
        total, hits = search(session, viewer, q)
    return render(request, "statements.html", viewer, q=q or "", total=total, hits=hits)


@router.get("/verify")
def verify_form(request: Request, user: User) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    return render(request, "verify.html", viewer, form={}, result=None)


@router.post("/verify")
def verify_submit(
    request: Request,
    user: User,
    words: Annotated[str, Form()],
    speaker: Annotated[str, Form()],
    around: Annotated[str, Form()] = "",
    days: Annotated[int, Form(ge=0, le=3650)] = 7,
    lexical: Annotated[bool, Form()] = False,
) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    form = {"words": words, "speaker": speaker, "around": around, "days": days, "lexical": lexical}
    try:
        result = analysis.verify(
            store(request),
            viewer,
            words,
            speaker=speaker,
            around=around or None,
            days=days,
            lexical=lexical,
        )
    except TruceError as error:
        return render(
            request,
            "verify.html",
            viewer,
            form=form,
            result=None,
            error=error.message,
            status=error.status,
        )
    return render(request, "verify.html", viewer, form=form, result=result)


@router.get("/sources/{source_id}")
def source_view(request: Request, user: User, source_id: int) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    try:
        with transaction(store(request)) as session:
            found = source_page(session, viewer, source_id)
    except TruceError as error:
        return error_page(request, viewer, error)
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
    request: Request,
    user: User,
    source_id: int,
    reliability: Annotated[str, Form(max_length=1)] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    try:
        if not can_write(viewer, "sources", "update"):
            raise Forbidden("only admins and analysts grade sources")
        with transaction(store(request)) as session:
            grade(session, viewer, source_id, reliability, version=version)
    except TruceError as error:
        return error_page(request, viewer, error)
    return RedirectResponse(f"/sources/{source_id}#grade", status_code=303)


@router.get("/report")
def report_page(request: Request, user: User, day: str = Query("", alias="date")) -> Response:
    """The daily report of one day, limited to what the viewer may see, with its downloads."""
    from markupsafe import Markup

    from truce.report import daily_report, latest_event_day
    from truce.report.render import to_html_body

    viewer = _viewer(user)
    if viewer is None:
        return login_redirect(request)
    seen = viewer.audience
    try:
        chosen = parse_day(day.strip(), "date") or latest_event_day(store(request), seen)
    except TruceError as error:
        return error_page(request, viewer, error)
    body = None
    if chosen is not None:  # the report's own HTML (escaped by its template), shown whole
        body = Markup(to_html_body(daily_report(store(request), chosen, audience=seen)))
    day_text = chosen.isoformat() if chosen else None
    return render(request, "report.html", viewer, day=day_text, body=body)
