"""Events of the parsed sentences: codings on the parse (``coding.py``) made into ``EventFound``.

The actors of a coding are the registry's or the phrase finder's mentions inside its source
and target words, else new mentions with the kind the parser's entity type gives (person,
organisation, state, civilians). ACLED's type and sub-type follow from the PLOVER entry and
the sentence: a generic attack ("hit", "killed") is an air strike or shelling by the weapon
words of its sentence, else an attack on civilians when its target is civilians, else an armed
clash; capturing territory is the government's regaining it or a non-state actor's taking it.
"""

from __future__ import annotations

from truce.extract.actors import ActorMention
from truce.extract.coding import Coding, code_parse
from truce.extract.context import Doc, date_for, place_for
from truce.extract.events import (
    EventFound,
    Lexicon,
    Trigger,
    fatalities_in,
    headline_end,
    load_lexicon,
    territory_taken,
    with_lexical_events,
)

_CLASH = {"attack", "assault", "invade", "invasion", "incursion", "overrun", "kill", "killing"}


def _actor(doc: Doc, span: tuple[int, int] | None, kind: str | None) -> ActorMention | None:
    if span is None:
        return None
    start, end = span
    inside = [a for a in doc.actors if a.start < end and start < a.end and a.how != "described"]
    if inside:
        return inside[0]
    return ActorMention(start, end, doc.text[start:end], None, kind, None, "parse")


def _named_before(doc: Doc, coding: Coding) -> ActorMention | None:
    """ "the US-led coalition strike", "Russian air strikes": the doer named just before the
    event noun."""
    token = coding.trigger
    if token.pos == "VERB":
        return None
    before = doc.actors_in(max(0, token.start - 40), token.start)
    if before and not doc.text[before[-1].end : token.start].strip(" -"):
        return before[-1]
    return None


def _acled(lexicon: Lexicon, coding: Coding, sentence: str) -> tuple[str | None, str | None]:
    """ACLED's type and sub-type; the sub-type of capturing territory is "territory" until the
    doer is known (``events.territory_taken``)."""
    acled = coding.entry.acled
    if acled is None:
        return None, None
    event_type, sub_type = acled
    if coding.entry.weapon:
        weapon = lexicon.weapon_sub_type(sentence)
        if weapon is not None:
            return "Explosions/Remote violence", weapon
        if coding.target_kind == "civilians":
            return "Violence against civilians", "Attack"
        if coding.trigger.lemma in _CLASH:
            return "Battles", "Armed clash"
        return "Explosions/Remote violence", None
    return event_type, sub_type


def _confidence(coding: Coding) -> float:
    value = 0.5 + 0.1 * (coding.source is not None) + 0.1 * (coding.target is not None)
    value += 0.2 * coding.main - 0.05 * (coding.trigger.pos != "VERB")
    return round(min(value, 0.95), 2)


def find_events(doc: Doc) -> list[EventFound]:
    """Events of parsed sentences from the parse; of the others, one per distinct event type
    per sentence, at its first trigger (``events.with_lexical_events``)."""
    lexicon = load_lexicon()
    skip_to = headline_end(doc)
    found = parsed_events(doc, lexicon, skip_to=skip_to)
    return with_lexical_events(doc, lexicon, found, skip_to=skip_to)


def parsed_events(doc: Doc, lexicon: Lexicon, *, skip_to: int) -> list[EventFound]:
    """One event per event type (ACLED's, else PLOVER's) per parsed sentence: the likeliest
    coding, the first of equals. The type and the confidence read only the coding, so the
    others are never made events (their actors, place and date looked up)."""
    found: list[EventFound] = []
    for sentence in doc.sentences:
        parse = doc.parses.get(sentence.start)
        if parse is None or sentence.start < skip_to:
            continue
        best: dict[str, tuple[Coding, tuple[str | None, str | None]]] = {}
        text = doc.text[sentence.start : sentence.end]
        for coding in code_parse(parse):
            acled = _acled(lexicon, coding, text)
            key = acled[0] or coding.entry.plover
            if key not in best or _confidence(coding) > _confidence(best[key][0]):
                best[key] = (coding, acled)
        bounds = (sentence.start, sentence.end)
        found += [_event(doc, coding, acled, bounds, text) for coding, acled in best.values()]
    return found


def _event(
    doc: Doc,
    coding: Coding,
    acled: tuple[str | None, str | None],
    sentence: tuple[int, int],
    text: str,
) -> EventFound:
    actor1 = _actor(doc, coding.source, coding.source_kind) or _named_before(doc, coding)
    actor2 = _actor(doc, coding.target, coding.target_kind)
    event_type, sub_type = acled
    if sub_type == "territory":
        sub_type = territory_taken(actor1)
    entry, token = coding.entry, coding.trigger
    trigger = Trigger(event_type, sub_type, entry.plover, entry.mode, entry.cameo, entry.weapon)
    return EventFound(
        start=token.start,
        end=token.end,
        sentence=sentence,
        trigger=trigger,
        sub_event_type=sub_type,
        actor1=actor1,
        actor2=actor2,
        place=place_for(doc, token.start, token.end),
        date=date_for(doc, token.start, token.end),
        fatalities=fatalities_in(text) if entry.plover == "ASSAULT" else (None, None, None),
        negated=coding.negated,
        modality=coding.modality,
        confidence=_confidence(coding),
    )
