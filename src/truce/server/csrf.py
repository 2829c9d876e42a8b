"""Cross-site request forgery protection, for every state-changing request a browser can send.

A request is checked when its method changes state (anything but GET, HEAD, OPTIONS) and it
does not authenticate with ``Authorization: Bearer`` (a browser never adds that header on its
own). Two checks, both answering 403 in the one error shape:

1. **Origin.** An ``Origin`` header (else a ``Referer``) must name this server: the same
   scheme, host and port as the request. A page on another site, or on this host at another
   port, is refused. Behind a TLS proxy, run uvicorn with ``--proxy-headers`` so the request's
   scheme is the one the browser used.
2. **Token.** When the request carries a Truce cookie (the session, or the pre-session cookie the
   sign-in page sets) or is a form post, it must carry that cookie's token
   (:func:`truce.auth.sessions.csrf_token`, checked by ``csrf_matches``): in the
   ``X-CSRF-Token`` header, or in a ``csrf_token`` form field. Pages put the field in every
   form and the token in ``<meta name="csrf-token">`` for scripts; ``POST /api/v1/auth/login``
   returns it as ``csrf_token`` for API clients that use the cookie.

A request with no cookie and no form (a script signing in with JSON, an anonymous API call)
holds no credential a forger could borrow, and passes to the usual 401.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.auth.sessions import COOKIE_NAME, CSRF_COOKIE, csrf_matches
from truce.server.security import send_error, wants_page

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "x-csrf-token"
FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS.get(scheme, 0)


def same_origin(request: Request) -> bool:
    """Whether the request's Origin (else Referer), when present, is this server."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return True  # not a browser's cross-site request: browsers send Origin on those
    host = request.headers.get("host", "")
    return _origin(claimed) == _origin(f"{request.url.scheme}://{host}")


def is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return content_type in FORM_TYPES


class CsrfGuard:
    """Refuses forged state-changing browser requests (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.headers.get("authorization"):
            await self.app(scope, receive, send)
            return
        if not same_origin(request):
            await send_error(
                send,
                403,
                "forbidden",
                "this request came from another site (its Origin is not this server): refused",
                page=wants_page(scope),
            )
            return
        cookie = request.cookies.get(COOKIE_NAME) or request.cookies.get(CSRF_COOKIE)
        if not cookie and not is_form(request):
            await self.app(scope, receive, send)
            return
        given = request.headers.get(HEADER)
        replay = receive
        if given is None and is_form(request):
            given, replay = await _form_token(request, receive)
        secret = getattr(scope["app"].state, "session_secret", b"")
        if not cookie or not given or not csrf_matches(secret, cookie, given):
            await send_error(
                send,
                403,
                "forbidden",
                "the anti-forgery token is missing or stale: reload the page and try again "
                f"(API clients: send {HEADER.title()} from the sign-in answer, or use a token)",
                page=wants_page(scope),
            )
            return
        await self.app(scope, replay, send)


async def _form_token(request: Request, receive: Receive) -> tuple[str | None, Receive]:
    """The form's ``csrf_token`` field, and a ``receive`` that hands the body on again."""
    body = await request.body()  # bounded: RequestLimits runs first
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    parsed = Request(request.scope, replay)
    try:
        form = await parsed.form()
        value = form.get(FIELD)
        await form.close()
    except (HTTPException, ValueError):  # a body that is no valid form carries no token
        value = None
    sent = False
    return (value if isinstance(value, str) else None), replay
