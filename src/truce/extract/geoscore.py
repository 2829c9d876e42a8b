"""Score the place resolver on public geoparsing sets (accuracy within 161 km, mean error).

The geoparsing literature scores a resolver on gold toponym spans: for each span, does the
chosen place lie within 161 km (100 miles) of the gold coordinates? This module reads the four
sets published with Gritta et al.'s evaluation work (GeoVirus, LGL, TR-News, GeoWebNews), runs
:func:`truce.extract.places.resolve_toponyms` on each article's gold spans with the whole
article as context, and reports per set:

* ``coverage`` — share of gold toponyms the gazetteer resolved at all;
* ``accuracy`` — share of *all* gold toponyms placed within 161 km (an unresolved one is a miss);
* ``accuracy_resolved`` — the same share among the resolved ones;
* ``mean_km`` / ``median_km`` — error distance of the resolved ones.

Run ``python -m truce.extract.geoscore DIR`` to print the table (DIR holds the XML files).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from truce.errors import InvalidInput
from truce.extract.gazcache import load_gazetteer
from truce.extract.gazetteer import Gazetteer
from truce.extract.places import resolve_toponyms

EARTH_KM = 6371.0088
THRESHOLD_KM = 161.0
SETS = {
    "GeoVirus": "GeoVirus.xml",
    "LGL": "lgl.xml",
    "TR-News": "TR-News.xml",
    "GeoWebNews": "GWN.xml",
}


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class GeoScore:
    """How the resolver did on one set."""

    name: str
    articles: int
    toponyms: int
    resolved: int
    within: int
    errors_km: tuple[float, ...]

    @property
    def coverage(self) -> float:
        return self.resolved / self.toponyms if self.toponyms else 0.0

    @property
    def accuracy(self) -> float:
        return self.within / self.toponyms if self.toponyms else 0.0

    @property
    def accuracy_resolved(self) -> float:
        return self.within / self.resolved if self.resolved else 0.0

    @property
    def mean_km(self) -> float:
        return statistics.fmean(self.errors_km) if self.errors_km else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _float(element: ET.Element, tag: str, *, source: str) -> float | None:
    found = element.find(tag)
    if found is None or not (found.text or "").strip():
        return None
    try:
        return float(found.text or "")
    except ValueError:
        raise InvalidInput(f"{source}: <{tag}> is not a number: {found.text!r}") from None


def _span(element: ET.Element, *, source: str) -> tuple[int, int]:
    start, end = _float(element, "start", source=source), _float(element, "end", source=source)
    if start is None or end is None:
        raise InvalidInput(f"{source}: a toponym lacks <start> or <end>")
    return int(start), int(end)


def _realign(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Fix off-by-a-few offsets (GeoVirus' are one character late) using the gold name."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2):
        if text[start + shift : end + shift] == name:
            return start + shift, end + shift
    return start, end


def _toponym(
    text: str, element: ET.Element, *, coords: str, name_tag: str, source: str
) -> GoldToponym | None:
    holder = element.find(coords) if coords else element
    if holder is None:
        return None  # no gold coordinates (a toponym GeoNames lacks)
    lat_tag, lon_tag = ("latitude", "longitude") if coords == "" else ("lat", "lon")
    lat, lon = _float(holder, lat_tag, source=source), _float(holder, lon_tag, source=source)
    if lat is None or lon is None:
        return None
    start, end = _span(element, source=source)
    start, end = _realign(text, start, end, element.findtext(name_tag))
    return GoldToponym(start, end, lat, lon)


def read_set(path: Path) -> Iterator[GoldArticle]:
    """Articles with their gold toponyms, whichever of the four layouts the file uses."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise InvalidInput(f"{path}: cannot read the geoparsing set: {error}") from None
    for number, article in enumerate(root.iter("article"), start=1):
        source = f"{path.name}: article {number}"
        text = article.findtext("text") or ""
        found: list[GoldToponym | None] = []
        for location in article.iter("location"):  # GeoVirus
            found.append(_toponym(text, location, coords=".", name_tag="name", source=source))
        for toponym in article.iter("toponym"):
            if toponym.find("gaztag") is not None or toponym.find("phrase") is not None:
                layout = {"coords": "gaztag", "name_tag": "phrase"}  # LGL, TR-News
            elif (toponym.findtext("nonLocational") or "").strip() == "Yes":
                continue  # GeoWebNews: a non-locational expression ("citizens")
            else:
                layout = {"coords": "", "name_tag": "extractedName"}  # GeoWebNews
            found.append(_toponym(text, toponym, source=source, **layout))
        toponyms = tuple(t for t in found if t is not None and 0 <= t.start < t.end <= len(text))
        if toponyms:
            yield GoldArticle(text, toponyms)


def score_articles(name: str, articles: Sequence[GoldArticle], *, gazetteer: Gazetteer) -> GeoScore:
    """Resolve every gold span with its article as context and compare with the gold point."""
    total = resolved = within = 0
    errors: list[float] = []
    for article in articles:
        spans = [(t.start, t.end) for t in article.toponyms]
        matches = resolve_toponyms(article.text, spans=spans, gazetteer=gazetteer)
        for gold, match in zip(article.toponyms, matches, strict=True):
            total += 1
            if match is None:
                continue
            resolved += 1
            km = haversine_km(gold.lat, gold.lon, match.lat, match.lon)
            errors.append(km)
            within += km <= THRESHOLD_KM
    return GeoScore(name, len(articles), total, resolved, within, tuple(errors))


def score_directory(
    directory: Path, *, gazetteer: Gazetteer, sets: Sequence[str] = tuple(SETS)
) -> list[GeoScore]:
    """Score each named set found in ``directory`` (missing files are left out)."""
    scores = []
    for name in sets:
        path = directory / SETS[name]
        if path.exists():
            scores.append(score_articles(name, list(read_set(path)), gazetteer=gazetteer))
    return scores


def table(scores: Sequence[GeoScore]) -> str:
    """A Markdown table of the scores."""
    lines = [
        "| set | articles | toponyms | coverage | acc@161 km | acc@161 km (resolved) "
        "| mean error km | median error km |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        lines.append(
            f"| {s.name} | {s.articles} | {s.toponyms} | {s.coverage:.1%} | {s.accuracy:.1%} "
            f"| {s.accuracy_resolved:.1%} | {s.mean_km:.0f} | {s.median_km:.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="folder holding GeoVirus.xml, lgl.xml, ...")
    args = parser.parse_args(argv)
    scores = score_directory(args.directory, gazetteer=load_gazetteer())
    if not scores:
        sys.stderr.write(
            f"no geoparsing set found in {args.directory} ({', '.join(SETS.values())})\n"
        )
        return 2
    sys.stdout.write(table(scores) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
