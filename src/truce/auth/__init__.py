"""Accounts and access: users, password hashes, API tokens, sessions and who sees what.

Plain functions over a SQLAlchemy session; the CLI (``truce user``, ``truce token``) and the
server (``truce.server.auth``) are thin layers over them.
"""

from truce.auth.access import Principal, can_read_queue, can_write
from truce.auth.users import (
    add_user,
    authenticate,
    create_token,
    disable_user,
    list_users,
    revoke_token,
    set_password,
    user_for_token,
)

__all__ = [
    "Principal",
    "add_user",
    "authenticate",
    "can_read_queue",
    "can_write",
    "create_token",
    "disable_user",
    "list_users",
    "revoke_token",
    "set_password",
    "user_for_token",
]
