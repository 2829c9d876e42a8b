"""``extract``: text and publication date in, an :class:`Extraction` out (no database)."""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from truce.extract.actors import ActorMention, find_actors
from truce.extract.agreements import AgreementFound, find_agreements
from truce.extract.arabic import extract_arabic
from truce.extract.claims import ClaimFound, find_claims
from truce.extract.context import Doc
from truce.extract.dates import DateMention, find_dates
from truce.extract.deals import agreement_events, with_deals
from truce.extract.events import EventFound
from truce.extract.fold import fold, lower_case_words, match_text
from truce.extract.gazcache import load_gazetteer
from truce.extract.gazetteer import Gazetteer, Place
from truce.extract.language import detect_language
from truce.extract.model import (
    ActorRef,
    AgreementCandidate,
    ClaimCandidate,
    DateValue,
    DocumentInfo,
    EventCandidate,
    Extraction,
    Fatalities,
    Mentions,
    PlaceRef,
    Plover,
    QuantityCandidate,
    StatementCandidate,
)
from truce.extract.parse import Parse, common_words, load_pipeline, parse_many
from truce.extract.parsed import find_events
from truce.extract.places import (
    PlaceMatch,
    choose_places,
    find_raw,
    outside_names,
    overlaps,
    without_common_words,
)
from truce.extract.quantities import QuantityFound, find_quantities
from truce.extract.quotes import StatementFound, find_statements
from truce.extract.registry import Registry
from truce.extract.segment import Paragraph, Sentence, segment

K = TypeVar("K")
V = TypeVar("V")
# Objects allocated (net) before a worker's collector makes a young pass; Python's default is 700.
YOUNG_OBJECTS = 20_000
_MODES = {"Air/drone strike": "aerial", "Shelling/artillery/missile attack": "explosive"}


def _country(places: Sequence[Place]) -> str | None:
    counts = Counter(p.country for p in places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def prepare_worker() -> None:
    """A worker process's start, once its registry and the packaged gazetteer are loaded: the
    parser loaded too, with all its special cases (``load_pipeline``), and the gazetteer's
    automaton (a worker has many reports ahead, and replaying the name scan until it switches
    would cost about as much again as the load); then all the process holds is left out of the
    collector's passes (``gc.freeze``): none of it is garbage, and a full pass would otherwise
    walk the model and the gazetteer again every few reports. A report's objects live no longer
    than the report, so the collector's young passes are made rarer (``YOUNG_OBJECTS``: about
    7 % less CPU for ingest's workers, a few MB of young objects at most)."""
    load_pipeline(many=True)
    load_gazetteer().automaton.load()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])


def analyse(
    text: str, *, published: date | None, registry: Registry, gazetteer: Gazetteer,
    parsed: Parsed | None = None,
) -> Doc:  # fmt: skip
    """The early stages: segments, dates, places, actors (``parsed``: the text's segments and
    parses, if they were made already)."""
    paragraphs, sentences, parses = parsed or _parsed([text])[0]
    folded, matched = fold(text), match_text(text)
    dates = find_dates(text, published=published, matched=matched)
    lowered = lower_case_words(text)
    raws = without_common_words(
        text,
        find_raw(text, gazetteer, folded=matched),
        common_words(text, parses, lowered=lowered),
        lowered=lowered,
    )
    # Places are chosen twice: once to find the document's country, which the actors need;
    # again without the actors' spans, which do not vote for the context. Only the second
    # choice becomes the mentions.
    named = outside_names(text, raws)
    country = _country(choose_places(named).places)
    actors = find_actors(
        text,
        registry=registry,
        on=published,
        country=country,
        folded=folded,
        matched=matched,
    )
    acting = [(a.start, a.end) for a in actors if a.how in {"registry", "capital", "office", "new"}]
    places = choose_places([r for r in named if not overlaps(r, acting)]).matches(text)
    return Doc(
        text, published, paragraphs, sentences, dates, places, actors, country, matched, parses
    )


