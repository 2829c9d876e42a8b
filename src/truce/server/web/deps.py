"""What every page handler shares: the store, the signed-in viewer, templates, error pages."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from truce import __version__
from truce.auth import Principal, can_read_queue
from truce.errors import TruceError
from truce.links import is_web_url


@cache
def templates() -> Jinja2Templates:
    """The page templates, loaded from the package on first use."""
    directory = resources.files("truce.server.web") / "templates"
    env = Jinja2Templates(directory=str(directory))
    env.env.globals["version"] = __version__
    env.env.filters["json"] = _json_script
    env.env.tests["web_url"] = is_web_url  # {% if url is web_url %}: only http(s) become links
    return env


def _json_script(value: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``."""
    text = json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("&", "\\u0026"))


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def render(
    request: Request, name: str, viewer: Principal | None, *, status: int = 200, **context: Any
) -> HTMLResponse:
    can_review = viewer is not None and can_read_queue(viewer)
    context.update(viewer=viewer, path=request.url.path, can_review=can_review)
    return templates().TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, viewer: Principal | None, error: TruceError) -> Response:
    """A TruceError as an HTML page with the error's own status (404 for hidden records)."""
    return render(
        request,
        "error.html",
        viewer,
        status=error.status,
        code=error.code,
        message=error.message,
        status_code=error.status,
    )
