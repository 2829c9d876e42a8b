"""Places: find gazetteer names in text and pick one place for each by document context.

Matching runs an Aho-Corasick automaton over the folded text (one pass, no per-token work).
A name counts when it stands as a whole word and, for Latin script, is written with a capital
or exactly as the gazetteer spells it ("eastern Aleppo"). Each ambiguous name then goes to the
candidate with the best score: the document's country context first (a Syrian report prefers
the Syrian Homs), then curated entries, then population and feature specificity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truce.extract.fold import fold_key, match_text
from truce.extract.gazetteer import Gazetteer, Place

# Capitalised English words that are also the names of some town somewhere.
STOP_NAMES = frozenset(
    {
        "the",
        "this",
        "that",
        "these",
        "there",
        "then",
        "they",
        "however",
        "many",
        "most",
        "more",
        "said",
        "says",
        "mr",
        "mrs",
        "new",
        "nice",
        "union",
        "of",
        "and",
        "but",
        "all",
        "some",
        "such",
        "when",
        "what",
        "where",
        "while",
        "after",
        "before",
        "since",
        "also",
        "both",
        "each",
        "other",
        "only",
        "first",
        "last",
        "next",
        "still",
        "even",
        "just",
        "march",
        "may",
        "june",
        "july",
        "august",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "today",
        "council",
        "security",
        "state",
        "un",
        "minister",
        "president",
        "government",
        "army",
        "forces",
        "opposition",
        "rebels",
        "city",
        "district",
        "province",
        "region",
        "north",
        "south",
        "east",
        "west",
        "central",
        "victoria",
        "eagle",
        "hope",
        "deal",
        "progress",
        "unity",
        "liberty",
        "independence",
        "mission",
        "centre",
        "center",
        "police",
        "media",
        "reuters",
        "amnesty",
        "red",
        "crescent",
        "cross",
        "general",
        "colonel",
        "major",
        "captain",
        "kerry",
        "lavrov",
        "assad",
        "putin",
        "obama",
        "john",
        "sergey",
        "sergei",
        "bashar",
        "vladimir",
        "dmitry",
        "moscow's",
        "ankara's",
        "damascus's",
        "white",
        "house",
        "pentagon",
        "kremlin",
    }
)
COUNTRY_WEIGHT = 4.0
CURATED_BONUS = 2.5
SPECIFICITY = {"site": 0.6, "district": 0.5, "city": 0.3, "admin1": 0.2, "country": 0.4}


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place mention located by the gazetteer."""

    name: str
    canonical: str
    lat: float
    lon: float
    precision: str
    country: str | None
    gazetteer_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int
    end: int
    key: str
    candidates: tuple[Place, ...]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _surface_ok(surface: str, candidates: Sequence[Place]) -> bool:
    first = surface[0]
    if not first.isascii() and not first.isalpha():
        return True
    if first.isupper() or first.isdigit() or not ("a" <= first.lower() <= "z"):
        return True
    return any(surface in place.names for place in candidates)


def find_raw(text: str, gazetteer: Gazetteer, *, folded: str | None = None) -> list[_Raw]:
    """Every whole-word, capitalised gazetteer name in ``text`` (leftmost-longest)."""
    low = match_text(text) if folded is None else folded
    found: list[_Raw] = []
    lower_keys = gazetteer.lower_keys
    for end_index, (key, length) in gazetteer.automaton.iter_long(low):
        start, end = end_index - length + 1, end_index
        if text[start].islower() and key not in lower_keys:
            continue  # fast path: a lower-case word that no entry spells in lower case
        if end < len(text) and _is_word_char(low[end + 1]):
            continue
        if key in STOP_NAMES:
            continue
        candidates = gazetteer.by_name[key]
        if not _surface_ok(text[start:end], candidates):
            continue
        found.append(_Raw(start, end, key, candidates))
    return found


def country_context(raws: Iterable[_Raw], *, hint: str | None = None) -> dict[str, float]:
    """How strongly the document points at each country (shares summing to 1)."""
    votes: dict[str, float] = {}
    for raw in raws:
        countries = {p.country for p in raw.candidates if p.country}
        for country in countries:
            votes[country] = votes.get(country, 0.0) + 1.0 / len(countries)
    if hint:
        votes[hint] = votes.get(hint, 0.0) + max(3.0, sum(votes.values()))
    total = sum(votes.values()) or 1.0
    return {country: count / total for country, count in votes.items()}


def score(place: Place, context: dict[str, float]) -> float:
    value = math.log10(place.population + 10)
    value += COUNTRY_WEIGHT * context.get(place.country or "", 0.0)
    value += CURATED_BONUS if place.curated else 0.0
    value += SPECIFICITY.get(place.precision, 0.0)
    if place.kind in {"country", "admin1"}:
        value += 1.0
    return value


def choose(candidates: Sequence[Place], context: dict[str, float]) -> Place:
    return max(candidates, key=lambda place: (score(place, context), place.id))


def _match(text: str, raw: _Raw, place: Place) -> PlaceMatch:
    return PlaceMatch(
        name=text[raw.start : raw.end],
        canonical=place.name,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        country=place.country,
        gazetteer_id=place.id,
        start=raw.start,
        end=raw.end,
    )


def find_places(
    text: str, *, gazetteer: Gazetteer, country_hint: str | None = None, folded: str | None = None
) -> list[PlaceMatch]:
    """Every place named in ``text``, resolved against the document's country context."""
    raws = find_raw(text, gazetteer, folded=folded)
    context = country_context(raws, hint=country_hint)
    return [_match(text, raw, choose(raw.candidates, context)) for raw in raws]


def _lookup_span(text: str, start: int, end: int, gazetteer: Gazetteer) -> _Raw | None:
    key = fold_key(text[start:end])
    for prefix in ("", "the "):
        candidate_key = key[len(prefix) :] if prefix and key.startswith(prefix) else key
        places = gazetteer.by_name.get(candidate_key)
        if places:
            return _Raw(start, end, candidate_key, places)
    return None


def resolve_toponyms(
    text: str, *, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer
) -> list[PlaceMatch | None]:
    """Geocode given toponym spans (e.g. gold mentions): one match or None per span, in order."""
    raws = [_lookup_span(text, start, end, gazetteer) for start, end in spans]
    known = [raw for raw in raws if raw is not None]
    context = country_context([*known, *find_raw(text, gazetteer)])
    return [
        None if raw is None else _match(text, raw, choose(raw.candidates, context)) for raw in raws
    ]
