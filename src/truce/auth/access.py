"""Roles and record visibility, the same for the API, the web pages and the reports.

- admin and analyst see every record and write every kind; only admins manage users;
- monitor sees public and restricted records and may create events and alleged violations;
- liaison (bound to a party actor) sees public records and those shared with their party;
- viewer sees public records only.

Liaisons and viewers never write. A record someone may not see answers 404, like a missing one.
What each role reads is decided by :mod:`truce.store.visibility` (``Principal.audience``).
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.errors import Forbidden
from truce.store.models import User
from truce.store.visibility import Audience
from truce.vocab import ROLES

SEE_ALL = frozenset({"admin", "analyst"})
WRITERS = frozenset({"admin", "analyst"})
MONITOR_CREATES = frozenset({"events", "violations"})


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user's id, name, role and (for a liaison) party actor."""

    id: int
    username: str
    role: str
    party_id: int | None = None

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(id=user.id, username=user.username, role=user.role, party_id=user.party_id)

    @property
    def audit_name(self) -> str:
        """The name written into audit entries for this principal's writes."""
        return f"user:{self.username}"

    @property
    def audience(self) -> Audience:
        """What this principal may read (the one rule of :mod:`truce.store.visibility`)."""
        return Audience.of_role(self.role, self.party_id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise Forbidden(f"unknown role {role!r}: roles are {', '.join(ROLES)}")
    return role


def can_write(who: Principal, kind: str, action: str) -> bool:
    """Whether ``who`` may ``action`` (create, update, delete, share) records of ``kind``."""
    if who.role in WRITERS:
        return True
    return who.role == "monitor" and action == "create" and kind in MONITOR_CREATES


def require_write(who: Principal, kind: str, action: str) -> None:
    if not can_write(who, kind, action):
        allowed = "admins and analysts"
        if action == "create" and kind in MONITOR_CREATES:
            allowed += " (and monitors)"
        raise Forbidden(f"a {who.role} may not {action} {kind}: only {allowed} may")


def can_read_queue(who: Principal) -> bool:
    """The review queue (extraction candidates) is for admins and analysts."""
    return who.role in WRITERS


def require_admin(who: Principal) -> None:
    if not who.is_admin:
        raise Forbidden("only admins manage users and tokens")
