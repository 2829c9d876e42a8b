"""The review queue's pages: list (filtered, paged), add a report, edit, accept, reject.

Only admins and analysts review. A report with no date asks for one before it is stored; an
event candidate without a date says it needs one and offers the field; an event that matches
an existing one is offered as a merge into it, or as a new event anyway.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from truce.auth import Principal, can_read_queue
from truce.days import parse_day
from truce.errors import Forbidden, InvalidInput
from truce.extract.html import HTML_SUFFIXES
from truce.server.auth import safe_next
from truce.server.deps import StoreEngine, Viewer
from truce.server.web import review
from truce.server.web.deps import render
from truce.services.review import decide_candidate
from truce.vocab import ACLED_EVENT_TYPES

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 5_000_000


def _may_review(viewer: Principal, doing: str) -> None:
    if not can_read_queue(viewer):
        raise Forbidden(f"only admins and analysts {doing}")


def _back(target: str) -> str:
    """Where to return after a decision: the queue page the form was on, nowhere else."""
    target = safe_next(target)
    return target if target.startswith("/review") else "/review"


def _page(
    request: Request,
    engine: Engine,
    viewer: Principal,
    wanted: review.QueueFilter,
    *,
    stored: dict[str, Any] | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:
    data = review.review_queue(engine, viewer, wanted)
    query = {"status": wanted.status, "kind": wanted.kind or "", "report": wanted.report or ""}
    here = "/review?" + urlencode({**query, "page": wanted.page})
    return render(
        request, "review.html", viewer, q=data, stored=stored, draft=draft, here=here,
        base=urlencode({k: v for k, v in query.items() if v}), kinds=review.KINDS,
        statuses=review.STATUSES, event_types=ACLED_EVENT_TYPES, page_size=review.PAGE_SIZE,
    )  # fmt: skip


@router.get("/review")
def review_page(
    request: Request,
    viewer: Viewer,
    engine: StoreEngine,
    status: str = "pending",
    kind: str = "",
    report: int | None = None,
    added: int | None = None,
    found: int | None = None,
    new: bool = True,
    dated: bool = False,
    page: int = 1,
) -> Response:
    _may_review(viewer, "review candidates")
    stored = None
    if added is not None:
        stored = {"source": added, "candidates": found, "new": new, "dated": dated}
    wanted = review.QueueFilter(status=status, kind=kind or None, report=report or added,
                                page=page)  # fmt: skip
    return _page(request, engine, viewer, wanted, stored=stored)


@router.post("/review/add")
def review_add(
    request: Request,
    viewer: Viewer,
    engine: StoreEngine,
    text: Annotated[str, Form(max_length=1_000_000)] = "",
    page: Annotated[UploadFile | None, File()] = None,
    published: Annotated[str, Form()] = "",
    title: Annotated[str, Form(max_length=2000)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    kind: Annotated[str, Form()] = "text",
    undated: Annotated[bool, Form()] = False,
) -> Response:
    """A report pasted or uploaded (text or a saved web page) into the review queue; one with
    no date is sent back with a prompt for it (or stored undated when the analyst says so)."""
    _may_review(viewer, "add reports")
    html = kind == "html"
    if page is not None and page.filename:
        text = _uploaded(page)
        html = html or page.filename.lower().endswith(HTML_SUFFIXES)
    day = parse_day(published.strip(), "published")
    read = review.read_report(text, html=html)
    if day is None and read.published is None and not undated:
        draft = {"text": read.text, "title": title.strip() or read.title or "",
                 "url": url.strip() or read.url or ""}  # fmt: skip
        return _page(request, engine, viewer, review.QueueFilter(), draft=draft)
    result = review.add_report(
        engine, viewer, read, published=day, title=title.strip() or None, url=url.strip() or None
    )
    query = urlencode(
        {"added": result.source_id, "found": result.candidates,
         "new": str(result.created).lower(), "dated": str(result.dated).lower()}
    )  # fmt: skip
    return RedirectResponse(f"/review?{query}", status_code=303)


def _uploaded(page: UploadFile) -> str:
    raw = page.file.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        raise InvalidInput(f"{page.filename}: larger than {MAX_UPLOAD // 1_000_000} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{page.filename}: not UTF-8 text (byte {error.start}) [bad-encoding]"
        ) from None


@router.post("/review/{candidate_id}/edit")
async def review_edit(
    request: Request, viewer: Viewer, engine: StoreEngine, candidate_id: int
) -> Response:
    """An edit form's changed fields applied to a pending candidate (audited)."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    _may_review(viewer, "edit candidates")
    version = review.whole(form.get("version", ""), "version")
    review.edit_from_form(engine, viewer, candidate_id, form, version=version)
    return RedirectResponse(
        f"{_back(form.get('back', ''))}#candidate-{candidate_id}", status_code=303
    )


@router.post("/review/{candidate_id}/{decision}")
def review_decide(
    viewer: Viewer,
    engine: StoreEngine,
    candidate_id: int,
    decision: str,
    note: Annotated[str, Form()] = "",
    merge_into: Annotated[int | None, Form()] = None,
    create_new: Annotated[bool, Form()] = False,
    back: Annotated[str, Form()] = "/review",
) -> Response:
    _may_review(viewer, "review candidates")
    decide_candidate(engine, candidate_id, decision, actor=viewer.audit_name, note=note or None,
                     merge_into=merge_into, create_new=create_new)  # fmt: skip
    return RedirectResponse(f"{_back(back)}#after-{candidate_id}", status_code=303)