def extract(
    text: str, *, published: date | None, registry: Registry, gazetteer: Gazetteer
) -> Extraction:
    """Every candidate event, statement, claim, agreement and quantity in ``text``."""
    return extract_many([(text, published)], registry=registry, gazetteer=gazetteer)[0]


def extract_many(
    reports: Sequence[tuple[str, date | None]], *, registry: Registry, gazetteer: Gazetteer
) -> list[Extraction]:
    """:func:`extract` of each text and its publication date, the English ones' sentences
    parsed together (``parse_many``: a few reports at a time cost less to parse than each on
    its own)."""
    languages = [detect_language(text) for text, _ in reports]
    english = [i for i, language in enumerate(languages) if language != "ar"]
    parsed = dict(zip(english, _parsed([reports[i][0] for i in english]), strict=True))
    found = []
    for i, (text, published) in enumerate(reports):
        if i not in parsed:
            found.append(
                extract_arabic(text, published=published, registry=registry, gazetteer=gazetteer)
            )
            continue
        found.append(
            _extract(
                text, published, languages[i], parsed[i], registry=registry, gazetteer=gazetteer
            )
        )
    return found


# A text's paragraphs, its sentences and the parses of its flagged sentences by their start.
Parsed = tuple[list[Paragraph], list[Sentence], dict[int, Parse]]


def _parsed(texts: Sequence[str]) -> list[Parsed]:
    segmented = [segment(text) for text in texts]
    parses = parse_many([(text, s[1]) for text, s in zip(texts, segmented, strict=True)])
    return [(p, s, found) for (p, s), found in zip(segmented, parses, strict=True)]


def _extract(
    text: str, published: date | None, language: str, parsed: Parsed, *, registry: Registry,
    gazetteer: Gazetteer,
) -> Extraction:  # fmt: skip
    doc = analyse(text, published=published, registry=registry, gazetteer=gazetteer, parsed=parsed)
    if not doc.sentences:
        return Extraction(document=_info(text, published, language))
    events = find_events(doc)
    statements = find_statements(doc)
    claims = find_claims(doc, events, statements)
    skip = [(d.start, d.end) for d in doc.dates] + [(p.start, p.end) for p in doc.places]
    quantities = find_quantities(text, skip=skip, matched=doc.matched)
    agreements = find_agreements(doc, quantities)
    events = with_deals(events, agreement_events(doc, agreements, events))
    ids = {id(e): f"e{i + 1}" for i, e in enumerate(events)}
    refs = _Refs()
    return Extraction(
        document=_info(text, published, language),
        events=tuple(_event(doc, e, ids[id(e)], refs=refs) for e in events),
        statements=tuple(
            _statement(s, f"s{i + 1}", published=published, refs=refs)
            for i, s in enumerate(statements)
        ),
        claims=tuple(_claim(c, ids, refs=refs) for c in claims),
        agreements=tuple(_agreement(a, refs=refs) for a in agreements),
        quantities=tuple(_quantity(q) for q in quantities),
        mentions=Mentions(
            actors=tuple(refs.actor(a) for a in doc.actors),
            places=tuple(refs.place(p) for p in doc.places),
            dates=tuple(refs.date(d) for d in doc.dates),
        ),
    )


def _info(text: str, published: date | None, language: str) -> DocumentInfo:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return DocumentInfo(sha256=digest, published=published, language=language, chars=len(text))


def _actor_ref(mention: ActorMention) -> ActorRef:
    return ActorRef(
        name=mention.name,
        canonical=mention.canonical,
        kind=mention.kind,
        country=mention.country,
        span=(mention.start, mention.end),
    )


def _place_ref(match: PlaceMatch) -> PlaceRef:
    return PlaceRef(
        name=match.name,
        canonical=match.canonical,
        lat=match.lat,
        lon=match.lon,
        precision=match.precision,
        country=match.country,
        span=(match.start, match.end),
    )


