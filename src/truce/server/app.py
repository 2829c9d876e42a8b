"""The app factory: ``create_app(settings)`` builds the FastAPI app ``truce serve`` runs.

All of the API sits under ``/api/v1`` with its OpenAPI document at ``/openapi.json`` (no
Swagger page: FastAPI's loads its scripts from a CDN, and Truce works offline);
the web pages (``truce.server.web``) are served alongside it, with their static files at
``/static``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from truce import __version__
from truce.auth.sessions import install_secret
from truce.config import Settings
from truce.server import analyses, auth, errors, exports, maps, openapi, records, review, users
from truce.server.csrf import CsrfGuard
from truce.server.responses import FastJSONResponse
from truce.server.security import RequestLimits, SecurityHeaders, max_body_from_environment
from truce.server.throttle import LoginThrottle
from truce.server.web import pages
from truce.store.db import open_store

DESCRIPTION = """Records, analyses and extraction of Truce, a ceasefire monitoring and incident
investigation store. Sign in with `POST /api/v1/auth/login` (a session cookie) or send
`Authorization: Bearer TOKEN` (tokens: `truce token create USER`). Every error has the shape
`{"error": {"code", "message", "detail"}}`. Updates need `If-Match` with the record's ETag."""


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, max_body: int | None = None
) -> FastAPI:
    """The Truce server on the store named by ``settings`` (or on ``engine`` when given).

    ``max_body`` caps request bodies in bytes (default ``$TRUCE_MAX_BODY_MB``, else 10 MB)."""
    if engine is None:
        settings = settings or Settings.load()
        engine = open_store(settings.database_url)
    app = FastAPI(
        title="Truce",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        default_response_class=FastJSONResponse,
    )
    app.state.engine = engine
    app.state.session_secret = install_secret(engine)
    app.state.login_throttle = LoginThrottle()
    errors.install(app)
    # Outermost first: the headers (so even a 413 carries them), then the limits, then the
    # anti-forgery checks, which may read a form's body.
    app.add_middleware(CsrfGuard)
    app.add_middleware(RequestLimits, max_body=max_body or max_body_from_environment())
    app.add_middleware(SecurityHeaders)
    app.include_router(auth.router)
    app.include_router(users.router)
    app.include_router(maps.router)
    app.include_router(review.router)
    app.include_router(analyses.router)
    app.include_router(exports.router)
    app.include_router(records.build_router())
    app.include_router(pages.router)
    static = Path(str(resources.files("truce.server.web"))) / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    openapi.install(app)
    return app


def app_from_environment() -> FastAPI:
    """The factory ``truce serve`` hands uvicorn: the store named by $TRUCE_DATABASE_URL."""
    return create_app(Settings.load())
