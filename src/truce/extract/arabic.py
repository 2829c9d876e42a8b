"""Arabic reports: events, dates, numbers and places from Arabic text.

``extract_arabic`` is what :func:`truce.extract.pipeline.extract` runs for a report detected as
Arabic (:mod:`truce.extract.language`). The text is folded (:mod:`truce.extract.arabic_text`),
split into sentences and words; each sentence gives its dates and numbers
(:mod:`truce.extract.arabic_dates`), its places and its events
(:mod:`truce.extract.arabic_events`). Every candidate keeps its span in the Arabic text as read.

Places come from the gazetteer's Arabic names (GeoNames alternate names, folded the Arabic way),
tried on one to three words with the clitics of the first stripped ("وبدمشق" → دمشق). Words
that are also place names somewhere are never read as places: the lexicon's ``not_places``
("كان" was, not Cannes), weekday and month names ("الخميس" Thursday, not the Algerian town),
numbers and trigger words; a single word must also name a country, a province, a curated site
or a town of 5,000 people or more.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from typing import Any

from truce.extract.arabic_dates import ArDate, ArNumber, covering, find_dates, find_numbers
from truce.extract.arabic_events import ArEvent, find_events
from truce.extract.arabic_text import Folded, Token, lexicon, normalise, sentences, tokens
from truce.extract.gazetteer import Gazetteer
from truce.extract.model import (
    ActorRef,
    DateValue,
    DocumentInfo,
    EventCandidate,
    Extraction,
    Fatalities,
    Mentions,
    PlaceRef,
    Plover,
    QuantityCandidate,
)
from truce.extract.places import _Raw, choose, country_context
from truce.extract.registry import Registry

MIN_POPULATION = 5000


@functools.lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    lex = lexicon()
    words = set(lex["not_places"]) | set(lex["weekdays"]) | set(lex["numbers"])
    words |= {w for m in lex["months"] for w in m.split()} | set(lex["relative_days"])
    for entry in lex["triggers"]:
        words.update(entry["words"])
    return frozenset(words | {w.removeprefix("ال") for w in words})


def _place_ok(key: str, places: tuple[Any, ...], words: int) -> bool:
    if words > 1:
        return True
    if key in _not_places() or key.removeprefix("ال") in _not_places() or len(key) < 3:
        return False
    return any(
        p.kind in {"country", "admin1"} or p.curated or p.population >= MIN_POPULATION
        for p in places
    )


def _places(folded: Folded, toks: list[Token], gazetteer: Gazetteer, skip: set[int]) -> list[_Raw]:
    names, found = gazetteer.arabic_names, []
    i = 0
    while i < len(toks):
        match = None
        for size in (3, 2, 1):
            if i + size > len(toks) or any(j in skip for j in range(i, i + size)):
                continue
            rest = [t.word for t in toks[i + 1 : i + size]]
            for stem in toks[i].stems:
                keys = names.get(" ".join([stem, *rest]))
                if keys:
                    places = tuple(p for k in keys for p in gazetteer.by_name[k])
                    if _place_ok(stem, places, size):
                        match = (size, stem, places)
                        break
            if match:
                break
        if match is None:
            i += 1
            continue
        size, stem, places = match
        first = toks[i].end - len(stem)  # the name without its clitics
        start, end = folded.span(first, toks[i + size - 1].end)
        found.append(_Raw(start, end, stem, places))
        i += size
    return found


def _place_ref(text: str, raw: _Raw, context: Any) -> PlaceRef:
    place = choose(raw.candidates, context)
    return PlaceRef(
        name=text[raw.start : raw.end], canonical=place.name, lat=place.lat, lon=place.lon,
        precision=place.precision, country=place.country, span=(raw.start, raw.end),
    )  # fmt: skip


def _date(value: ArDate, text: str, span: tuple[int, int]) -> DateValue:
    return DateValue(
        start=value.first, end=value.last, precision=value.precision,
        text=text[span[0] : span[1]], span=span,
    )  # fmt: skip


class _Sentence:
    """One sentence's tokens and what was found in it, with spans in the original text."""

    def __init__(self, text: str, folded: Folded, bounds: tuple[int, int]) -> None:
        self.text, self.folded = text, folded
        self.toks = tokens(folded.text, *bounds)
        self.span = folded.span(*bounds)

    def tokens_span(self, first: int, last: int) -> tuple[int, int]:
        return self.folded.span(self.toks[first].start, self.toks[last].end)

    def actor(self, bounds: tuple[int, int] | None, places: list[PlaceRef]) -> ActorRef | None:
        if bounds is None:
            return None
        start, end = self.tokens_span(*bounds)
        country = next(
            (p for p in places if p.precision == "country" and p.span == (start, end)), None
        )
        if country is not None:
            return ActorRef(name=self.text[start:end], canonical=country.canonical,
                            kind="state", country=country.country, span=(start, end))  # fmt: skip
        return ActorRef(name=self.text[start:end], span=(start, end))


