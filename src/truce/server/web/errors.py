"""The site's error page: an error answer of the API's handlers, shown as a page in the site's
layout wherever the address is a page rather than ``/api/…``.

``truce.server.errors`` decides each error's status, code and message (one rule in one place)
and hands the answer here on a browser route; a visitor who is not signed in (401, or 403
with no one signed in) is sent to the sign-in page and back instead.
"""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import Response

from truce.server.deps import optional_viewer
from truce.server.web.deps import login_redirect, render

API_PREFIXES = ("/api/", "/static/")
API_PATHS = frozenset({"/api", "/openapi.json"})


def is_page(path: str) -> bool:
    """Whether ``path`` is a browser route (a page), not the API or a static file."""
    return path not in API_PATHS and not path.startswith(API_PREFIXES)


def html_error(request: Request, answer: Response) -> Response:
    """The API's error answer ``answer`` as a page (or a sign-in redirect for a 401)."""
    viewer = optional_viewer(request)
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
