"""What every route depends on: the store, one store session per request, and who is calling.

- ``StoreEngine``: the app's engine, for the analyses that read with their own connections.
- ``StoreSession``: the request's one store session. Its work commits when the handler returns,
  before the answer is sent (a commit that fails is answered as an error, never after a
  success), and rolls back when the handler raises.
- ``CurrentUser``: the API's caller, from ``Authorization: Bearer TOKEN`` first, else the
  server-side session the signed cookie names; anonymous callers get 401 in the one error shape.
- ``Viewer``: the same for a page; an anonymous visitor raises :class:`SignInRequired`, which
  the one error handler (``truce.server.errors``) answers with the sign-in page and back.
- ``MaybeViewer``: the caller or ``None`` (the sign-in page, the API's page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.auth import users
from truce.auth.access import Principal
from truce.auth.sessions import COOKIE_NAME, user_for_cookie
from truce.errors import ConfigError, Unauthorized
from truce.store.db import transaction


class SignInRequired(Unauthorized):
    """A page asked for by a visitor who is not signed in (answered by the sign-in page)."""


def app_engine(request: Request) -> Engine:
    engine = getattr(request.app.state, "engine", None)
    if not isinstance(engine, Engine):
        raise ConfigError("the app has no store: build it with truce.server.app.create_app")
    return engine


def app_secret(request: Request) -> bytes:
    secret = getattr(request.app.state, "session_secret", None)
    if not isinstance(secret, bytes):
        raise ConfigError("the app has no session secret: build it with create_app")
    return secret


async def store_engine(request: Request) -> Engine:
    """:func:`app_engine` as a dependency (run on the event loop: no thread hop)."""
    return app_engine(request)


def store_session(request: Request) -> Iterator[Session]:
    """One store session for the request, committed when the handler returns."""
    with transaction(app_engine(request)) as session:
        yield session


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("use `Authorization: Bearer TOKEN` (tokens: `truce token create USER`)")
    return token.strip()


def principal_of(request: Request) -> Principal | None:
    """The caller, from a bearer token first, else the session cookie; ``None`` if neither."""
    token = _bearer(request)
    cookie = request.cookies.get(COOKIE_NAME)
    if token is None and not cookie:
        return None
    engine = app_engine(request)
    with engine.connect() as connection:  # no ORM session: this runs on every request
        if token is None:
            return user_for_cookie(connection, cookie or "")
        who = users.user_for_token(connection, token)
        connection.commit()
        return who


def optional_viewer(request: Request) -> Principal | None:
    """The signed-in principal, or ``None`` for an anonymous or expired visitor."""
    try:
        return principal_of(request)
    except Unauthorized:
        return None


async def optional_user(request: Request) -> Principal | None:
    """:func:`optional_viewer` as a dependency (run on the event loop: no thread hop)."""
    return optional_viewer(request)


async def current_user(request: Request) -> Principal:
    """The signed-in principal; anonymous callers get 401 in the one error shape."""
    who = principal_of(request)
    if who is None:
        raise Unauthorized(
            "sign in first: POST /api/v1/auth/login, or send `Authorization: Bearer TOKEN`"
        )
    return who


async def page_viewer(request: Request) -> Principal:
    """The signed-in principal of a page; anyone else is sent to sign in and back."""
    who = optional_viewer(request)
    if who is None:
        raise SignInRequired("sign in to see this page")
    return who


StoreEngine = Annotated[Engine, Depends(store_engine)]
StoreSession = Annotated[Session, Depends(store_session, scope="function")]
CurrentUser = Annotated[Principal, Depends(current_user)]
Viewer = Annotated[Principal, Depends(page_viewer)]
MaybeViewer = Annotated[Principal | None, Depends(optional_user)]
