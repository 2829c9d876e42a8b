"""The packaged gazetteer: GeoNames places plus curated Syrian districts, roads and sites.

``read_rows`` reads ``truce/data/gazetteer_*.tsv`` with importlib.resources and
``compile_parts`` indexes the normalised names; ``namescan.py`` finds them in text.
``gazcache.load_gazetteer()`` opens it on call (never at import), keeps it for the process and
keeps the compiled form on disk between processes (an SQLite file read only where a report's
words lead), since compiling it takes longer than everything else a short run does.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Protocol

from truce.errors import ConfigError
from truce.extract.arabic_text import fold_word
from truce.extract.fold import fold_key, match_key
from truce.extract.namescan import (
    NameScanner,
    SortedNames,
    Value,
    build_automaton,
    longest_name,
)

DATA_FILES = ("gazetteer_geonames.tsv", "gazetteer_syria.tsv")
PRECISION_BY_KIND = {
    "country": "country",
    "admin1": "admin1",
    "admin2": "admin2",
    "city": "city",
    "town": "city",
    "village": "city",
    "district": "district",
    "road": "site",
    "site": "site",
    "region": "region",
    "demonym": "country",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    kind: str
    country: str | None
    admin1: str
    lat: float
    lon: float
    population: int
    names: tuple[str, ...]
    curated: bool = False

    @property
    def precision(self) -> str:
        return PRECISION_BY_KIND.get(self.kind, "city")


Row = tuple[str, str, str, "str | None", str, float, float, int, str, bool]


def _place(row: Row) -> Place:
    ident, name, kind, country, admin1, lat, lon, population, names, curated = row
    return Place(ident, name, kind, country, admin1, lat, lon, population,
                 tuple(names.split("|")), curated)  # fmt: skip


def _row(place: Place) -> Row:
    return (place.id, place.name, place.kind, place.country, place.admin1, place.lat, place.lon,
            place.population, "|".join(place.names), place.curated)  # fmt: skip


class PlaceRows(Protocol):
    """Where a :class:`PlaceIndex` reads its rows and which rows each name has: the compiled
    lists in memory (:class:`MemoryRows`), or the cache file (``gazcache.StoredRows``)."""

    def row(self, index: int) -> Row: ...

    def row_count(self) -> int: ...

    def ids(self, key: str) -> tuple[int, ...] | None: ...

    def keys(self) -> Iterator[str]: ...

    def key_count(self) -> int: ...


@dataclass(frozen=True)
class MemoryRows:
    """Rows and the row numbers of each name, as :func:`compile_parts` made them."""

    rows: Sequence[Row]
    names: Mapping[str, tuple[int, ...]]

    def row(self, index: int) -> Row:
        return self.rows[index]

    def row_count(self) -> int:
        return len(self.rows)

    def ids(self, key: str) -> tuple[int, ...] | None:
        return self.names.get(key)

    def keys(self) -> Iterator[str]:
        return iter(self.names)

    def key_count(self) -> int:
        return len(self.names)


class PlaceIndex(Mapping[str, tuple[Place, ...]]):
    """Places by normalised name, made into :class:`Place` objects only when asked for.

    Rows stay as they were compiled or stored, where 43,000 objects would take most of a
    second to make; each place is built once and then shared.
    """

    def __init__(self, source: PlaceRows) -> None:
        self._source = source
        self._made: dict[int, Place] = {}

    def _get(self, index: int) -> Place:
        place = self._made.get(index)
        if place is None:
            place = self._made[index] = _place(self._source.row(index))
        return place

    def __getitem__(self, key: str) -> tuple[Place, ...]:
        ids = self._source.ids(key)
        if ids is None:
            raise KeyError(key)
        return tuple(self._get(i) for i in ids)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._source.ids(key) is not None

    def __iter__(self) -> Iterator[str]:
        return self._source.keys()

    def __len__(self) -> int:
        return self._source.key_count()

    def every_place(self) -> tuple[Place, ...]:
        """Every row as a place (demonyms included), in file order."""
        return tuple(self._get(i) for i in range(self._source.row_count()))


@dataclass(frozen=True)
class Gazetteer:
    """Places by normalised name, and an automaton that finds any of those names in text.

    Demonym rows ("Russian" → Russia) go to ``adjectives`` only: they locate a span someone
    marked as a place, but scanning text never takes "Russian forces" for a place.
    """

    by_name: PlaceIndex
    automaton: NameScanner = field(repr=False)  # ``iter_long`` as an automaton has it
    lower_keys: Container[str] = field(default=frozenset(), repr=False)
    adjectives: Mapping[str, tuple[Place, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> Gazetteer:
        return cls.from_parts(compile_parts([_row(p) for p in places]))

    @classmethod
    def from_parts(cls, parts: Parts) -> Gazetteer:
        """The gazetteer from :func:`compile_parts`' output, in memory."""
        return cls(
            by_name=PlaceIndex(MemoryRows(parts.rows, parts.names)),
            automaton=NameScanner(
                SortedNames(parts.words),
                longest=longest_name(parts.words),
                load_automaton=functools.partial(build_automaton, parts.words.items()),
            ),
            lower_keys=parts.lower_keys,
            adjectives=PlaceIndex(MemoryRows(parts.rows, parts.adjectives)),
        )

    @property
    def places(self) -> tuple[Place, ...]:
        return self.by_name.every_place()

    def lookup(self, name: str) -> tuple[Place, ...]:
        return self.by_name.get(fold_key(name), ())

    @functools.cached_property
    def arabic_names(self) -> dict[str, tuple[str, ...]]:
        """Arabic-script names folded the Arabic way (``arabic_text.fold_word``) → their keys;
        built on the first Arabic report."""
        arabic = re.compile("[\u0600-\u06ff]")
        found: dict[str, list[str]] = defaultdict(list)
        for key in self.by_name:
            if arabic.search(key):
                found[fold_word(key)].append(key)
        return {name: tuple(keys) for name, keys in found.items()}


