"""The actor registry extraction resolves names against (passed in; no database here).

Build one with :meth:`Registry.from_yaml` (the actors YAML of docs/formats.md) or
:meth:`Registry.from_entries`; the store's actors, aliases and offices come as one from
:func:`truce.store.registry.store_registry`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from truce.data import load_yaml
from truce.errors import ConfigError, InvalidInput
from truce.extract.fold import fold_key, match_key


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    title: str
    organisation: str | None
    start: date | None
    end: date | None

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One registry actor with every spelling it goes by."""

    name: str
    kind: str = "other"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[OfficeTerm, ...] = ()
    designated: bool = False
    parent: str | None = None


@dataclass(frozen=True)
class Phrases:
    """The packaged dictionary of demonyms, capitals, role titles and generic phrases."""

    demonyms: Mapping[str, str | None]
    capitals: Mapping[str, str]
    titles: Mapping[str, tuple[str, ...]]
    generic: Mapping[str, Mapping[str, Any]]


@functools.lru_cache(maxsize=1)
def load_phrases() -> Phrases:
    text = resources.files("truce.data").joinpath("actor_phrases.yaml").read_text("utf-8")
    data = load_yaml(text)
    return Phrases(
        demonyms=dict(data["demonyms"]),
        capitals=dict(data["capitals"]),
        titles={fold_key(k): tuple(v) for k, v in data["titles"].items()},
        generic={fold_key(k): dict(v) for k, v in data["generic"].items()},
    )


def _date(value: object, *, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from None


def entry_from_mapping(item: Mapping[str, Any], *, where: str) -> ActorEntry:
    if not isinstance(item, Mapping) or not item.get("name"):
        raise InvalidInput(f"{where}: name: every actor needs a name")
    offices = tuple(
        OfficeTerm(
            title=str(o.get("title", "")),
            organisation=o.get("organisation"),
            start=_date(o.get("start"), where=f"{where}: offices[{i}].start"),
            end=_date(o.get("end"), where=f"{where}: offices[{i}].end"),
        )
        for i, o in enumerate(item.get("offices") or [])
    )
    designations = item.get("designations") or []
    return ActorEntry(
        name=str(item["name"]),
        kind=str(item.get("kind") or "other"),
        country=item.get("country"),
        aliases=tuple(str(a) for a in item.get("aliases") or []),
        offices=offices,
        designated=any("terror" in str(d.get("designation", "")) for d in designations),
        parent=item.get("parent"),
    )


@dataclass(frozen=True)
class Registry:
    """Actors by folded alias, with an automaton that finds any alias in folded text."""

    entries: tuple[ActorEntry, ...]
    by_key: dict[str, tuple[ActorEntry, ...]] = field(repr=False)
    automaton: Any = field(repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[ActorEntry | Mapping[str, Any]]) -> Registry:
        built = tuple(
            e if isinstance(e, ActorEntry) else entry_from_mapping(e, where=f"actor {i + 1}")
            for i, e in enumerate(entries)
        )
        index: dict[str, list[ActorEntry]] = {}
        for entry in built:
            for alias in (entry.name, *entry.aliases):
                key = fold_key(alias)
                if len(key) >= 2 and entry not in index.setdefault(key, []):
                    index[key].append(entry)
        automaton = ahocorasick.Automaton()
        for key in index:
            word = match_key(key)
            automaton.add_word(word, (key, len(word)))
        if index:
            automaton.make_automaton()
        by_key = {k: tuple(v) for k, v in index.items()}
        return cls(entries=built, by_key=by_key, automaton=automaton)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Registry:
        file = Path(path)
        try:
            data = load_yaml(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"{file}: cannot read the actor registry: {error}") from None
        items = data.get("actors", []) if isinstance(data, dict) else data or []
        return cls.from_entries(
            entry_from_mapping(item, where=f"{file}: actor {i + 1}") for i, item in enumerate(items)
        )

    def named(self, name: str) -> ActorEntry | None:
        found = self.by_key.get(fold_key(name), ())
        return found[0] if found else None

    def government_of(self, country: str | None) -> ActorEntry | None:
        return self._first_of_kind(("state",), country)

    def _first_of_kind(self, kinds: Sequence[str], country: str | None) -> ActorEntry | None:
        for entry in self.entries:
            if entry.kind in kinds and (country is None or entry.country == country):
                return entry
        return None

    def of_kind(self, kind: str, country: str | None) -> ActorEntry | None:
        return self._first_of_kind((kind,), country)

    def office_holder(
        self, titles: Sequence[str], country: str | None, on: date | None
    ) -> ActorEntry | None:
        wanted = {fold_key(t) for t in titles}
        for entry in self.entries:
            for term in entry.offices:
                if fold_key(term.title) not in wanted or not term.held_on(on):
                    continue
                org = self.named(term.organisation) if term.organisation else None
                org_country = org.country if org else entry.country
                if country is None or org_country == country:
                    return entry
        return None
