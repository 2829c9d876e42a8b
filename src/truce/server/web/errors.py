"""Error pages for browser routes: the API's error handlers, answered as HTML in the site's
layout wherever the address is a page rather than ``/api/…``.

Each handler the API installed is wrapped: it still decides the status, code and message (one
rule in one place); on a browser route its JSON is rendered by ``error.html`` instead, and an
anonymous visitor (401) is sent to the sign-in page and back.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from truce.auth import Principal
from truce.errors import Unauthorized

Handler = Callable[[Request, Exception], Awaitable[Response] | Response]
API_PREFIXES = ("/api/", "/static/")
API_PATHS = frozenset({"/api", "/openapi.json"})


def is_page(path: str) -> bool:
    """Whether ``path`` is a browser route (a page), not the API or a static file."""
    return path not in API_PATHS and not path.startswith(API_PREFIXES)


def _viewer(request: Request) -> Principal | None:
    from truce.server.auth import principal_of

    try:
        return principal_of(request)
    except Unauthorized:
        return None


def html_error(request: Request, answer: Response) -> Response:
    """The API's error answer ``answer`` as a page (or a sign-in redirect for a 401)."""
    from truce.server.web.deps import login_redirect, render

    viewer = _viewer(request)
    if answer.status_code == 401 or (answer.status_code == 403 and viewer is None):
        return login_redirect(request)
    try:
        error = json.loads(bytes(answer.body))["error"]
    except (ValueError, KeyError, TypeError):
        error = {"code": "http-error", "message": ""}
    code, message = str(error.get("code")), str(error.get("message") or "")
    if answer.status_code == 404 and code == "not-found" and "openapi.json" in message:
        message = f"there is no page at {request.url.path}"
    page = render(request, "error.html", viewer, status=answer.status_code, code=code,
                  message=message, status_code=answer.status_code)  # fmt: skip
    for name, value in answer.headers.items():  # Allow, Retry-After, a 500's security headers
        if name not in ("content-type", "content-length"):
            page.headers[name] = value
    return page


def _wrap(handler: Handler) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        answer: Any = handler(request, exc)
        if not isinstance(answer, Response):
            answer = await answer
        if is_page(request.url.path) and answer.status_code >= 400:
            return html_error(request, answer)
        return answer  # type: ignore[no-any-return]

    return handle


def install(app: FastAPI) -> None:
    """Wrap every installed error handler so browser routes answer HTML pages."""
    for key, handler in list(app.exception_handlers.items()):
        app.exception_handlers[key] = _wrap(handler)
