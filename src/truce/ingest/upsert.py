"""Create-or-update of the small record kinds, one audited write per record (store/records.py).

A parsed row becomes a :class:`Parsed`: the record's column values and its link sets (sources
it rests on, parties it is shared with, agreement roles, zone roles, notification recipients).
An identical row changes nothing; a changed one updates the record (version + 1) and replaces
its links, and the link change gets its own audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from truce.formats.issues import FieldError
from truce.store import audit, records
from truce.store.models import (
    AgreementActor,
    Base,
    NotificationRecipient,
    RecordShare,
    RecordSource,
    ZoneActor,
)
from truce.store.queries_ingest import link_rows
from truce.store.serialize import jsonable, to_dict

LinkSet = frozenset[tuple[Any, ...]]


@dataclass(frozen=True)
class LinkTable:
    model: type[Base]
    owner: str  # column holding the record's id
    fields: tuple[str, ...]
    by_kind: bool = False  # the table also keys on record_kind


LINKS: dict[str, LinkTable] = {
    "sources": LinkTable(RecordSource, "record_id", ("source_id",), by_kind=True),
    "shared_with": LinkTable(RecordShare, "record_id", ("party_id",), by_kind=True),
    "agreement_actors": LinkTable(AgreementActor, "agreement_id", ("actor_id", "role")),
    "zone_actors": LinkTable(ZoneActor, "zone_id", ("actor_id", "role")),
    "recipients": LinkTable(NotificationRecipient, "notification_id", ("actor_id",)),
}


@dataclass
class Parsed:
    """One valid row: what to write."""

    external_id: str
    values: dict[str, Any]
    links: dict[str, LinkSet] = field(default_factory=dict)


def _filter(table: LinkTable, kind: str, record_id: int) -> list[Any]:
    model: Any = table.model
    conditions = [getattr(model, table.owner) == record_id]
    if table.by_kind:
        conditions.append(model.record_kind == kind)
    return conditions


def read_links(session: Session, kind: str, record_id: int, names: list[str]) -> dict[str, LinkSet]:
    found: dict[str, LinkSet] = {}
    for name in names:
        table = LINKS[name]
        where = _filter(table, kind, record_id)
        found[name] = link_rows(session, table.model, table.fields, where)
    return found


def write_links(
    session: Session, kind: str, record_id: int, links: Mapping[str, LinkSet], *, replace: bool
) -> None:
    for name, wanted in links.items():
        table = LINKS[name]
        model: Any = table.model
        if replace:
            session.execute(delete(model).where(*_filter(table, kind, record_id)))
        for item in sorted(wanted, key=repr):
            row = dict(zip(table.fields, item, strict=True))
            row[table.owner] = record_id
            if table.by_kind:
                row["record_kind"] = kind
            session.add(model(**row))
    session.flush()


def _same(current: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    for key, value in values.items():
        if _comparable(current.get(key)) != _comparable(jsonable(value)):
            return False
    return True


def _comparable(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    if isinstance(value, datetime | date):
        return _comparable(value.isoformat())
    return value


def _links_json(links: Mapping[str, LinkSet]) -> dict[str, list[list[Any]]]:
    return {name: sorted([list(item) for item in value], key=repr) for name, value in links.items()}


def upsert(
    session: Session, kind: str, parsed: Parsed, *, existing_id: int | None, actor: str
) -> str:
    """Write one record; returns ``created``, ``updated`` or ``unchanged``."""
    if existing_id is None:
        record = records.create(session, kind, parsed.values, actor=actor)
        if any(parsed.links.values()):
            write_links(session, kind, record.id, parsed.links, replace=False)
            audit.append(
                session,
                actor=actor,
                action="link",
                record_kind=kind,
                record_id=record.id,
                after=_links_json(parsed.links),
            )
        return "created"
    current = records.get(session, kind, existing_id, include_deleted=True)
    if current.deleted_at is not None:
        raise FieldError(
            "deleted-record",
            f"the {kind[:-1]} with id {parsed.external_id!r} was deleted in Truce; "
            "give this row a new id, or restore the record first",
            column="id",
            value=parsed.external_id,
        )
    old_links = read_links(session, kind, existing_id, list(parsed.links))
    if _same(to_dict(current), parsed.values) and old_links == parsed.links:
        return "unchanged"
    records.update_record(session, kind, existing_id, parsed.values, actor=actor)
    if old_links != parsed.links:
        write_links(session, kind, existing_id, parsed.links, replace=True)
        audit.append(
            session,
            actor=actor,
            action="link",
            record_kind=kind,
            record_id=existing_id,
            before=_links_json(old_links),
            after=_links_json(parsed.links),
        )
    return "updated"
