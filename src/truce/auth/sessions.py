"""Server-side web sessions, their anti-forgery tokens, and the per-install secret.

The session cookie carries a random id; the ``web_sessions`` table (migration 0009_sessions)
keeps its SHA-256, the user, a stamp of the user's password hash and the expiry. Signing out
deletes the row, so a copied cookie stops working; a new password or a disabled user ends the
user's sessions too. Before signing in, the browser holds a random pre-session cookie
(``CSRF_COOKIE``) so the sign-in form can carry a token as well (login CSRF).

Each cookie's anti-forgery token is its signature by itsdangerous (HMAC-SHA256 under a key
derived from the install's secret), made on first use and stored in the ``server_secrets``
table (migration 0007_server), never in the repository. The tables are read and written
through :mod:`truce.store.accounts`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from itsdangerous import Signer
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from truce.auth.access import Principal
from truce.errors import Unauthorized
from truce.store import accounts as q
from truce.store.db import transaction
from truce.store.models import User

COOKIE_NAME = "truce_session"
CSRF_COOKIE = "truce_csrf"
SESSION_SECONDS = 12 * 3600
SECRET_NAME = "session-signing"
CSRF_SALT = "truce-csrf"


def install_secret(engine: Engine, name: str = SECRET_NAME) -> bytes:
    """This install's secret called ``name``, created (once, race-safe) on first use."""
    with transaction(engine) as session:
        value = q.secret_value(session, name)
    if value is None:
        try:
            with transaction(engine) as session:
                q.add_secret(session, name, secrets.token_hex(32))
        except IntegrityError:
            pass  # another worker made it first; read theirs
        with transaction(engine) as session:
            value = q.secret_value(session, name)
    if value is None:
        raise Unauthorized("the session secret could not be stored")
    return bytes.fromhex(value)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp(user: User) -> str:
    """Changes whenever the user's password does, ending their sessions."""
    return _password_stamp(user.password_hash)


def _password_stamp(password_hash: str) -> str:
    return _hash(f"password:{password_hash}")


def _now(now: float | None) -> int:
    return int(now if now is not None else time.time())


def start_session(session: Session, user: User, *, now: float | None = None) -> str:
    """A new session for ``user``: its row is stored, its id (the cookie's value) returned.

    Expired rows are deleted on the way, so the table holds only live sessions."""
    at = _now(now)
    q.delete_expired_sessions(session, at)
    session_id = secrets.token_urlsafe(32)
    q.add_web_session(
        session,
        id_hash=_hash(session_id),
        user_id=user.id,
        password_stamp=_stamp(user),
        expires_at=at + SESSION_SECONDS,
    )
    return session_id


def end_session(session: Session, cookie: str) -> bool:
    """Sign a session out server-side; whether there was one to end."""
    return q.delete_web_session(session, _hash(cookie))


def user_for_cookie(
    connection: Session | Connection, cookie: str, *, now: float | None = None
) -> Principal:
    """The principal a session cookie stands for, or :class:`Unauthorized` (one read of the
    session and its user; works on a plain connection)."""
    if not cookie or len(cookie) > 200:
        raise Unauthorized("the session cookie is malformed: sign in again")
    row = q.session_holder(connection, _hash(cookie))
    if row is None:
        raise Unauthorized("the session has ended (signed out or unknown): sign in again")
    stamp, expires_at, user_id, username, role, party_id, active, password_hash = row
    if expires_at < _now(now):
        raise Unauthorized("the session has expired: sign in again")
    if not active:
        raise Unauthorized("the session's user is unknown or disabled: sign in again")
    if not hmac.compare_digest(stamp, _password_stamp(password_hash)):
        raise Unauthorized("the password changed since this session began: sign in again")
    return Principal(id=user_id, username=username, role=role, party_id=party_id)


def _csrf_signer(secret: bytes) -> Signer:
    return Signer(secret, salt=CSRF_SALT, key_derivation="hmac", digest_method=hashlib.sha256)


def csrf_token(secret: bytes, cookie: str) -> str:
    """The anti-forgery token of a session (or pre-session) cookie: forms and scripts send it
    back, a page on another site cannot read it."""
    return _csrf_signer(secret).get_signature(cookie).decode("ascii")


def csrf_matches(secret: bytes, cookie: str, token: str) -> bool:
    """Whether ``token`` is ``cookie``'s anti-forgery token (compared in constant time)."""
    return _csrf_signer(secret).verify_signature(cookie, token)


def new_presession() -> str:
    """A random value for the pre-session cookie (``CSRF_COOKIE``) the sign-in form is tied to."""
    return secrets.token_urlsafe(24)