def _fatalities(sentence: _Sentence, numbers: list[ArNumber]) -> Fatalities:
    lex = lexicon()
    killed = [i for i, t in enumerate(sentence.toks) if any(s in lex["killed"] for s in t.stems)]
    for number in numbers:
        nxt = number.last_token + 1
        counts_dead = nxt < len(sentence.toks) and any(
            s in lex["dead"] for s in sentence.toks[nxt].stems
        )
        if killed and (counts_dead or any(0 < number.first_token - k <= 2 for k in killed)):
            value = int(number.value)  # "at least 12": 12 is both the floor and the best guess
            return Fatalities(low=value, best=value)
    return Fatalities()


def extract_arabic(
    text: str, *, published: date | None, registry: Registry, gazetteer: Gazetteer
) -> Extraction:
    """Every candidate event and quantity of an Arabic report, with its mentions."""
    folded = normalise(text)
    found: dict[str, list[Any]] = {"events": [], "quantities": [], "dates": [], "actors": []}
    raws: list[tuple[_Sentence, list[_Raw], list[ArDate], list[ArNumber], list[ArEvent]]] = []
    for bounds in sentences(folded.text):
        sentence = _Sentence(text, folded, bounds)
        toks = sentence.toks
        dates = find_dates(toks, published)
        numbers = [n for n in find_numbers(toks) if not covering(dates, n.first_token)]
        events = find_events(folded.text, toks)
        skip = {i for e in events for i in range(e.hit.first, e.hit.last + 1)}
        skip |= {i for d in dates for i in range(d.first_token, d.last_token + 1)}
        skip |= {i for n in numbers for i in range(n.first_token, n.last_token + 1)}
        raws.append((sentence, _places(folded, toks, gazetteer, skip), dates, numbers, events))
    context = country_context([r for item in raws for r in item[1]])
    all_places: list[PlaceRef] = []
    last_date: DateValue | None = None
    for sentence, place_raws, dates, numbers, events in raws:
        places = [_place_ref(text, raw, context) for raw in place_raws]
        all_places.extend(places)
        values = [_date(d, text, sentence.tokens_span(d.first_token, d.last_token)) for d in dates]
        found["dates"].extend(values)
        last_date = values[0] if values else last_date
        for number in numbers:
            span = sentence.tokens_span(number.first_token, number.last_token)
            nxt = number.last_token + 1
            unit = sentence.toks[nxt] if nxt < len(sentence.toks) else None
            found["quantities"].append(
                QuantityCandidate(
                    value=number.value, approximate=number.approximate,
                    bound=number.bound,
                    unit=text[slice(*sentence.tokens_span(nxt, nxt))] if unit else "",
                    span=span,
                )
            )  # fmt: skip
        for event in events:
            found["events"].append(_event(sentence, event, places, last_date, numbers))
            found["actors"].extend(a for a in found["events"][-1][1:] if a is not None)
    events = [e.model_copy(update={"id": f"e{i + 1}"}) for i, (e, *_) in enumerate(found["events"])]
    return Extraction(
        document=_info(text, published),
        events=tuple(events),
        quantities=tuple(found["quantities"]),
        mentions=Mentions(
            actors=tuple(found["actors"]), places=tuple(all_places), dates=tuple(found["dates"])
        ),
    )


def _event(
    sentence: _Sentence,
    event: ArEvent,
    places: list[PlaceRef],
    when: DateValue | None,
    numbers: list[ArNumber],
) -> tuple[EventCandidate, ActorRef | None, ActorRef | None]:
    source = sentence.actor(event.source, places)
    target = sentence.actor(event.target, places)
    trigger_start = sentence.tokens_span(event.hit.first, event.hit.last)[0]
    after = [p for p in places if p.span and p.span[0] >= trigger_start]
    place = after[0] if after else (places[-1] if places else None)
    lo, hi = sentence.span
    candidate = EventCandidate(
        id="e0", span=(lo, hi), text=sentence.text[lo:hi], date=when,
        event_type=event.trigger.event_type, sub_event_type=event.trigger.sub_event_type,
        plover=Plover(type=event.trigger.plover, mode=event.trigger.mode),
        cameo=event.trigger.cameo, actor1=source, actor2=target, place=place,
        fatalities=_fatalities(sentence, numbers) if event.trigger.plover == "ASSAULT"
        else Fatalities(),
        negated=event.negated, modality=event.modality,
        confidence=event.confidence,
    )  # fmt: skip
    return candidate, source, target


def _info(text: str, published: date | None) -> DocumentInfo:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return DocumentInfo(sha256=digest, published=published, language="ar", chars=len(text))
