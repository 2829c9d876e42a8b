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
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, inspect, select, update
from sqlalchemy.orm import Session

from truce.errors import Conflict, InvalidInput, NotFound
from truce.links import check_web_url
from truce.store import audit, pgbulk, seals, sqlitebulk
from truce.store.models import RECORD_KINDS, Record, utcnow
from truce.store.serialize import to_dict
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


_COLUMN_KEYS: dict[type[Record], frozenset[str]] = {}


def _column_keys(model: type[Record]) -> frozenset[str]:
    found = _COLUMN_KEYS.get(model)
    if found is None:
        found = _COLUMN_KEYS[model] = frozenset(c.key for c in inspect(model).column_attrs)
    return found


def _check_columns(model: type[Record], values: Mapping[str, Any]) -> None:
    columns = _column_keys(model)
    if columns.issuperset(values) and _PROTECTED.isdisjoint(values):
        return
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
    audited as :func:`create` audits one (its own entry, values and seal). The rows go in
    under ids known beforehand (PostgreSQL: drawn from the table's sequence, the rows through
    ``COPY``; SQLite: one past the largest, a batched insert), so their seals are hashed from
    the values written (:func:`~truce.store.seals.written_seals`) instead of read back."""
    model = model_for(kind)
    checked = []
    for values in rows:
        _check_columns(model, values)
        checked.append(inherited(session, model, _checked(kind, values)))
    written = _insert_new(session, model, checked)
    found: list[seals.Seal] | None = None
    if written is not None:
        full, texts = written
        ids = [row["id"] for row in full]
        afters: list[dict[str, Any] | None] = [None] * len(full)
        # an entry's ``after``: its JSON columns' texts as made for the insert
        after_texts: list[str | None] = list(audit.canonical_objects(_afters(full), texts))
        found = seals.written_seals(session.connection(), kind, full, texts)
    else:
        made = [model(**values) for values in checked]
        session.add_all(made)
        session.flush()
        ids, afters = [record.id for record in made], [to_dict(record) for record in made]
        after_texts = [None] * len(made)
    if found is None:
        found = seals.seals_of(session, kind, ids)
    sealed = {seal[1]: seal for seal in found}
    changes = [
        audit.Change(
            "create", kind, record_id, after=after, seals=[sealed[record_id]], after_text=text
        )
        for record_id, after, text in zip(ids, afters, after_texts, strict=True)
    ]
    audit.append_many(session, changes, actor=actor)
    return ids


def _afters(full: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New rows' values as :func:`~truce.store.serialize.to_dict` gives a record's (days and
    times as ISO text); only the columns holding a day or a time are looked at, and a value
    shared by rows (the batch's stamp) is written once."""
    dated = [
        key
        for key in full[0]
        if any(issubclass(kind, date) for kind in set(map(type, map(itemgetter(key), full))))
    ]
    if not dated:
        return full
    # by identity (the rows hold them meanwhile): equal aware times may differ in zone
    spelled: dict[int, str] = {}
    afters = []
    for row in full:
        after = dict(row)
        for key in dated:
            value = after[key]
            if isinstance(value, date):  # a datetime too
                text = spelled.get(id(value))
                if text is None:
                    text = spelled[id(value)] = value.isoformat()
                after[key] = text
        afters.append(after)
    return afters


@dataclass(frozen=True)
class _Columns:
    """What a batch insert of a model's rows needs to know of its columns (by key = name)."""

    table: str
    keys: tuple[str, ...]  # every column, "id" among them
    stamps: tuple[str, ...]  # columns defaulting to the time: one stamp for the batch
    defaults: tuple[tuple[str, Any], ...]  # the other Python-side defaults
    json_keys: tuple[str, ...]


_COLUMNS: dict[type[Record], _Columns | None] = {}


def _columns(model: type[Record]) -> _Columns | None:
    """None for a model whose defaults the server fills, or whose attributes are not named
    as their columns (the ORM's insert is needed then). Made once a model."""
    if model not in _COLUMNS:
        _COLUMNS[model] = _columns_of(model)
    return _COLUMNS[model]


