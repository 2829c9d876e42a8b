"""The actor registry written into the store: names, aliases, offices, designations, relationships.

Actors may name each other in any order (a parent, an organisation, a relationship's object
defined further down), so the file is written in two passes: every actor's own fields and
aliases first, then the references between them. The file itself is read and checked by
:mod:`truce.formats.actors`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from truce.formats.actors import ActorRow
from truce.formats.fields import guard
from truce.formats.issues import FieldError
from truce.ingest.resolve import ActorIndex
from truce.names import normalize_name
from truce.store import audit, records
from truce.store.models import Actor, ActorAlias, Designation, Office, Relationship
from truce.store.queries_ingest import actor_named, actor_ties
from truce.store.serialize import jsonable, to_dict


def _snapshot(session: Session, actor: Actor) -> dict[str, Any]:
    ties = actor_ties(session, actor.id)
    return {
        "parent_id": actor.parent_id,
        "aliases": sorted(alias.alias for alias in actor.aliases),
        "offices": sorted(_row(r) for r in ties["offices"]),
        "designations": sorted(_row(r) for r in ties["designations"]),
        "relationships": sorted(_row(r) for r in ties["relationships"]),
    }


def _row(row: Any) -> tuple[Any, ...]:
    return tuple("" if value is None else str(jsonable(value)) for value in row)


class ActorWriter:
    """Writes parsed actors in two passes; returns created / updated / unchanged per actor."""

    def __init__(self, session: Session, index: ActorIndex, *, actor: str) -> None:
        self.session = session
        self.index = index
        self.actor = actor
        self.ids: dict[str, int] = {}
        self.before: dict[str, dict[str, Any] | None] = {}

    def write_own(self, row: ActorRow) -> None:
        """Pass 1: the actor's own columns (created or updated)."""
        existing = actor_named(self.session, row.name)
        if existing is None:
            created = records.create(self.session, "actors", row.values, actor=self.actor)
            self.ids[row.name] = created.id
            self.before[row.name] = None
        else:
            self.ids[row.name] = existing.id
            self.before[row.name] = {**to_dict(existing), **_snapshot(self.session, existing)}
        self.index.add(row.name, self.ids[row.name])
        for alias in row.aliases:
            self.index.add(alias, self.ids[row.name])

    def resolve(self, row: ActorRow, errors: list[FieldError]) -> dict[str, Any]:
        """Pass 2 check: every name the row refers to, as ids."""
        refs: dict[str, Any] = {
            "parent_id": None,
            "offices": [],
            "designations": [],
            "relationships": [],
        }
        if row.parent:
            refs["parent_id"] = guard(errors, self.index.require, row.parent, "parent")
        for item in row.offices:
            org = item.get("organisation")
            org_id = guard(errors, self.index.require, str(org), "offices") if org else None
            refs["offices"].append((item["title"], org_id, item["start"], item["end"]))
        for item in row.designations:
            by = item.get("by")
            refs["designations"].append(
                (
                    item["designation"],
                    str(by or ""),
                    self.index.find(str(by)) if by else None,
                    item["start"],
                    item["end"],
                )
            )
        for item in row.relationships:
            obj = item.get("object")
            obj_id = guard(errors, self.index.require, str(obj or ""), "relationships")
            refs["relationships"].append((item["kind"], obj_id, item["start"], item["end"]))
        return refs

    def write_links(self, row: ActorRow, refs: dict[str, Any]) -> str:
        """Pass 2 write: parent, aliases, offices, designations, relationships."""
        actor_id = self.ids[row.name]
        before = self.before[row.name]
        wanted = {
            **row.values,
            "parent_id": refs["parent_id"],
            "aliases": sorted(set(row.aliases)),
            "offices": sorted(_row(r) for r in refs["offices"]),
            "designations": sorted(_row(r) for r in refs["designations"]),
            "relationships": sorted(_row(r) for r in refs["relationships"]),
        }
        if before is not None and all(
            before.get(key) == jsonable(value) for key, value in wanted.items()
        ):
            return "unchanged"
        columns = {**row.values, "parent_id": refs["parent_id"]}
        if before is None:
            if refs["parent_id"] is not None:
                records.update_record(
                    self.session,
                    "actors",
                    actor_id,
                    {"parent_id": refs["parent_id"]},
                    actor=self.actor,
                )
        else:
            records.update_record(self.session, "actors", actor_id, columns, actor=self.actor)
        self._replace_children(actor_id, row, refs)
        audit.append(
            self.session,
            actor=self.actor,
            action="link",
            record_kind="actors",
            record_id=actor_id,
            before={k: before[k] for k in _CHILDREN} if before else None,
            after={k: wanted[k] for k in _CHILDREN},
        )
        return "created" if before is None else "updated"

    def _replace_children(self, actor_id: int, row: ActorRow, refs: dict[str, Any]) -> None:
        session = self.session
        for model, column in (
            (ActorAlias, ActorAlias.actor_id),
            (Office, Office.person_id),
            (Designation, Designation.actor_id),
            (Relationship, Relationship.subject_id),
        ):
            session.execute(delete(model).where(column == actor_id))
        for alias in sorted(set(row.aliases)):
            session.add(
                ActorAlias(actor_id=actor_id, alias=alias, normalized=normalize_name(alias))
            )
        for title, org_id, start, end in refs["offices"]:
            session.add(
                Office(
                    person_id=actor_id, title=title, organisation_id=org_id, start=start, end=end
                )
            )
        for designation, by, by_id, start, end in refs["designations"]:
            session.add(
                Designation(
                    actor_id=actor_id,
                    designation=designation,
                    designated_by=by,
                    designated_by_id=by_id,
                    start=start,
                    end=end,
                )
            )
        for kind, obj_id, start, end in refs["relationships"]:
            session.add(
                Relationship(subject_id=actor_id, kind=kind, object_id=obj_id, start=start, end=end)
            )
        session.flush()
        session.expire_all()


_CHILDREN = ("aliases", "offices", "designations", "relationships")