def _date_value(mention: DateMention) -> DateValue:
    return DateValue(
        start=mention.first,
        end=mention.last,
        precision=mention.precision,
        text=mention.text,
        span=(mention.start, mention.end),
    )


class _Refs:
    """One document's references to its mentions, each built (and validated) once: events,
    statements, claims and the mention lists name the same actors, places and dates again and
    again (about 150 references to 50 mentions in a generated report). Mentions are frozen
    dataclasses, so equal mentions share one reference, equal to what building it anew gives."""

    def __init__(self) -> None:
        self._actors: dict[ActorMention, ActorRef] = {}
        self._places: dict[PlaceMatch, PlaceRef] = {}
        self._dates: dict[DateMention, DateValue] = {}

    def actor(self, mention: ActorMention | None) -> ActorRef | None:
        return _once(self._actors, mention, _actor_ref)

    def place(self, match: PlaceMatch | None) -> PlaceRef | None:
        return _once(self._places, match, _place_ref)

    def date(self, mention: DateMention | None) -> DateValue | None:
        return _once(self._dates, mention, _date_value)


def _once(made: dict[K, V], key: K | None, build: Callable[[K], V]) -> V | None:
    """``build(key)``, kept in ``made`` for the next time; None for None."""
    if key is None:
        return None
    value = made.get(key)
    if value is None:
        value = made[key] = build(key)
    return value


def _event(doc: Doc, event: EventFound, event_id: str, *, refs: _Refs) -> EventCandidate:
    low, best, high = event.fatalities
    lo, hi = event.sentence
    return EventCandidate(
        id=event_id,
        span=(lo, hi),
        text=doc.text[lo:hi],
        date=refs.date(event.date),
        event_type=event.trigger.event_type,
        sub_event_type=event.sub_event_type,
        plover=Plover(
            type=event.trigger.plover,
            mode=event.trigger.mode or _MODES.get(event.sub_event_type or ""),
        ),
        cameo=event.trigger.cameo,
        actor1=refs.actor(event.actor1),
        actor2=refs.actor(event.actor2),
        place=refs.place(event.place),
        fatalities=Fatalities(low=low, best=best, high=high),
        negated=event.negated,
        modality=event.modality,
        confidence=event.confidence,
    )


def _statement(
    statement: StatementFound, statement_id: str, *, published: date | None, refs: _Refs
) -> StatementCandidate:
    """A statement; words with no date of their own were spoken on the publication date."""
    speaker = refs.actor(statement.speaker)
    assert speaker is not None
    when = refs.date(statement.date)
    if when is None and published is not None:
        when = DateValue(start=published, end=published, precision="day")
    return StatementCandidate(
        id=statement_id,
        span=(statement.start, statement.end),
        speaker=speaker,
        reported_by=refs.actor(statement.reported_by),
        words=statement.words,
        direct=statement.direct,
        venue=statement.venue,
        date=when,
    )


def _claim(claim: ClaimFound, ids: dict[int, str], *, refs: _Refs) -> ClaimCandidate:
    return ClaimCandidate(
        event=ids.get(id(claim.event)) if claim.event is not None else None,
        claimant=refs.actor(claim.claimant),
        attribute=claim.attribute,
        value=claim.value,
        stance=claim.stance,
        span=(claim.start, claim.end),
    )


def _agreement(agreement: AgreementFound, *, refs: _Refs) -> AgreementCandidate:
    return AgreementCandidate(
        kind=agreement.kind,
        scope=agreement.scope,
        count=agreement.count,
        parties=tuple(r for r in (refs.actor(p) for p in agreement.parties) if r is not None),
        mediator=refs.actor(agreement.mediator),
        place=refs.place(agreement.place),
        date=refs.date(agreement.date),
        span=(agreement.start, agreement.end),
    )


def _quantity(quantity: QuantityFound) -> QuantityCandidate:
    return QuantityCandidate(
        value=quantity.value,
        approximate=quantity.approximate,
        bound=quantity.bound,
        unit=quantity.unit,
        per=quantity.per,
        span=(quantity.start, quantity.end),
    )
