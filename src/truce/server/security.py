"""What every request and response passes through, as plain ASGI middleware.

- :class:`SecurityHeaders` adds the headers that keep pages from being framed, sniffed or made
  to run script from anywhere but ``/static`` (``SECURITY_HEADERS``), on every response.
- :class:`RequestLimits` refuses a body larger than ``max_body`` bytes with 413 *before* it is
  parsed: at once when ``Content-Length`` says so, else as soon as the streamed chunks add up to
  more. It also refuses a NUL byte in the path or query (422): no record holds one, and
  PostgreSQL cannot even compare with one.

Both answer in the API's one error shape (``truce.server.errors.error_body``).
"""

from __future__ import annotations

import html
import os

import orjson
from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.errors import ConfigError

ENV_MAX_BODY = "TRUCE_MAX_BODY_MB"
DEFAULT_MAX_BODY = 10_000_000

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script, no eval: every script is a file in /static
        "style-src 'self' 'unsafe-inline'",  # Leaflet and the legends set inline styles
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# For a document this site's own pages show in a frame (the daily report on /report): framing by
# this origin only; the middleware leaves headers a response already set alone.
FRAMEABLE_HERE: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    ),
    "X-Frame-Options": "SAMEORIGIN",
}
_ENCODED_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def max_body_from_environment() -> int:
    """``$TRUCE_MAX_BODY_MB`` in bytes (a positive number of megabytes), else 10 MB."""
    text = os.environ.get(ENV_MAX_BODY, "").strip()
    if not text:
        return DEFAULT_MAX_BODY
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = 0
    if not 0 < megabytes <= 100_000:
        raise ConfigError(f"${ENV_MAX_BODY}={text!r}: give a size in megabytes, e.g. 10")
    return int(megabytes * 1_000_000)


def wants_page(scope: Scope) -> bool:
    """Whether a browser asked for a page (not the API): errors then come as HTML."""
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return not scope.get("path", "").startswith("/api/") and b"text/html" in accept


def _page(status: int, message: str) -> bytes:
    text = html.escape(message)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{status} · Truce'
        '</title><link rel="stylesheet" href="/static/truce.css"></head><body><main class="page">'
        f'<h1>Refused ({status})</h1><p class="error">{text}</p><p><a href="/">Back to the map'
        "</a></p></main></body></html>"
    ).encode()


async def send_error(
    send: Send, status: int, code: str, message: str, *, page: bool = False, **headers: str
) -> None:
    """Answer from a middleware in the one error shape (``{"error": {code, message, detail}}``),
    or as a short HTML page when ``page`` (a browser's form post, see :func:`wants_page`)."""
    if page:
        body, media = _page(status, message), b"text/html; charset=utf-8"
    else:
        body = orjson.dumps({"error": {"code": code, "message": message, "detail": None}})
        media = b"application/json"
    raw = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _ENCODED_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the streamed body passes the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    return (
        f"the request body is larger than {limit:,} bytes: send less"
        f" (the server's limit is ${ENV_MAX_BODY})"
    )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _has_nul(scope: Scope) -> bool:
    raw_path = scope.get("raw_path") or b""
    query = scope.get("query_string") or b""
    return b"%00" in raw_path or b"%00" in query or "\x00" in scope.get("path", "")


class RequestLimits:
    """Refuses oversized bodies (413) before parsing and NUL bytes in the address (422)."""

    def __init__(self, app: ASGIApp, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _has_nul(scope):
            message = "the address holds a NUL byte (%00): remove it from the path and query"
            await send_error(send, 422, "invalid-input", message, page=wants_page(scope))
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            message = _too_large(self.max_body)
            page = wants_page(scope)
            await send_error(send, 413, "too-large", message, page=page, Connection="close")
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:
            if started:
                raise
            message = str(exc.detail)
            page = wants_page(scope)
            await send_error(send, 413, "too-large", message, page=page, Connection="close")
