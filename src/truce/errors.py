"""One exception base for the whole package.

Every error Truce raises on purpose is a :class:`TruceError`. Each subclass carries an HTTP
status and a stable kebab-case code, so the CLI, the API and the web pages render the same
error the same way (see ``truce.server.errors`` for the JSON shape).
"""

from __future__ import annotations

from typing import Any, ClassVar


class TruceError(Exception):
    """Base of every error Truce raises deliberately."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "truce-error"

    def __init__(self, message: str, *, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail is not None:
            out["detail"] = self.detail
        return out


class InvalidInput(TruceError):
    status = 422
    code = "invalid-input"


class ImportFailed(TruceError):
    """A file did not validate; ``detail`` holds the list of issues."""

    status = 422
    code = "import-failed"


class NotFound(TruceError):
    status = 404
    code = "not-found"


class Conflict(TruceError):
    """A stale update (version mismatch) or a duplicate."""

    status = 409
    code = "conflict"


class Unauthorized(TruceError):
    status = 401
    code = "unauthorized"


class Forbidden(TruceError):
    status = 403
    code = "forbidden"


class NoStore(TruceError):
    """``--db`` names no Truce store (or a path that cannot hold one); nothing was created."""

    status = 404
    code = "no-store"


class ConfigError(TruceError):
    status = 500
    code = "config-error"


class WorkerLost(TruceError):
    """A worker process ended before it finished its task (killed, or out of memory)."""

    status = 500
    code = "worker-lost"


class MissingDependency(TruceError):
    """An optional dependency is not installed; the message says how to install it."""

    status = 501
    code = "missing-dependency"


class AuditBroken(TruceError):
    status = 500
    code = "audit-broken"
