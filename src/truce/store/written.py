"""The link and account rows a session writes, sealed by its next audit entry.

Records are sealed by the writer that writes them (:mod:`truce.store.records`, the importers).
The rows of the link tables (aliases, offices, designations, relationships, agreement and zone
parties, notification recipients, record sources and shares) and of ``users`` and
``api_tokens`` (:data:`~truce.store.models.LINK_KINDS`) are written from many places, so no
caller seals them: the session notes every such row it writes —

- rows added, changed or deleted through the ORM (seen after each flush), and
- rows an ``UPDATE`` or ``DELETE`` statement run through ``session.execute`` will touch (their
  ids are read just before it runs), and rows an ``INSERT`` statement run through it adds (the
  ids past the largest before it) —

and :func:`truce.store.audit.append` seals them (their hash as they are now, or ``None`` when
gone) in the entry it appends. A session that would commit such rows with no audit entry
after them appends one itself at commit (action ``seal``, actor ``unattributed``, the tables
named in its note), so no writer can leave them unsealed. A writer that goes around the
session (a bulk insert on its connection) calls :func:`note` with what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, event, func, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from truce.store.models import LINK_KINDS

_KEY = "truce_written"
_BY_TABLE = {model.__tablename__: kind for kind, model in LINK_KINDS.items()}


UNATTRIBUTED = "unattributed"


def _noted(session: Session) -> dict[str, set[int]]:
    found: dict[str, set[int]] = session.info.setdefault(_KEY, {})
    return found


def note(session: Session, kind: str, ids: list[int]) -> None:
    """Have the next audit entry seal these rows of ``kind`` (a writer going around the ORM)."""
    _noted(session).setdefault(kind, set()).update(ids)


def take(session: Session) -> dict[str, list[int]]:
    """The rows noted since the last audit entry, by kind, sorted; forgets them."""
    found = session.info.pop(_KEY, {})
    return {kind: sorted(ids) for kind, ids in sorted(found.items()) if ids}


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    for group in (session.new, session.dirty, session.deleted):
        for instance in group:
            kind = _BY_TABLE.get(getattr(instance, "__tablename__", ""))
            if kind is not None and instance.id is not None:
                _noted(session).setdefault(kind, set()).add(instance.id)


def _before_statement(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    if not isinstance(table, Table) or table.name not in _BY_TABLE:
        return None
    kind = _BY_TABLE[table.name]
    connection = state.session.connection()
    if state.is_insert:  # the new rows: the ids past the largest before it
        last = select(func.max(table.c.id))
        before = connection.execute(last).scalar() or 0
        result = state.invoke_statement()
        after = connection.execute(last).scalar() or 0
        note(state.session, kind, list(range(before + 1, after + 1)))
        return result
    where = statement.whereclause
    query = select(table.c.id) if where is None else select(table.c.id).where(where)
    note(state.session, kind, list(connection.execute(query).scalars()))
    return None


def unclaimed(session: Session) -> list[str] | None:
    """After a flush, the kinds of the rows the session noted that no audit entry has sealed
    yet; None when it noted none (what :mod:`truce.store.audit` seals before a commit)."""
    session.flush()
    noted = session.info.get(_KEY)
    if not noted:
        return None
    return sorted(kind for kind, ids in noted.items() if ids)


def watch(seal_unclaimed: Callable[[Session], None]) -> None:
    """Install the listeners on every session (once; :mod:`truce.store.audit` calls it with
    the function that seals, before a commit, what the session would leave unsealed)."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _before_statement)
    event.listen(Session, "before_commit", seal_unclaimed)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)


def _after_soft_rollback(session: Session, previous: Any) -> None:
    # A savepoint's rollback keeps the notes: a row noted but gone is sealed as removed.
    if not previous.nested:
        session.info.pop(_KEY, None)
