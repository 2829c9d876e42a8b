"""Signed session cookies for the web, with a per-install secret kept in the database.

A cookie is ``user_id.expiry.signature``; the HMAC-SHA256 signature covers the user id, the
expiry and the user's current password hash, so changing a password (or disabling the user)
ends every session of theirs. The secret is made on first use and stored in the
``server_secrets`` table (migration 0007_server), never in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from sqlalchemy import Column, DateTime, MetaData, String, Table, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from truce.auth.access import Principal
from truce.errors import Unauthorized
from truce.store.db import transaction
from truce.store.models import User, utcnow

COOKIE_NAME = "truce_session"
SESSION_SECONDS = 12 * 3600
SECRET_NAME = "session-signing"

_meta = MetaData()
server_secrets = Table(
    "server_secrets",
    _meta,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def install_secret(engine: Engine, name: str = SECRET_NAME) -> bytes:
    """This install's secret called ``name``, created (once, race-safe) on first use."""
    with transaction(engine) as session:
        value = session.scalar(select(server_secrets.c.value).where(server_secrets.c.name == name))
    if value is None:
        try:
            with transaction(engine) as session:
                session.execute(
                    insert(server_secrets).values(
                        name=name, value=secrets.token_hex(32), created_at=utcnow()
                    )
                )
        except IntegrityError:
            pass  # another worker made it first; read theirs
        with transaction(engine) as session:
            value = session.scalar(
                select(server_secrets.c.value).where(server_secrets.c.name == name)
            )
    if value is None:
        raise Unauthorized("the session secret could not be stored")
    return bytes.fromhex(value)


def _signature(secret: bytes, user_id: int, expiry: int, password_hash: str) -> str:
    message = f"{user_id}.{expiry}.{password_hash}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def make_cookie(secret: bytes, user: User, *, now: float | None = None) -> str:
    expiry = int((now if now is not None else time.time()) + SESSION_SECONDS)
    return f"{user.id}.{expiry}.{_signature(secret, user.id, expiry, user.password_hash)}"


def user_for_cookie(
    session: Session, secret: bytes, cookie: str, *, now: float | None = None
) -> Principal:
    """The principal a session cookie stands for, or :class:`Unauthorized`."""
    try:
        user_text, expiry_text, signature = cookie.split(".", 2)
        user_id, expiry = int(user_text), int(expiry_text)
    except ValueError:
        raise Unauthorized("the session cookie is malformed: sign in again") from None
    if expiry < (now if now is not None else time.time()):
        raise Unauthorized("the session has expired: sign in again")
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise Unauthorized("the session's user is unknown or disabled: sign in again")
    expected = _signature(secret, user_id, expiry, user.password_hash)
    if not hmac.compare_digest(expected, signature):
        raise Unauthorized("the session cookie is not valid: sign in again")
    return Principal.of(user)
