"""User and token management over HTTP (admins only); the same functions as ``truce user``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from truce.auth import users
from truce.auth.access import require_admin
from truce.errors import Forbidden
from truce.server.deps import CurrentUser, StoreSession
from truce.server.responses import FastJSONResponse
from truce.vocab import ROLES

router = APIRouter(prefix="/api/v1/users", tags=["users"])


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    role: Annotated[str, Field(description=f"One of {', '.join(ROLES)}")]
    password: str = Field(min_length=8, max_length=1000)
    party: int | str | None = Field(None, description="A liaison's party actor (id or name)")


class UserPublic(BaseModel):
    id: int
    username: str
    role: str
    party_id: int | None
    party: str | None
    active: bool
    tokens: int


class TokenCreate(BaseModel):
    name: str = Field("api", min_length=1, max_length=100)


def _user_dict(info: users.UserInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "username": info.username,
        "role": info.role,
        "party_id": info.party_id,
        "party": info.party,
        "active": info.active,
        "tokens": info.tokens,
    }


@router.get("", response_model=list[UserPublic], summary="Every user (admins only)")
def list_all(who: CurrentUser, session: StoreSession) -> Response:
    require_admin(who)
    found = users.list_users(session)
    return FastJSONResponse([_user_dict(u) for u in found])


@router.post("", status_code=201, response_model=UserPublic, summary="Add a user (admins only)")
def add(who: CurrentUser, session: StoreSession, body: UserCreate) -> Response:
    require_admin(who)
    users.add_user(
        session,
        body.username,
        role=body.role,
        password=body.password,
        party=body.party,
        actor=who.audit_name,
    )
    info = next(u for u in users.list_users(session) if u.username == body.username)
    return FastJSONResponse(_user_dict(info), status_code=201)


@router.post("/{username}/disable", response_model=UserPublic, summary="Disable a user")
def disable(who: CurrentUser, session: StoreSession, username: str) -> Response:
    require_admin(who)
    if username == who.username:
        raise Forbidden(
            "an admin may not disable their own account (nobody could undo it from here): "
            "ask another admin, or use `truce user disable` on the server"
        )
    users.disable_user(session, username, actor=who.audit_name)
    info = next(u for u in users.list_users(session) if u.username == username)
    return FastJSONResponse(_user_dict(info))


@router.post(
    "/{username}/tokens",
    status_code=201,
    summary="Issue an API token (admins, or anyone for themselves); shown once",
)
def token(who: CurrentUser, session: StoreSession, username: str, body: TokenCreate) -> Response:
    if username != who.username:
        require_admin(who)
    row, secret = users.create_token(session, username, name=body.name, actor=who.audit_name)
    out = {"id": row.id, "name": row.name, "token": secret}
    return FastJSONResponse(out, status_code=201)