def _columns_of(model: type[Record]) -> _Columns | None:
    columns = {attribute.key: attribute.columns[0] for attribute in inspect(model).column_attrs}
    if any(c.server_default is not None or k != c.name for k, c in columns.items()):
        return None
    stamps, defaults = [], []
    for key, column in columns.items():
        if column.default is None:
            continue
        if (
            column.default.is_callable
            and getattr(column.default.arg, "__wrapped__", None) is utcnow
        ):
            stamps.append(key)
        else:
            defaults.append((key, column.default))
    json_keys = [key for key, column in columns.items() if isinstance(column.type, JSON)]
    table: str = model.__table__.name  # type: ignore[attr-defined]
    return _Columns(table, tuple(columns), tuple(stamps), tuple(defaults), tuple(json_keys))


def _insert_new(
    session: Session, model: type[Record], rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, list[str | None]]] | None:
    """Insert ``rows`` (with the model's defaults, as the ORM fills them; the time defaults
    one stamp for the batch) under new ids, in order; their full values, ids included, and
    the texts their JSON columns were stored as (None: a null, or a value stored as
    ``json.dumps`` writes it). None for a model :func:`_columns` refuses, or a store other
    than PostgreSQL and SQLite."""
    plan = _columns(model)
    connection = session.connection()
    dialect = connection.dialect.name
    if plan is None or not rows or dialect not in ("postgresql", "sqlite"):
        return None
    session.flush()  # the session's own pending rows first, as an ORM insert would have it
    stamp = utcnow()
    common = dict.fromkeys(plan.keys) | dict.fromkeys(plan.stamps, stamp)
    full = []
    for values in rows:
        row = common | {key: _default(default) for key, default in plan.defaults
                        if key not in values}  # fmt: skip
        row.update(values)
        full.append(row)
    # A JSON value is stored as its canonical text where that reads back the same (encoded
    # once: the seal and the audit entry take the same text), else as json.dumps writes it.
    texts = {key: [seals.json_text(row[key]) for row in full] for key in plan.json_keys}
    if dialect == "postgresql":
        ids = pgbulk.next_ids(connection, plan.table, len(full))
        for row, record_id in zip(full, ids, strict=True):
            row["id"] = record_id
        copied = [list(row.values()) for row in full]
        for key, made in texts.items():
            position = plan.keys.index(key)
            for line, text in zip(copied, made, strict=True):
                value = line[position]
                if value is not None:
                    line[position] = text if text is not None else json.dumps(value)
        pgbulk.copy_rows(connection, plan.table, plan.keys, copied)
        return full, texts
    _sqlite_insert(connection, model, plan, full, texts)
    return full, texts


def _sqlite_insert(
    connection: Connection, model: type[Record], plan: _Columns, full: list[dict[str, Any]],
    texts: dict[str, list[str | None]],
) -> None:  # fmt: skip
    """SQLite: the first row inserted alone, which takes the store's write lock and gets the
    id one past the largest; the others then under the ids after it (free: none is larger),
    in one batched statement. Values are bound as SQLAlchemy binds them (its processors)."""
    keys = [key for key in plan.keys if key != "id"]
    processors = sqlitebulk.bind_processors(connection, model.__table__, keys)  # type: ignore[attr-defined]
    columns: list[Any] = list(zip(*(itemgetter(*keys)(row) for row in full), strict=True))
    for position, process in enumerate(processors):
        made = texts.get(keys[position])
        if made is not None:  # a JSON column: its texts, else the value as SQLAlchemy binds it
            columns[position] = [
                text if text is not None or value is None or process is None else process(value)
                for value, text in zip(columns[position], made, strict=True)
            ]
        elif process is not None:
            columns[position] = list(map(process, columns[position]))
    bound = list(zip(*columns, strict=True))
    first = sqlitebulk.insert_rows(connection, plan.table, keys, bound[:1]).lastrowid
    if not isinstance(first, int) or first < 1:
        raise RuntimeError(f"SQLite gave no id for a new row of {plan.table}")
    for offset, row in enumerate(full):
        row["id"] = first + offset
    if len(bound) > 1:
        later = [(*values, first + offset) for offset, values in enumerate(bound[1:], 1)]
        sqlitebulk.insert_rows(connection, plan.table, [*keys, "id"], later)


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
