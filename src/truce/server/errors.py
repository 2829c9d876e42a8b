"""One JSON shape for every error the API returns.

``{"error": {"code": "not-found", "message": "no events record with id 7", "detail": null}}``

:class:`~truce.errors.TruceError` subclasses give the status and code; FastAPI's request
validation errors become ``invalid-input`` with the offending fields in ``detail``; routing
errors (404, 405) and database rule violations use the same shape, and anything unexpected is
a 500 ``internal-error`` whose message hides the internals (the log keeps them).

Input no validator caught still gets a 4xx, never a 500: a number or date out of range
(``OverflowError``, or the database's own range errors) is 422, and a body nested too deeply to
parse (``RecursionError``) is 400.

One handler per kind of error decides the status, code and message; :func:`install` registers
each so that under ``/api`` (and for ``/openapi.json`` and static files) the answer is that
JSON, and anywhere else (a page) it is rendered as the site's error page, or, for a visitor
who is not signed in, as a redirect to the sign-in page and back
(``truce.server.web.errors``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from truce.errors import TruceError
from truce.server.responses import FastJSONResponse
from truce.server.security import SECURITY_HEADERS
from truce.server.web.errors import html_error, is_page

log = logging.getLogger("truce.server")

HTTP_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    428: "precondition-required",
    429: "too-many-requests",
}


class PreconditionRequired(TruceError):
    """A write that must name the version it read (``If-Match``) did not."""

    status = 428
    code = "precondition-required"


class PreconditionFailed(TruceError):
    status = 412
    code = "precondition-failed"


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "detail": detail}}


def error_response(
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    *,
    headers: dict[str, str] | None = None,
) -> FastJSONResponse:
    return FastJSONResponse(error_body(code, message, detail), status_code=status, headers=headers)


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "request"


async def _truce_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, TruceError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    headers = getattr(exc, "headers", None) or headers  # e.g. Retry-After on a 429
    return error_response(exc.status, exc.code, exc.message, exc.detail, headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {
            "field": _field(e.get("loc", ())),
            "in": str(e["loc"][0]) if e.get("loc") else None,
            "message": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    first = detail[0] if detail else {"field": "request", "message": "invalid"}
    more = f" (and {len(detail) - 1} more)" if len(detail) > 1 else ""
    return error_response(
        422, "invalid-input", f"{first['field']}: {first['message']}{more}", detail
    )


async def _http_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "http-error")
    message = str(exc.detail) if exc.detail else code.replace("-", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = "no such page or endpoint: see /openapi.json for the API"
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, code, message, headers=headers)


async def _integrity_error(_request: Request, exc: Exception) -> FastJSONResponse:
    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
    return error_response(
        409,
        "conflict",
        f"the change breaks a rule of the store ({reason}): check referenced ids and unique fields",
    )


async def _out_of_range(_request: Request, exc: Exception) -> FastJSONResponse:
    reason = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__
    return error_response(
        422,
        "invalid-input",
        f"a value in the request is out of range ({reason}): ids, offsets and counts must fit "
        "in 64 bits, dates must be well inside years 1 to 9999, text may not hold NUL bytes",
    )


async def _too_deep(_request: Request, _exc: Exception) -> FastJSONResponse:
    return error_response(400, "bad-request", "the body is nested too deeply to read: flatten it")


async def _unexpected(_request: Request, exc: Exception) -> FastJSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(
        500,
        "internal-error",
        "the server failed; the log has the details",
        headers=SECURITY_HEADERS,  # a 500 is sent from outside the middleware that adds them
    )


Answer = Callable[[Request, Exception], Awaitable[FastJSONResponse]]
ANSWERS: dict[type[Exception], Answer] = {
    TruceError: _truce_error,
    RequestValidationError: _validation_error,
    StarletteHTTPException: _http_error,
    IntegrityError: _integrity_error,
    OverflowError: _out_of_range,
    DataError: _out_of_range,
    RecursionError: _too_deep,
    Exception: _unexpected,
}


def _rendered(answer: Answer) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        response = await answer(request, exc)
        if response.status_code >= 400 and is_page(request.url.path):
            return html_error(request, response)
        return response

    return handle


def install(app: FastAPI) -> None:
    """Register the handlers: the one JSON shape for the API, the error page for pages."""
    for kind, answer in ANSWERS.items():
        app.add_exception_handler(kind, _rendered(answer))
