"""The actor registry file, YAML or CSV: entries read and checked, and the registry written back.

An entry holds an actor's name, kind, country, parent, aliases, description and classification,
and its offices, designations and relationships, each with a start and an end. YAML dates are
read as text, so that a bad one is named like any other cell. CSV cells of ``offices``,
``designations`` and ``relationships`` hold entries separated by ``|``, each entry's parts
separated by ``;``: ``title; organisation; start; end``, ``designation; by; start; end`` and
``kind; object; start; end``. Writing gives the YAML list ``truce import actors`` reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

import yaml

from truce import vocab
from truce.formats import fields
from truce.formats.fields import guard
from truce.formats.issues import FieldError
from truce.formats.source import Source

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


def write_actors_yaml(items: Iterator[dict[str, Any]], stream: TextIO) -> int:
    """The actor registry as YAML (what ``truce import actors`` reads), one actor at a time."""
    stream.write("# Truce actor registry export (docs/formats.md, 'Actors').\n")
    count = 0
    for item in items:
        entry = {key: value for key, value in item.items() if value not in (None, [], "")}
        entry.setdefault("name", item["name"])
        stream.write(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100))
        count += 1
    if count == 0:
        stream.write("[]\n")
    return count
