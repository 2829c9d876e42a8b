"""Read queries behind ``truce.ingest``: names, external ids and links an import checks against.

An import is a write by someone allowed to write every record (``truce import`` runs as an
administrator), so these look-ups see the whole store, deleted records included where the
importer matches on them (an external id stays taken). Every read path that shows records to
a person goes through :mod:`truce.store.visibility` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ARRAY, Connection, String, any_, bindparam, func, select
from sqlalchemy.orm import Session

from truce.store.models import (
    Actor,
    ActorAlias,
    Designation,
    Event,
    EventViolation,
    Office,
    Relationship,
    Source,
)


def alias_pairs(session: Session) -> Iterator[tuple[str, int]]:
    """(folded alias, actor id) of every alias in the registry."""
    for alias, actor_id in session.execute(select(ActorAlias.normalized, ActorAlias.actor_id)):
        yield str(alias), int(actor_id)


def live_actor_names(session: Session) -> Iterator[tuple[str, int]]:
    """(name, actor id) of every actor not deleted."""
    query = select(Actor.name, Actor.id).where(Actor.deleted_at.is_(None))
    for name, actor_id in session.execute(query):
        yield str(name), int(actor_id)


def actor_named(session: Session, name: str) -> Actor | None:
    """The actor whose canonical name is exactly ``name``."""
    return session.execute(select(Actor).where(Actor.name == name)).scalar_one_or_none()


def actor_ties(session: Session, actor_id: int) -> dict[str, list[Any]]:
    """The actor's offices, designations and relationships as rows of their columns (what an
    import compares to tell an unchanged actor from a changed one)."""
    offices = session.execute(
        select(Office.title, Office.organisation_id, Office.start, Office.end).where(
            Office.person_id == actor_id
        )
    )
    designations = session.execute(
        select(
            Designation.designation,
            Designation.designated_by,
            Designation.designated_by_id,
            Designation.start,
            Designation.end,
        ).where(Designation.actor_id == actor_id)
    )
    relations = session.execute(
        select(
            Relationship.kind, Relationship.object_id, Relationship.start, Relationship.end
        ).where(Relationship.subject_id == actor_id)
    )
    return {
        "offices": list(offices),
        "designations": list(designations),
        "relationships": list(relations),
    }


def id_by_external_id(session: Session, model: Any, external_id: str) -> int | None:
    """The id of the record of ``model`` whose external id is ``external_id`` (unique per kind);
    for events, the first such event of any dataset."""
    if model is Event:
        query = select(Event.id).where(Event.external_id == external_id).order_by(Event.id)
        found: int | None = session.execute(query.limit(1)).scalar_one_or_none()
        return found
    query = select(model.id).where(model.external_id == external_id)
    result: int | None = session.execute(query).scalar_one_or_none()
    return result


def source_with_text(session: Session, sha256: str) -> str | None:
    """The external id of the source whose text has this SHA-256 digest, if any."""
    query = select(Source.external_id).where(Source.sha256 == sha256)
    found: str | None = session.execute(query).scalar_one_or_none()
    return found


def violation_ids(session: Session, event_id: int) -> list[int]:
    """The ids of the event's alleged violations."""
    query = select(EventViolation.id).where(EventViolation.event_id == event_id)
    return [int(i) for i in session.execute(query).scalars()]


def link_rows(
    session: Session, model: Any, columns: Sequence[str], where: Sequence[Any]
) -> frozenset[tuple[Any, ...]]:
    """The distinct ``columns`` of the link table ``model``'s rows matching ``where``."""
    rows = session.execute(select(*(getattr(model, c) for c in columns)).where(*where))
    return frozenset(tuple(row) for row in rows)


def last_event_id(connection: Connection) -> int:
    """The highest event id so far (0 in an empty store)."""
    found = connection.execute(select(func.max(Event.id))).scalar_one()
    return int(found or 0)


def has_events_of(connection: Connection, dataset: str) -> bool:
    """True when the store holds at least one event of ``dataset``."""
    query = select(Event.id).where(Event.dataset == dataset).limit(1)
    return connection.execute(query).first() is not None


def events_by_key(
    connection: Connection, datasets: Sequence[str], external_ids: Sequence[str]
) -> Iterator[Any]:
    """(id, dataset, external id, row hash, updated at) of the events with those keys; both
    columns are named, so the unique index on (dataset, external id) answers."""
    query = select(Event.id, Event.dataset, Event.external_id, Event.row_hash, Event.updated_at)
    if connection.dialect.name == "postgresql":
        # One array parameter, not one per id: a chunk of 5,000 ids compiles and binds once.
        ids = bindparam("external_ids", list(external_ids), type_=ARRAY(String))
        query = query.where(Event.dataset.in_(datasets), Event.external_id == any_(ids))
    else:
        query = query.where(Event.dataset.in_(datasets), Event.external_id.in_(external_ids))
    yield from connection.execute(query)
