"""What every page handler shares: the templates, rendering a page, the sign-in redirect.

Every page gets ``csrf_token`` (the anti-forgery token of its session, or of the pre-session
cookie set here for visitors not signed in): a form that posts writes ``{{ csrf_field() }}``,
and a script reads ``<meta name="csrf-token">`` and sends it as ``X-CSRF-Token``
(``truce.server.csrf`` refuses state-changing requests without it).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from truce import __version__
from truce.auth import Principal, can_read_queue
from truce.auth.sessions import COOKIE_NAME, CSRF_COOKIE, csrf_token, new_presession
from truce.links import is_web_url


@cache
def templates() -> Jinja2Templates:
    """The page templates, loaded from the package on first use."""
    directory = resources.files("truce.server.web") / "templates"
    env = Jinja2Templates(directory=str(directory))
    env.env.globals["version"] = __version__
    env.env.filters["json"] = _json_script
    env.env.globals["csrf_field"] = _csrf_field
    env.env.tests["web_url"] = is_web_url  # {% if url is web_url %}: only http(s) become links
    return env


def _json_script(value: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``."""
    text = json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("&", "\\u0026"))


@pass_context
def _csrf_field(context: Any) -> Markup:
    """The hidden form field carrying the page's anti-forgery token."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(
        context.get("csrf_token", "")
    )


def _page_cookie(request: Request) -> tuple[str, bool]:
    """The cookie the page's token is tied to: the session's, else a pre-session cookie (new
    when the visitor has none yet; the caller then sets it)."""
    found = request.cookies.get(COOKIE_NAME) or request.cookies.get(CSRF_COOKIE)
    return (found, False) if found else (new_presession(), True)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def render(
    request: Request, name: str, viewer: Principal | None, *, status: int = 200, **context: Any
) -> HTMLResponse:
    can_review = viewer is not None and can_read_queue(viewer)
    cookie, new = _page_cookie(request)
    token = csrf_token(request.app.state.session_secret, cookie)
    context.update(viewer=viewer, path=request.url.path, can_review=can_review, csrf_token=token)
    response = templates().TemplateResponse(request, name, context, status_code=status)
    if new:
        response.set_cookie(
            CSRF_COOKIE,
            cookie,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response