@dataclass(frozen=True)
class Parts:
    """What a gazetteer is made of, in plain values (``gazcache.py`` writes them to SQLite).

    ``words`` holds what the scan looks for: each name as :func:`match_key` writes it, with its
    key and length (when two keys write alike, the later one's, as an automaton would keep).
    """

    rows: list[Row]
    names: dict[str, tuple[int, ...]]
    adjectives: dict[str, tuple[int, ...]]
    lower_keys: frozenset[str]
    words: dict[str, Value]


def compile_parts(rows: list[Row]) -> Parts:
    """Index every name of every row, and the words the scan looks for."""
    index: dict[str, list[int]] = defaultdict(list)
    adjectives: dict[str, list[int]] = defaultdict(list)
    lower: set[str] = set()
    for number, row in enumerate(rows):
        target = adjectives if row[2] == "demonym" else index
        for name in row[8].split("|"):
            key = fold_key(name)
            if name[:1].islower():
                lower.add(key)
            if (len(key) >= 3 or name.isupper()) and number not in target[key]:
                target[key].append(number)
    words: dict[str, Value] = {}
    for key in index:
        word = match_key(key)
        words[word] = (key, len(word))
    return Parts(
        rows=rows,
        names={key: tuple(found) for key, found in index.items()},
        adjectives={key: tuple(found) for key, found in adjectives.items()},
        lower_keys=frozenset(lower),
        words=words,
    )


def parse_rows(lines: Iterable[str], *, source: str, curated: bool) -> Iterator[Place]:
    """Parse gazetteer TSV lines; a bad row raises ConfigError naming file, line and field."""
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 9:
            raise ConfigError(
                f"{source}:{number}: expected 9 tab-separated fields, got {len(cells)}"
            )
        try:
            lat, lon, population = float(cells[5]), float(cells[6]), int(cells[7] or 0)
        except ValueError as error:
            raise ConfigError(f"{source}:{number}: lat/lon/population: {error}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ConfigError(f"{source}:{number}: lat/lon: ({lat}, {lon}) is out of range")
        names = tuple(n for n in cells[8].split("|") if n)
        yield Place(
            id=cells[0] if curated else f"geonames:{cells[0]}",
            name=cells[1],
            kind=cells[2],
            country=cells[3] or None,
            admin1=cells[4],
            lat=lat,
            lon=lon,
            population=population,
            names=names or (cells[1],),
            curated=curated,
        )


def read_rows() -> list[Row]:
    """Every row of the packaged gazetteer files, in order."""
    rows: list[Row] = []
    package = resources.files("truce.data")
    for filename in DATA_FILES:
        text = package.joinpath(filename).read_text(encoding="utf-8")
        curated = not filename.endswith("geonames.tsv")
        rows.extend(
            _row(p) for p in parse_rows(text.splitlines(), source=filename, curated=curated)
        )
    return rows
