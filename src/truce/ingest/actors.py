"""The actor registry from YAML or CSV: names, aliases, offices, designations, relationships.

Actors may name each other in any order (a parent, an organisation, a relationship's object
defined further down), so the file is written in two passes: every actor's own fields and
aliases first, then the references between them.

CSV cells of ``offices``, ``designations`` and ``relationships`` hold entries separated by ``|``,
each entry's parts separated by ``;``: ``title; organisation; start; end``,
``designation; by; start; end`` and ``kind; object; start; end``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from truce import vocab
from truce.ingest import fields
from truce.ingest.issues import FieldError
from truce.ingest.kinds import guard
from truce.ingest.readers import Source
from truce.ingest.resolve import ActorIndex
from truce.names import normalize_name
from truce.store import audit, records
from truce.store.models import Actor, ActorAlias, Designation, Office, Relationship
from truce.store.serialize import jsonable, to_dict

ACTOR_FIELDS = frozenset(
    {
        "name",
        "kind",
        "country",
        "parent",
        "aliases",
        "description",
        "offices",
        "designations",
        "relationships",
        "classification",
    }
)
_PARTS = {
    "offices": ("title", "organisation", "start", "end"),
    "designations": ("designation", "by", "start", "end"),
    "relationships": ("kind", "object", "start", "end"),
}


class _TextDates(yaml.SafeLoader):
    """YAML with dates left as text, so the importer checks them and names a bad one."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class ActorRow:
    line: int
    name: str
    values: dict[str, Any]
    aliases: list[str]
    parent: str | None
    offices: list[dict[str, Any]] = field(default_factory=list)
    designations: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)


def yaml_entries(source: Source, content: str) -> Iterator[tuple[int, Any]]:
    """(line, entry) of a YAML list (or ``{actors: [...]}``), lines from 1."""
    try:
        root = yaml.compose(content, Loader=_TextDates)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        source.issue("bad-yaml", line, "", f"not valid YAML: {getattr(error, 'problem', error)}")
        return
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "actors":
                root = value
                break
    if not isinstance(root, yaml.SequenceNode):
        source.issue("bad-yaml", 1, "", "expected a list of actors (or {actors: [...]})")
        return
    loader = _TextDates("")
    for node in root.value:
        line = node.start_mark.line + 1
        try:
            yield line, loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            source.issue("bad-yaml", line, "", f"cannot read this entry: {error}")


def csv_entry(row: Mapping[str, str]) -> dict[str, Any]:
    """A CSV row in the YAML entry's shape (lists split on ``|``, parts on ``;``)."""
    entry: dict[str, Any] = {key: value for key, value in row.items() if value != ""}
    if "aliases" in entry:
        entry["aliases"] = fields.names(entry["aliases"], "aliases")
    for column, parts in _PARTS.items():
        if column in entry:
            items = []
            for chunk in entry[column].split("|"):
                if chunk.strip():
                    cells = [part.strip() or None for part in chunk.split(";")]
                    items.append(dict(zip(parts, cells, strict=False)))
            entry[column] = items
    return entry


def parse_actor(entry: Any, errors: list[FieldError]) -> ActorRow | None:
    if not isinstance(entry, dict):
        errors.append(FieldError("wrong-type", "expected a mapping of actor fields", column="name"))
        return None
    for key in entry:
        if key not in ACTOR_FIELDS:
            errors.append(
                FieldError(
                    "unknown-field",
                    f"unknown field {key!r}; the fields are {', '.join(sorted(ACTOR_FIELDS))}",
                    column=str(key),
                )
            )
    name = guard(errors, fields.text, entry.get("name"), "name", required=True, max_len=300)
    country = guard(errors, fields.text, entry.get("country"), "country")
    if country is not None and (len(country) != 3 or not country.isalpha()):
        errors.append(
            FieldError(
                "wrong-type",
                f"{country!r} is not an ISO 3166-1 alpha-3 code",
                column="country",
                value=country,
            )
        )
    values = {
        "name": name,
        "kind": guard(errors, fields.choice, entry.get("kind"), "kind", vocab.ACTOR_KINDS)
        or "other",
        "country": country.upper() if country else None,
        "description": guard(errors, fields.text, entry.get("description"), "description"),
        "classification": guard(
            errors,
            fields.choice,
            entry.get("classification"),
            "classification",
            vocab.CLASSIFICATIONS,
        )
        or "public",
    }
    aliases = guard(errors, fields.names, entry.get("aliases"), "aliases") or []
    row = ActorRow(
        0, name or "", values, aliases, guard(errors, fields.text, entry.get("parent"), "parent")
    )
    row.offices = _terms(entry, "offices", errors)
    row.designations = _terms(entry, "designations", errors)
    row.relationships = _terms(entry, "relationships", errors)
    for item in row.relationships:
        guard(
            errors,
            fields.choice,
            item.get("kind"),
            "relationships",
            vocab.RELATIONSHIP_KINDS,
            required=True,
        )
    return row


def _terms(entry: Mapping[str, Any], column: str, errors: list[FieldError]) -> list[dict[str, Any]]:
    items = entry.get(column) or []
    if not isinstance(items, list):
        errors.append(FieldError("wrong-type", "expected a list", column=column))
        return []
    first, second = _PARTS[column][0], _PARTS[column][1]
    found = []
    for item in items:
        if not isinstance(item, dict):
            errors.append(
                FieldError(
                    "wrong-type", f"each entry needs {first}, {second}, start, end", column=column
                )
            )
            continue
        start = guard(errors, fields.day, _date_text(item.get("start")), column)
        end = guard(errors, fields.day, _date_text(item.get("end")), column)
        guard(errors, fields.ordered_window, start, end, column)
        label = guard(errors, fields.text, item.get(first), column, required=True)
        found.append({first: label, second: item.get(second), "start": start, "end": end})
    return found


def _date_text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _snapshot(session: Session, actor: Actor) -> dict[str, Any]:
    offices = session.execute(
        select(Office.title, Office.organisation_id, Office.start, Office.end).where(
            Office.person_id == actor.id
        )
    )
    designations = session.execute(
        select(
            Designation.designation,
            Designation.designated_by,
            Designation.designated_by_id,
            Designation.start,
            Designation.end,
        ).where(Designation.actor_id == actor.id)
    )
    relations = session.execute(
        select(
            Relationship.kind, Relationship.object_id, Relationship.start, Relationship.end
        ).where(Relationship.subject_id == actor.id)
    )
    return {
        "parent_id": actor.parent_id,
        "aliases": sorted(alias.alias for alias in actor.aliases),
        "offices": sorted(_row(r) for r in offices),
        "designations": sorted(_row(r) for r in designations),
        "relationships": sorted(_row(r) for r in relations),
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
        existing = self.session.execute(
            select(Actor).where(Actor.name == row.name)
        ).scalar_one_or_none()
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
