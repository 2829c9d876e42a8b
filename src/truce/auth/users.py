"""Users and API tokens: create, list, disable, change passwords, issue and revoke tokens.

Every change is appended to the audit trail (never a password hash or a token). A token is
shown once when created; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from truce.auth.access import Principal, check_role
from truce.auth.passwords import hash_password, verify_password
from truce.errors import Conflict, InvalidInput, NotFound, Unauthorized
from truce.store import accounts as q
from truce.store import audit
from truce.store.models import Actor, ApiToken, User
from truce.vocab import ROLES

TOKEN_PREFIX = "truce_"
_LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: str
    party_id: int | None
    party: str | None
    active: bool
    created_at: datetime
    tokens: int


def _public(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "party_id": user.party_id,
        "active": user.active,
    }


def _check_username(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise InvalidInput(f"user name {name!r}: use 1 to 100 characters without spaces")
    return name


def _party(session: Session, role: str, party: int | str | None) -> int | None:
    if role != "liaison":
        if party is not None:
            raise InvalidInput("--party: only a liaison is bound to a party")
        return None
    if party is None:
        raise InvalidInput("--party: a liaison must be bound to a party actor (id or name)")
    if isinstance(party, int) or str(party).isdecimal():
        actor = session.get(Actor, int(party))
    else:
        actor = q.actor_named(session, str(party))
    if actor is None or actor.deleted_at is not None:
        raise NotFound(f"no actor {party!r} to bind the liaison to: give an actor's id or name")
    return actor.id


def get_user(session: Session, username: str) -> User:
    user = q.user_named(session, username)
    if user is None:
        raise NotFound(f"no user named {username!r} (see `truce user list`)")
    return user


def add_user(
    session: Session,
    username: str,
    *,
    role: str,
    password: str,
    party: int | str | None = None,
    actor: str,
) -> User:
    """Create an active user with an argon2 hash of ``password``."""
    username = _check_username(username)
    if role not in ROLES:
        raise InvalidInput(f"--role: {role!r} is not one of {', '.join(ROLES)}")
    if q.username_taken(session, username):
        raise Conflict(f"a user named {username!r} already exists")
    party_id = _party(session, role, party)
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        party_id=party_id,
        active=True,
    )
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="create",
        record_kind="users",
        record_id=user.id,
        after=_public(user),
    )
    return user


def list_users(session: Session) -> list[UserInfo]:
    users = q.users_by_name(session)
    names = q.actor_names(session)
    counts = q.live_token_counts(session)
    return [
        UserInfo(
            u.id,
            u.username,
            u.role,
            u.party_id,
            names.get(u.party_id) if u.party_id else None,
            u.active,
            u.created_at,
            counts.get(u.id, 0),
        )
        for u in users
    ]


def _change(session: Session, user: User, *, actor: str, action: str, **values: object) -> User:
    before = _public(user)
    q.update_user(session, user.id, **values)
    session.refresh(user)
    audit.append(
        session,
        actor=actor,
        action=action,
        record_kind="users",
        record_id=user.id,
        before=before,
        after=_public(user),
    )
    return user


def disable_user(session: Session, username: str, *, actor: str) -> User:
    """Disable a user: their password, sessions and tokens stop working at once."""
    user = get_user(session, username)
    return _change(session, user, actor=actor, action="disable", active=False)


def enable_user(session: Session, username: str, *, actor: str) -> User:
    user = get_user(session, username)
    return _change(session, user, actor=actor, action="enable", active=True)


def set_password(session: Session, username: str, password: str, *, actor: str) -> User:
    """Change a password; sessions signed for the old one stop working."""
    user = get_user(session, username)
    return _change(
        session, user, actor=actor, action="passwd", password_hash=hash_password(password)
    )


def set_role(
    session: Session, username: str, role: str, *, party: int | str | None = None, actor: str
) -> User:
    check_role(role)
    user = get_user(session, username)
    return _change(
        session,
        user,
        actor=actor,
        action="update",
        role=role,
        party_id=_party(session, role, party),
    )


@cache
def _dummy_hash() -> str:
    """Checked when the user does not exist, so the answer takes as long either way."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with this name and password, or :class:`Unauthorized`."""
    user = q.user_named(session, username.strip())
    if user is None:
        verify_password(_dummy_hash(), password)
        raise Unauthorized("wrong user name or password")
    if not verify_password(user.password_hash, password) or not user.active:
        raise Unauthorized("wrong user name or password")
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, username: str, *, name: str = "api", actor: str
) -> tuple[ApiToken, str]:
    """A new API token for ``username``: returns the stored row and the token, shown once."""
    user = get_user(session, username)
    if not user.active:
        raise Conflict(f"user {username!r} is disabled: enable them before issuing a token")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=token_digest(token), revoked=False)
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="token-create",
        record_kind="api_tokens",
        record_id=row.id,
        after={"user": username, "name": name},
    )
    return row, token


def revoke_token(session: Session, token_id: int, *, actor: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no API token with id {token_id} (see `truce user list`)")
    if not row.revoked:
        q.revoke_token(session, token_id)
        session.refresh(row)
        audit.append(
            session,
            actor=actor,
            action="token-revoke",
            record_kind="api_tokens",
            record_id=row.id,
            after={"revoked": True},
        )
    return row


def list_tokens(session: Session, username: str) -> list[ApiToken]:
    user = get_user(session, username)
    return q.tokens_of(session, user.id)


def user_for_token(connection: Session | Connection, token: str) -> Principal:
    """The principal an ``Authorization: Bearer`` token stands for, or :class:`Unauthorized`.

    Works on a plain connection (the server's fast path) as well as a session; the token's
    ``last_used`` is refreshed at most once a minute (the caller commits)."""
    row = q.token_holder(connection, token_digest(token))
    if row is None or not row[4]:
        raise Unauthorized("the API token is unknown, revoked or its user disabled")
    user_id, username, role, party_id, _active, token_id, last_used = row
    now = datetime.now(UTC)
    if last_used is None or _aware(last_used) < now - _LAST_USED_EVERY:
        q.mark_token_used(connection, token_id, now)
    return Principal(id=user_id, username=username, role=role, party_id=party_id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
