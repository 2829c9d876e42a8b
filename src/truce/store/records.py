"""Create, read, update and soft-delete any record kind, each write audited (its entry keeps
the values and the hash of the row as written: see :mod:`truce.store.seals`).

Updates use optimistic concurrency: pass the version you read as ``expected_version`` and a
stale write raises :class:`~truce.errors.Conflict` instead of overwriting someone else's change.
A derived record is classified at least as high as its origin, and a write made for a user
(``audience``) is held to what that user may see (see :mod:`truce.store.visibility`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, inspect, select, update
from sqlalchemy.orm import Session

from truce.errors import Conflict, InvalidInput, NotFound
from truce.links import check_web_url
from truce.store import audit, pgbulk, seals
from truce.store.models import RECORD_KINDS, Record, utcnow
from truce.store.serialize import jsonable, to_dict
from truce.store.visibility import (
    Audience,
    check_writer,
    derived_below,
    inherited,
    visible_clause,
)

_PROTECTED = frozenset({"id", "created_at", "updated_at", "version", "deleted_at"})


def model_for(kind: str) -> type[Record]:
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        valid = ", ".join(sorted(RECORD_KINDS))
        raise InvalidInput(f"unknown record kind {kind!r}: use one of {valid}") from None


def _checked(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with the rules every writer obeys: addresses are http(s), and a source's
    ``sha256`` is its text's hash (computed here, never taken from the writer)."""
    out = dict(values)
    if "url" in out:
        check_web_url(out["url"])
    if kind == "sources" and "text" in out:
        text = out["text"]
        out["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None
    return out


def _check_columns(model: type[Record], values: Mapping[str, Any]) -> None:
    columns = {c.key for c in inspect(model).column_attrs}
    unknown = sorted(set(values) - columns)
    if unknown:
        raise InvalidInput(f"{model.__name__} has no field(s) {', '.join(unknown)}")
    protected = sorted(set(values) & _PROTECTED)
    if protected:
        raise InvalidInput(f"field(s) {', '.join(protected)} are set by Truce, not by writers")


def get(session: Session, kind: str, record_id: int, *, include_deleted: bool = False) -> Record:
    model = model_for(kind)
    record = session.get(model, record_id)
    if record is None or (record.deleted_at is not None and not include_deleted):
        raise NotFound(f"no {kind} record with id {record_id}")
    return record


def visible_by_id(session: Session, model: Any, record_id: int, audience: Audience) -> Any:
    """The record of ``model`` with id ``record_id`` if ``audience`` may see it, else None."""
    query = select(model).where(model.id == record_id, visible_clause(model, audience))
    return session.scalars(query).first()


def visible_by_ids(
    session: Session, model: Any, ids: Iterable[int | None], audience: Audience
) -> dict[int, Any]:
    """Those of the records of ``model`` named by ``ids`` that ``audience`` may see, by id."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(model).where(model.id.in_(wanted), visible_clause(model, audience))
    return {record.id: record for record in session.scalars(query)}


def get_visible(session: Session, kind: str, record_id: int, audience: Audience) -> Record:
    """Record ``kind`` ``record_id`` if ``audience`` may see it; otherwise NotFound, worded
    exactly as for a missing record (a hidden record and a missing one look the same)."""
    found = visible_by_id(session, model_for(kind), record_id, audience)
    if found is None:
        raise NotFound(f"no {kind} record with id {record_id}")
    return found  # type: ignore[no-any-return]


def create(
    session: Session,
    kind: str,
    values: Mapping[str, Any],
    *,
    actor: str,
    audience: Audience | None = None,
) -> Record:
    """Create one record; with ``audience`` (the writer's) it may only classify and link
    within what that writer may see."""
    model = model_for(kind)
    _check_columns(model, values)
    values = _checked(kind, values)
    if audience is not None:
        check_writer(session, model, dict(values), audience)
    values = inherited(session, model, dict(values))
    record = model(**values)
    session.add(record)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="create",
        record_kind=kind,
        record_id=record.id,
        after=to_dict(record),
        seals=seals.seals_of(session, kind, [record.id]),
    )
    return record


def create_many(
    session: Session, kind: str, rows: Sequence[Mapping[str, Any]], *, actor: str
) -> list[int]:
    """Create many records of one kind in one batch and return their ids, in order; each is
    audited as :func:`create` audits one (its own entry, values and seal). On PostgreSQL the
    ids are drawn from the table's sequence and the rows go in through ``COPY``; elsewhere
    through one batched insert."""
    model = model_for(kind)
    checked = []
    for values in rows:
        _check_columns(model, values)
        checked.append(inherited(session, model, _checked(kind, values)))
    copied = _copy_new(session, model, checked)
    if copied is not None:
        ids, afters = copied
    else:
        made = [model(**values) for values in checked]
        session.add_all(made)
        session.flush()
        ids, afters = [record.id for record in made], [to_dict(record) for record in made]
    sealed = {seal[1]: seal for seal in seals.seals_of(session, kind, ids)}
    changes = [
        audit.Change("create", kind, record_id, after=after, seals=[sealed[record_id]])
        for record_id, after in zip(ids, afters, strict=True)
    ]
    audit.append_many(session, changes, actor=actor)
    return ids


def _copy_new(
    session: Session, model: type[Record], rows: list[dict[str, Any]]
) -> tuple[list[int], list[dict[str, Any]]] | None:
    """PostgreSQL: ``rows`` (with the model's defaults, as the ORM fills them) copied into its
    table under ids drawn from its sequence; their ids, and their values as :func:`to_dict`
    gives a created record's. None elsewhere, or for a model whose defaults the server fills."""
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not rows:
        return None
    table: str = model.__table__.name  # type: ignore[attr-defined]
    columns = {attribute.key: attribute.columns[0] for attribute in inspect(model).column_attrs}
    if any(c.server_default is not None or k != c.name for k, c in columns.items()):
        return None
    defaults = {k: c.default for k, c in columns.items() if c.default is not None}
    ids = pgbulk.next_ids(connection, table, len(rows))
    full = []
    for values, record_id in zip(rows, ids, strict=True):
        row = {key: _default(default) for key, default in defaults.items() if key not in values}
        full.append(dict.fromkeys(columns) | row | values | {"id": record_id})
    json_keys = [key for key, column in columns.items() if isinstance(column.type, JSON)]
    copied = []
    for row in full:
        stored = dict(row)
        for key in json_keys:
            if stored[key] is not None:
                stored[key] = json.dumps(stored[key])
        copied.append(list(stored.values()))
    pgbulk.copy_rows(connection, table, list(full[0]), copied)
    return ids, [{key: jsonable(value) for key, value in row.items()} for row in full]


def _default(default: Any) -> Any:
    """A column's Python-side default for one new row (a callable one is SQLAlchemy's wrapper,
    which takes the execution context)."""
    return default.arg(None) if default.is_callable else default.arg


def update_record(
    session: Session,
    kind: str,
    record_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None = None,
    audience: Audience | None = None,
) -> Record:
    """Change fields of one record; with ``expected_version`` a stale update is refused, with
    ``audience`` the change is held to what the writer may see (as :func:`create`)."""
    model = model_for(kind)
    _check_columns(model, values)
    values = _checked(kind, values)
    if audience is not None:
        check_writer(session, model, dict(values), audience)
    record = get(session, kind, record_id)
    values = inherited(session, model, dict(values), record)
    before = to_dict(record)
    current = record.version
    if expected_version is not None and expected_version != current:
        raise Conflict(
            f"{kind} {record_id} is at version {current}, not {expected_version}: "
            "someone changed it since you read it; read it again and reapply your change",
            detail={"current_version": current},
        )
    # Compare-and-set on the version column, so two writers can never both win.
    result = session.execute(
        update(model)
        .where(model.id == record_id, model.version == current)
        .values(**values, version=current + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"{kind} {record_id} was changed by someone else; read it again")
    session.refresh(record)
    audit.append(
        session,
        actor=actor,
        action="update",
        record_kind=kind,
        record_id=record_id,
        before=before,
        after=to_dict(record),
        seals=seals.seals_of(session, kind, [record.id]),
    )
    for child_kind, child_id in derived_below(session, model, record_id, record.classification):
        update_record(
            session, child_kind, child_id, {"classification": record.classification}, actor=actor
        )
    return record


def soft_delete(
    session: Session,
    kind: str,
    record_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Record:
    """Mark a record deleted (it stays in the store and in the audit trail)."""
    record = get(session, kind, record_id)
    return _mark_deleted(session, kind, record, actor=actor, expected=expected_version)


def _mark_deleted(
    session: Session, kind: str, record: Record, *, actor: str, expected: int | None
) -> Record:
    model = type(record)
    current = record.version
    if expected is not None and expected != current:
        raise Conflict(
            f"{kind} {record.id} is at version {current}, not {expected}; read it again",
            detail={"current_version": current},
        )
    before = to_dict(record)
    result = session.execute(
        update(model)
        .where(model.id == record.id, model.version == current)
        .values(deleted_at=utcnow(), version=current + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"{kind} {record.id} was changed by someone else; read it again")
    session.refresh(record)
    audit.append(
        session,
        actor=actor,
        action="delete",
        record_kind=kind,
        record_id=record.id,
        before=before,
        after=to_dict(record),
        seals=seals.seals_of(session, kind, [record.id]),
    )
    return record


def find_by_external_id(session: Session, kind: str, external_id: str) -> Record | None:
    model = model_for(kind)
    column = getattr(model, "external_id", None)
    if column is None:
        raise InvalidInput(f"{kind} records have no external id")
    return session.execute(select(model).where(column == external_id)).scalar_one_or_none()
