"""The list pages (``/sources``, ``/events``), the API's page (``/docs``) and the favicon.

``/docs`` lists the API's operations from the OpenAPI document itself, grouped by tag, and links
``/openapi.json``: FastAPI's Swagger page loads its scripts from a CDN, and Truce works offline.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from truce import vocab
from truce.days import parse_day
from truce.server.deps import MaybeViewer, StoreSession, Viewer
from truce.server.web import listings
from truce.server.web.deps import render

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


def _query(request: Request) -> str:
    """The page's filters without its page number, for the pager's links."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v]
    return urlencode(kept)


@router.get("/sources")
def sources_page(
    request: Request,
    viewer: Viewer,
    session: StoreSession,
    grade: str = "",
    kind: str = "",
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    wanted = listings.SourceFilter(grade=grade or None, kind=kind or None, q=q.strip() or None)
    found = listings.sources(session, viewer, wanted, page=page)
    return render(
        request, "sources.html", viewer, l=found, f=wanted, query=_query(request),
        grades=vocab.RELIABILITY_GRADES, kinds=vocab.SOURCE_KINDS,
    )  # fmt: skip


@router.get("/events")
def events_page(
    request: Request,
    viewer: Viewer,
    session: StoreSession,
    since: str = "",
    until: str = "",
    type: str = "",
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    wanted = listings.EventFilter(
        since=parse_day(since.strip(), "since"), until=parse_day(until.strip(), "until"),
        type=type or None, q=q.strip() or None,
    )  # fmt: skip
    found = listings.events(session, viewer, wanted, page=page)
    return render(
        request, "events.html", viewer, l=found, f=wanted, query=_query(request),
        types=vocab.EVENT_TYPES,
    )  # fmt: skip


@router.get("/docs")
def api_page(request: Request, viewer: MaybeViewer) -> Response:
    """The API's operations, from its OpenAPI document, grouped by tag."""
    spec = request.app.openapi()
    groups: dict[str, list[dict[str, str]]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
            )
    return render(
        request, "api.html", viewer, groups=sorted(groups.items()),
        title=spec.get("info", {}).get("title", "Truce"),
        api_version=spec.get("info", {}).get("version", ""),
        description=spec.get("info", {}).get("description", ""),
    )  # fmt: skip


@router.get("/favicon.ico")
def favicon() -> Response:
    """Our own icon (SVG), for browsers that ask for /favicon.ico."""
    icon = resources.files("truce.server.web") / "static" / "favicon.svg"
    return Response(
        icon.read_bytes(),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
