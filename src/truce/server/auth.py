"""Signing in and out: the router signs in (JSON or a form, rate-limited per user name and
address), signs out (ending the server-side session) and says who is signed in.

Who is calling is decided once, by the dependencies in ``truce.server.deps``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from truce.auth import users
from truce.auth.access import Principal
from truce.auth.sessions import (
    COOKIE_NAME,
    SESSION_SECONDS,
    csrf_token,
    end_session,
    start_session,
)
from truce.errors import InvalidInput, Unauthorized
from truce.server.deps import CurrentUser, StoreSession, app_secret
from truce.server.responses import FastJSONResponse
from truce.server.throttle import LoginThrottle

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    id: int
    username: str
    role: str
    party_id: int | None
    csrf_token: str | None = Field(
        None,
        description="With the session cookie: send it as X-CSRF-Token on every change "
        "(not needed with a bearer token)",
    )


def _me(who: Principal, token: str | None = None) -> dict[str, Any]:
    return {
        "id": who.id,
        "username": who.username,
        "role": who.role,
        "party_id": who.party_id,
        "csrf_token": token,
    }


def throttle(request: Request) -> LoginThrottle:
    """The app's sign-in throttle (one per server process)."""
    found = getattr(request.app.state, "login_throttle", None)
    if not isinstance(found, LoginThrottle):
        found = request.app.state.login_throttle = LoginThrottle()
    return found


async def _credentials(request: Request) -> tuple[Login, str | None, bool]:
    """The login from a JSON body or a form; a form may name the page to go to next."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            raise InvalidInput("the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise InvalidInput('send {"username": …, "password": …}')
        return _validated(data), None, False
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return _validated(fields), fields.get("next"), True


def _validated(data: dict[str, Any]) -> Login:
    missing = [f for f in ("username", "password") if not data.get(f)]
    if missing:
        raise InvalidInput(f"{', '.join(missing)}: required to sign in", detail={"fields": missing})
    return Login(username=str(data["username"]), password=str(data["password"]))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, else ``/``.

    Only a path starting with exactly one ``/`` is kept; ``//host``, ``/\\host`` (browsers read
    a backslash as a slash), a scheme, or any control character or backslash sends the user
    home instead, so a link to the sign-in page cannot bounce anyone to another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@router.post(
    "/login",
    response_model=Me,
    summary="Sign in with a user name and password (JSON or form); sets the session cookie",
    description="After 5 wrong passwords for one user name from one address within 15 minutes,"
    " sign-ins for that pair answer 429 (with Retry-After) until the 15 minutes have passed.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": Login.model_json_schema()},
                "application/x-www-form-urlencoded": {"schema": Login.model_json_schema()},
            },
        }
    },
)
async def login(request: Request, session: StoreSession) -> Response:
    creds, next_page, is_form = await _credentials(request)
    client = request.client.host if request.client else None
    limits = throttle(request)
    limits.check(creds.username, client)
    try:
        user = users.authenticate(session, creds.username, creds.password)
    except Unauthorized:
        limits.failed(creds.username, client)
        raise
    limits.succeeded(creds.username, client)
    cookie = start_session(session, user)
    who = Principal.of(user)
    response: Response
    if is_form and next_page is not None:
        response = RedirectResponse(safe_next(next_page), status_code=303)
    else:
        response = FastJSONResponse(_me(who, csrf_token(app_secret(request), cookie)))
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout", summary="Sign out: ends the session on the server and clears the cookie")
async def logout(request: Request, session: StoreSession) -> Response:
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        end_session(session, cookie)
    response = FastJSONResponse({"signed_out": True})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


@router.get("/me", response_model=Me, summary="Who is signed in")
async def me(request: Request, who: CurrentUser) -> Response:
    cookie = None if request.headers.get("authorization") else request.cookies.get(COOKIE_NAME)
    return FastJSONResponse(_me(who, csrf_token(app_secret(request), cookie) if cookie else None))
