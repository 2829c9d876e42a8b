"""The demo login ``truce serve --demo-login`` prints: user ``demo`` (analyst), a fresh random
password each start, so no password is ever written in the repository."""

from __future__ import annotations

import secrets

from sqlalchemy import Engine

from truce.auth import users
from truce.errors import NotFound
from truce.store.db import transaction

DEMO_USER = "demo"
DEMO_ROLE = "analyst"


def ensure_demo_user(engine: Engine, *, actor: str) -> str:
    """Create or reset the demo analyst with a new random password, and return the password."""
    password = secrets.token_urlsafe(12)
    with transaction(engine) as session:
        try:
            user = users.get_user(session, DEMO_USER)
        except NotFound:
            users.add_user(session, DEMO_USER, role=DEMO_ROLE, password=password, actor=actor)
            return password
        users.set_password(session, DEMO_USER, password, actor=actor)
        if not user.active:
            users.enable_user(session, DEMO_USER, actor=actor)
        if user.role != DEMO_ROLE:
            users.set_role(session, DEMO_USER, DEMO_ROLE, actor=actor)
    return password
