"""The app factory: ``create_app(settings)`` builds the FastAPI app ``truce serve`` runs.

All of the API sits under ``/api/v1`` with its OpenAPI document at ``/openapi.json`` (no
Swagger page: FastAPI's loads its scripts from a CDN, and Truce works offline);
the web interface (``truce.server.web``) is included when it is installed, with its static
files at ``/static``.
"""

from __future__ import annotations

import importlib
import logging
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from truce import __version__
from truce.auth.sessions import install_secret
from truce.config import Settings
from truce.server import auth, errors, openapi, security
from truce.server.responses import FastJSONResponse
from truce.server.throttle import LoginThrottle
from truce.store.db import open_store

log = logging.getLogger("truce.server")

DESCRIPTION = """Records, analyses and extraction of Truce, a ceasefire monitoring and incident
investigation store. Sign in with `POST /api/v1/auth/login` (a session cookie) or send
`Authorization: Bearer TOKEN` (tokens: `truce token create USER`). Every error has the shape
`{"error": {"code", "message", "detail"}}`. Updates need `If-Match` with the record's ETag."""


def _include_web(app: FastAPI) -> None:
    """Helper F's web interface, when the module is there."""
    try:
        web = importlib.import_module("truce.server.web")
    except ModuleNotFoundError as exc:
        if exc.name not in ("truce.server.web",):
            raise
        log.info("truce.server.web is not installed: serving the API only")
        return
    router = getattr(web, "router", None)
    if router is None:
        log.info("truce.server.web has no router yet: serving the API only")
        return
    app.include_router(router)
    importlib.import_module("truce.server.web.errors").install(app)
    static = Path(str(resources.files("truce.server.web"))) / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")


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
    security.install(app, max_body=max_body or security.max_body_from_environment())

    from truce.server import analyses, exports, maps, records, users

    app.include_router(auth.router)
    app.include_router(users.router)
    app.include_router(maps.router)
    app.include_router(analyses.router)
    app.include_router(exports.router)
    app.include_router(records.build_router())
    _include_web(app)
    openapi.install(app)
    return app


def app_from_environment() -> FastAPI:
    """The factory ``truce serve`` hands uvicorn: the store named by $TRUCE_DATABASE_URL."""
    return create_app(Settings.load())
