"""The OpenAPI document, with the error answers of every operation in the one error shape.

FastAPI documents only the success answer (and its own 422 shape). :func:`install` replaces
``app.openapi`` so each operation also lists, as they apply:

- 401 and 403 when it needs a signed-in caller (403 also for a forged browser request);
- 404 (a record, or the data asked for, is missing or hidden);
- 409 for writes (a stale version or a rule of the store), 428 where ``If-Match`` is required;
- 400 and 413 when it takes a body (unreadable, or larger than the server's limit);
- 422 everywhere (invalid parameters or body), 429 on sign-in (too many failures);

each with the ``ErrorBody`` schema (``truce.server.schemas.ErrorBody``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from truce.server.schemas import ErrorBody

WRITES = frozenset({"post", "put", "patch", "delete"})
# Every API operation needs a signed-in caller except these (``truce.server.auth``).
ANONYMOUS = frozenset({("/api/v1/auth/login", "post"), ("/api/v1/auth/logout", "post")})
DESCRIPTIONS = {
    400: "The body could not be read (not JSON, or nested too deeply)",
    401: "Not signed in: send `Authorization: Bearer TOKEN` or sign in",
    403: "Not allowed for this role, or a browser request without its anti-forgery token",
    404: "No such record (or one the caller may not see), or no data for the request",
    409: "A stale version or a rule of the store (duplicate, missing reference)",
    413: "The body is larger than the server's limit ($TRUCE_MAX_BODY_MB)",
    422: "A parameter or field is invalid; `detail` lists the fields",
    428: "`If-Match` with the record's ETag is required",
    429: "Too many failed sign-ins: wait `Retry-After` seconds",
}
_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    found = {422}
    signed_in = path.startswith("/api/") and (path, method) not in ANONYMOUS
    if signed_in:
        found |= {401, 403, 404}
    if method in WRITES:
        found |= {403, 409} if signed_in else {403}
    if "requestBody" in operation:
        found |= {400, 413}
    if any(p.get("name", "").lower() == "if-match" for p in operation.get("parameters", [])):
        found.add(428)
    if path.endswith("/auth/login"):
        found |= {401, 429}  # a wrong password; too many of them
    return sorted(found)


def _error(status: int) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": _REF}},
    }
    if status == 429:
        answer["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
    return answer


def document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with every operation's error answers."""
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                responses[str(status)] = _error(status)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(body.pop("$defs", {}))
    schemas["ErrorBody"] = body
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install(app: FastAPI) -> None:
    """Serve :func:`document` (built once) as the app's ``/openapi.json``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
