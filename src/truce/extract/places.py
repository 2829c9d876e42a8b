"""Places: find gazetteer names in text and pick one place for each by document context.

Matching runs an Aho-Corasick automaton over the folded text (one pass, no per-token work).
A name counts when it stands as a whole word and, for Latin script, is written with a capital
or exactly as the gazetteer spells it ("eastern Aleppo"). Each ambiguous name then goes to the
candidate with the best score: the document's country context first (a Syrian report prefers
the Syrian Homs), then curated entries, then population and feature specificity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from truce.extract.fold import fold_key, lower_case_words, match_text, whole_words
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
        "eastern",
        "northern",
        "southern",
        "western",
        "coast",
        "delta",
        "islands",
        "lakes",
        "plateau",
        "bay",
        "bar",
        "bride",
        "cascade",
        "cascades",
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
ADMIN1_BONUS = 3.0  # the document names the town's state or province
NEAR_BONUS = 1.5  # another place the document names unambiguously is nearby
NEAR_KM = 150.0
_AREAS = frozenset({"country", "admin1", "region"})
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
    for end_index, (key, length) in whole_words(gazetteer.automaton, low):
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


_OPENS = re.compile(r"(?:^|[.!?:;\"“]\s*|\n\s*)$")


def without_common_words(
    text: str,
    raws: list[_Raw],
    common: set[tuple[int, int]],
    *,
    lowered: set[str] | None = None,
) -> list[_Raw]:
    """The names that are not a common word: one the parser reads as such (``common``), or a
    single word capitalised only because it opens a sentence while the document also writes it
    in lower case ("Mobile units …" beside "mobile clinics")."""
    if lowered is None:
        lowered = lower_case_words(text)
    kept = []
    for raw in raws:
        word = text[raw.start : raw.end]
        opening = _OPENS.search(text, max(0, raw.start - 3), raw.start) is not None
        if (raw.start, raw.end) in common or (
            opening and " " not in word and word.lower() in lowered
        ):
            continue
        kept.append(raw)
    return kept


@dataclass(frozen=True)
class Context:
    """What the rest of the document says about where it is."""

    countries: dict[str, float]
    admin1: frozenset[tuple[str, str]] = frozenset()
    anchors: tuple[tuple[float, float], ...] = ()


def country_context(raws: Sequence[_Raw], *, hint: str | None = None) -> Context:
    """How strongly the document points at each country (shares summing to 1), which states or
    provinces it names, and where its unambiguous towns are."""
    votes: dict[str, float] = {}
    admin1: set[tuple[str, str]] = set()
    anchors: set[tuple[float, float]] = set()
    for raw in raws:
        countries = {p.country for p in raw.candidates if p.country}
        for country in countries:
            votes[country] = votes.get(country, 0.0) + 1.0 / len(countries)
        towns = {p.country for p in raw.candidates if p.kind not in _AREAS}
        admin1.update(
            (p.country, p.admin1)
            for p in raw.candidates
            if p.kind == "admin1" and p.country and p.country not in towns
        )
        if len(raw.candidates) == 1 and raw.candidates[0].kind not in _AREAS:
            anchors.add((raw.candidates[0].lat, raw.candidates[0].lon))
    if hint:
        votes[hint] = votes.get(hint, 0.0) + max(3.0, sum(votes.values()))
    total = sum(votes.values()) or 1.0
    shares = {country: count / total for country, count in votes.items()}
    return Context(shares, frozenset(admin1), tuple(sorted(anchors)))


def _near(place: Place, anchors: Sequence[tuple[float, float]]) -> bool:
    """Within about NEAR_KM of an anchor (an equirectangular estimate is enough here)."""
    for lat, lon in anchors:
        dy = (place.lat - lat) * 111.2
        dx = (place.lon - lon) * 111.2 * math.cos(math.radians((place.lat + lat) / 2))
        if 0.0 < dx * dx + dy * dy <= NEAR_KM * NEAR_KM:
            return True
    return False


def score(place: Place, context: Context) -> float:
    value = math.log10(place.population + 10)
    value += COUNTRY_WEIGHT * context.countries.get(place.country or "", 0.0)
    value += CURATED_BONUS if place.curated else 0.0
    value += SPECIFICITY.get(place.precision, 0.0)
    if place.kind in {"country", "admin1"}:
        value += 1.0
    elif place.country and (place.country, place.admin1) in context.admin1:
        value += ADMIN1_BONUS
    if (
        context.anchors
        and place.kind not in {"country", "region"}
        and _near(place, context.anchors)
    ):
        value += NEAR_BONUS
    return value


def choose(candidates: Sequence[Place], context: Context) -> Place:
    """The best candidate; a town beats the state or province named after it ("Aleppo")."""
    if len(candidates) == 1:
        return candidates[0]
    towns = {p.country for p in candidates if p.kind not in _AREAS}
    kept = [p for p in candidates if not (p.kind == "admin1" and p.country in towns)]
    return max(kept or candidates, key=lambda place: (score(place, context), place.id))


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


_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z][\w'’.-]*) $")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")
# Capitalised words that may stand before a place name without making it part of another name.
LEAD_WORDS = frozenset(
    {"mount", "lake", "port", "fort", "saint", "st.", "cape", "greater", "upper", "lower", "old",
     "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "al", "el", "ad", "as", "ar"}
)  # fmt: skip


# Words that open a sentence before a place name ("In Aleppo", "Near Homs", "Both Aleppo …").
OPENERS = frozenset(
    {"in", "at", "near", "from", "to", "on", "outside", "inside", "around", "across", "since",
     "after", "before", "while", "when", "and", "but", "both", "between", "like", "unlike", "for",
     "with", "without", "into", "through", "towards", "toward", "beyond", "under", "over", "by",
     "as", "if", "although", "though", "despite", "during", "until", "within", "along",
     "against", "among", "meanwhile", "then", "also", "today", "yesterday", "later", "earlier",
     "only", "even", "once", "where", "whereas", "unless", "whether", "so", "yet", "neither",
     "either", "not", "all", "most", "many", "some", "rebel-held", "government-held"}
)  # fmt: skip


def in_a_name(text: str, raw: _Raw) -> bool:
    """ "Juan Manuel Santos", "President Salva Kiir", "Ras Isa": a place name right after a
    capitalised word that does not open its sentence, is not itself a place and is not a
    word such as "Mount", is part of a person's or another place's name."""
    before = _WORD_BEFORE.search(text, max(0, raw.start - 40), raw.start)
    if before is None:
        return False
    word = before.group(1)
    if word.lower().rstrip(".") in LEAD_WORDS or word.lower() in LEAD_WORDS:
        return False
    if word.isupper():
        return False  # "GENEVA, Sept 21": datelines
    if _SENTENCE_BEFORE.search(text, max(0, before.start(1) - 3), before.start(1)):
        return word.lower() not in OPENERS  # "In Aleppo …" but "Rodrigo Londono said …"
    return True


@dataclass(frozen=True)
class Choice:
    """The place chosen for each raw match, in the country context those matches make."""

    raws: tuple[_Raw, ...]
    places: tuple[Place, ...]

    def matches(self, text: str) -> list[PlaceMatch]:
        return [_match(text, raw, place) for raw, place in zip(self.raws, self.places, strict=True)]


def outside_names(text: str, raws: Sequence[_Raw]) -> list[_Raw]:
    """The raw matches that are not part of another name (``in_a_name``)."""
    return [r for r in raws if not in_a_name(text, r)]


def choose_places(raws: Sequence[_Raw], *, country_hint: str | None = None) -> Choice:
    """A place for each of ``raws``, which alone make the context (so leaving out a match, such
    as an actor's "Moscow said", can change the choice for the others)."""
    context = country_context(raws, hint=country_hint)
    return Choice(tuple(raws), tuple(choose(raw.candidates, context) for raw in raws))


def overlaps(raw: _Raw, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < raw.end and raw.start < e for s, e in spans)


def find_places(
    text: str, *, gazetteer: Gazetteer, country_hint: str | None = None, folded: str | None = None
) -> list[PlaceMatch]:
    """Every place named in ``text``, resolved against the document's country context."""
    raws = outside_names(text, find_raw(text, gazetteer, folded=folded))
    return choose_places(raws, country_hint=country_hint).matches(text)


def _lookup_span(text: str, start: int, end: int, gazetteer: Gazetteer) -> _Raw | None:
    """The gazetteer entries a given span may name: its name, without "the" or "'s", else a
    demonym ("Russian" → Russia)."""
    key = fold_key(text[start:end])
    keys = [key, key.removeprefix("the "), key.removesuffix("'s"), key.removesuffix("'")]
    for index in (gazetteer.by_name, gazetteer.adjectives):
        for candidate_key in keys:
            places = index.get(candidate_key)
            if places:
                return _Raw(start, end, candidate_key, places)
    return None


def resolve_toponyms(
    text: str, *, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer
) -> list[PlaceMatch | None]:
    """Geocode given toponym spans (e.g. gold mentions): one match or None per span, in order."""
    raws = [_lookup_span(text, start, end, gazetteer) for start, end in spans]
    known = [raw for raw in raws if raw is not None]
    given = {(raw.start, raw.end) for raw in known}
    found = [raw for raw in find_raw(text, gazetteer) if (raw.start, raw.end) not in given]
    context = country_context([*known, *found])
    return [
        None if raw is None else _match(text, raw, choose(raw.candidates, context)) for raw in raws
    ]
