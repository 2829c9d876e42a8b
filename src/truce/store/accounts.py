"""Queries for accounts: users, API tokens, web sessions and the install's named secrets.

``truce.auth`` keeps the rules (who may sign in, when a session ends, what is audited); the
SQL it runs is here. ``web_sessions`` (migration 0009_sessions) and ``server_secrets``
(0007_server) are plain tables read and written only through these functions.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Executable,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import Session

from truce.store.db import sqlite_driver
from truce.store.models import Actor, ApiToken, User, utcnow

_meta = MetaData()
server_secrets = Table(
    "server_secrets",
    _meta,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
web_sessions = Table(
    "web_sessions",
    _meta,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("password_stamp", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", BigInteger, nullable=False),
)


def user_named(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def username_taken(session: Session, username: str) -> bool:
    return session.scalar(select(User.id).where(User.username == username)) is not None


def actor_named(session: Session, name: str) -> Actor | None:
    return session.scalar(select(Actor).where(Actor.name == name))


def users_by_name(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def actor_names(session: Session) -> dict[int, str]:
    """Every actor's name by id (a liaison's party is shown by name)."""
    return {row.id: row.name for row in session.execute(select(Actor.id, Actor.name))}


def live_token_counts(session: Session) -> Counter[int]:
    """How many unrevoked API tokens each user holds."""
    return Counter(session.scalars(select(ApiToken.user_id).where(ApiToken.revoked.is_(False))))


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
    )


@cache
def _token_query() -> Executable:
    """Built once: the lookup runs on every API request."""
    columns = (User.id, User.username, User.role, User.party_id, User.active)
    return (
        select(*columns, ApiToken.id, ApiToken.last_used)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == bindparam("digest"), ApiToken.revoked.is_(False))
    )


def token_holder(connection: Session | Connection, digest: str) -> Any:
    """(user id, username, role, party id, active, token id, last used) of an unrevoked
    token's SHA-256 ``digest``, or None; works on a plain connection (the server's fast path)."""
    return connection.execute(_token_query(), {"digest": digest}).first()


def update_user(session: Session, user_id: int, **values: object) -> None:
    """Change a user's columns (the caller audits the change)."""
    session.execute(update(User).where(User.id == user_id).values(**values))


def revoke_token(session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked=True))


def mark_token_used(connection: Session | Connection, token_id: int, at: datetime) -> None:
    # On the connection: a stamp, not a write of the token (last_used is not part of its seal).
    target = connection.connection() if isinstance(connection, Session) else connection
    target.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used=at))


def secret_value(session: Session, name: str) -> str | None:
    return session.scalar(select(server_secrets.c.value).where(server_secrets.c.name == name))


def add_secret(session: Session, name: str, value: str) -> None:
    """Store a named secret; IntegrityError when another process stored it first."""
    session.execute(insert(server_secrets).values(name=name, value=value, created_at=utcnow()))


def add_web_session(
    session: Session, *, id_hash: str, user_id: int, password_stamp: str, expires_at: int
) -> None:
    """Store a web session (its id only as a hash)."""
    session.execute(
        insert(web_sessions).values(
            id_hash=id_hash,
            user_id=user_id,
            password_stamp=password_stamp,
            created_at=utcnow(),
            expires_at=expires_at,
        )
    )


def delete_expired_sessions(session: Session, now: int) -> None:
    session.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))


def delete_web_session(session: Session, id_hash: str) -> bool:
    """Delete one web session; whether there was one."""
    result = session.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))
    return bool(result.rowcount)  # type: ignore[attr-defined]


@cache
def _session_query() -> Select[Any]:
    """Built once: the lookup runs on every signed-in page and API request."""
    columns = (User.id, User.username, User.role, User.party_id, User.active, User.password_hash)
    return (
        select(web_sessions.c.password_stamp, web_sessions.c.expires_at, *columns)
        .join(User, User.id == web_sessions.c.user_id)
        .where(web_sessions.c.id_hash == bindparam("id_hash"))
    )


@cache
def _session_sql() -> str:
    """:func:`_session_query` as SQLite's text, compiled once, for the driver itself."""
    return str(_session_query().compile(dialect=sqlite_dialect.dialect()))


def session_holder(connection: Session | Connection, id_hash: str) -> Any:
    """(password stamp, expires at, user id, username, role, party id, active, password hash)
    of a stored web session and its user, or None; one read on a plain connection (the server's
    fast path, like :func:`token_holder`). On SQLite it goes straight to the driver: it runs on
    every signed-in request, and SQLAlchemy's execution would cost it more than the read."""
    driver = sqlite_driver(connection)
    if driver is not None:
        return driver.execute(_session_sql(), (id_hash,)).fetchone()
    return connection.execute(_session_query(), {"id_hash": id_hash}).first()


def web_session(session: Session, id_hash: str) -> Any:
    """(user_id, password_stamp, expires_at) of a stored session, or None."""
    return session.execute(
        select(
            web_sessions.c.user_id, web_sessions.c.password_stamp, web_sessions.c.expires_at
        ).where(web_sessions.c.id_hash == id_hash)
    ).first()
