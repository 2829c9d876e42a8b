"""The packaged gazetteer: GeoNames places plus curated Syrian districts, roads and sites.

``load_gazetteer()`` reads ``truce/data/gazetteer_*.tsv`` with importlib.resources and builds an
Aho-Corasick automaton over the normalised names. It is loaded on call (never at import) and
cached, since the data files do not change while the process runs.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import ahocorasick

from truce.errors import ConfigError
from truce.extract.fold import fold_key, match_key

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


@dataclass(frozen=True)
class Gazetteer:
    """Places by normalised name, and an automaton that finds any of those names in text.

    Demonym rows ("Russian" → Russia) go to ``adjectives`` only: they locate a span someone
    marked as a place, but scanning text never takes "Russian forces" for a place.
    """

    places: tuple[Place, ...]
    by_name: dict[str, tuple[Place, ...]]
    automaton: Any = field(repr=False)
    lower_keys: frozenset[str] = field(default=frozenset(), repr=False)
    adjectives: dict[str, tuple[Place, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> Gazetteer:
        all_places = tuple(places)
        index: dict[str, list[Place]] = defaultdict(list)
        adjectives: dict[str, list[Place]] = defaultdict(list)
        for place in all_places:
            target = adjectives if place.kind == "demonym" else index
            for name in place.names:
                key = fold_key(name)
                if (len(key) >= 3 or name.isupper()) and place not in target[key]:
                    target[key].append(place)
        automaton = ahocorasick.Automaton()
        by_name = {key: tuple(found) for key, found in index.items()}
        for key in by_name:
            word = match_key(key)
            automaton.add_word(word, (key, len(word)))
        automaton.make_automaton()
        lower = frozenset(
            fold_key(name) for place in all_places for name in place.names if name[:1].islower()
        )
        return cls(
            places=all_places,
            by_name=by_name,
            automaton=automaton,
            lower_keys=lower,
            adjectives={key: tuple(found) for key, found in adjectives.items()},
        )

    def lookup(self, name: str) -> tuple[Place, ...]:
        return self.by_name.get(fold_key(name), ())


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


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (built once per process, on the first call)."""
    places: list[Place] = []
    package = resources.files("truce.data")
    for filename in DATA_FILES:
        text = package.joinpath(filename).read_text(encoding="utf-8")
        curated = not filename.endswith("geonames.tsv")
        places.extend(parse_rows(text.splitlines(), source=filename, curated=curated))
    return Gazetteer.from_places(places)
