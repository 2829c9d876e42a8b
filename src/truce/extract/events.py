"""Events: who did what to whom, where and when, from a trigger lexicon.

Triggers (``truce/data/event_triggers.yaml``) map words to ACLED type and sub-type, PLOVER type
and mode and a CAMEO code. Cue words before the trigger set negation and modality: a proposed,
planned, denied or hypothetical attack is not an occurred one. Actor 1 is the actor before the
trigger (or after "by" in the passive), actor 2 the one after it; place and date are those of
the event's own clause, not of the speech reporting it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from truce.data import packaged_yaml
from truce.extract.actors import ActorMention
from truce.extract.context import Doc, WordPattern, date_for, place_for
from truce.extract.dates import DateMention
from truce.extract.fold import match_key, match_text, whole_words
from truce.extract.places import PlaceMatch
from truce.lexicon import NUMBER_WORDS, VAGUE_NUMBERS


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str | None  # None: an event ACLED does not code (a verbal PLOVER event)
    sub_event_type: str | None
    plover: str
    mode: str | None
    cameo: str | None
    weapon: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    automaton: Any
    triggers: dict[str, Trigger]
    air: WordPattern
    artillery: WordPattern

    def weapon_sub_type(self, sentence: str) -> str | None:
        """The sub-type the weapon words of ``sentence`` give an attack: an air or drone strike,
        else shelling; None when it names neither (a sentence without their words, most of
        them, is not searched)."""
        if self.air.search(sentence):
            return "Air/drone strike"
        if self.artillery.search(sentence):
            return "Shelling/artillery/missile attack"
        return None


@dataclass(frozen=True, slots=True)
class EventFound:
    start: int
    end: int
    sentence: tuple[int, int]
    trigger: Trigger
    sub_event_type: str | None
    actor1: ActorMention | None
    actor2: ActorMention | None
    place: PlaceMatch | None
    date: DateMention | None
    fatalities: tuple[int | None, int | None, int | None]
    negated: bool
    modality: str
    confidence: float


def _automaton(triggers: dict[str, Trigger]) -> Any:
    automaton = ahocorasick.Automaton()
    for word in triggers:
        key = match_key(word)
        automaton.add_word(key, (word, len(key)))
    automaton.make_automaton()
    return automaton


def trigger_matches(lexicon: Lexicon, matched: str) -> list[tuple[int, int, str]]:
    """(start, end, trigger word) of every whole-word trigger (offsets in the original text)."""
    found = []
    for end_index, (word, length) in whole_words(lexicon.automaton, matched):
        start, end = end_index - length + 1, end_index
        if end + 1 < len(matched) and matched[end + 1].isalnum():
            continue
        found.append((start, end, word))
    return found


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data: dict[str, Any] = packaged_yaml("event_triggers.yaml")
    triggers: dict[str, Trigger] = {}
    for item in data["triggers"]:
        trigger = Trigger(
            item["event_type"],
            item.get("sub_event_type"),
            item["plover"],
            item.get("mode"),
            item.get("cameo"),
            bool(item.get("weapon")),
        )
        for word in item["words"]:
            triggers.setdefault(word.lower(), trigger)
    return Lexicon(
        automaton=_automaton(triggers),
        triggers=triggers,
        air=WordPattern.any_of(data["weapons"]["air"]),
        artillery=WordPattern.any_of(data["weapons"]["artillery"]),
    )


_CUES = re.compile(
    r"\b(?:(?P<denied>denied|denies|deny|denying|rejected claims|dismissed)"
    r"|(?P<neg>not|never|no|neither|nor|without)|(?P<nt>n't)"
    r"|(?P<hyp>if|could|might|may|would|in case|threatened to|risk of|unless)"
    r"|(?P<plan>will|plans? to|planned|planning|preparing|is expected to|are expected to"
    r"|scheduled|intends? to|about to|was to|were to|going to)"
    r"|(?P<prop>proposed|proposes|propose|called for|calls for|urged|urges|demanded|demands"
    r"|should|suggested|offered))\b|n't",
    re.IGNORECASE,
)
_FATAL = re.compile(
    r"\b(?:killing|killed|left|leaving)\s+(?P<bound>at least|about|around|nearly|more than|over|some|up to)?\s*(?P<n>\d+|dozens|scores|hundreds|two|three|four|five|six|seven|eight|nine|ten|twenty)\b"  # noqa: E501
    r"|(?P<bound2>at least|about|around|nearly|more than|over|some|up to)?\s*(?P<n2>\d+|dozens|scores|hundreds|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+(?:\w+\s+){0,2}(?:were|was|have been|had been)?\s*(?:killed|dead|died)\b",  # noqa: E501
    re.IGNORECASE,
)


def modality_of(doc: Doc, sentence_start: int, trigger_start: int) -> tuple[bool, str]:
    """(negated, modality) from the cue words in the 60 characters before the trigger."""
    lo = max(sentence_start, trigger_start - 60)
    cues: set[str] = set()
    negated = False
    for match in _CUES.finditer(doc.text, lo, trigger_start):
        kind = match.lastgroup or "nt"
        cues.add(kind)
        if kind in {"neg", "nt"} and match.start() >= trigger_start - 30:
            negated = True
    if "denied" in cues:
        return True, "denied"
    for kind, modality in (("hyp", "hypothetical"), ("plan", "planned"), ("prop", "proposed")):
        if kind in cues:
            return negated, modality
    return negated, "denied" if negated else "occurred"


def fatalities_in(text: str) -> tuple[int | None, int | None, int | None]:
    if "kill" not in text and "dead" not in text and "died" not in text:
        return None, None, None
    match = _FATAL.search(text)
    if match is None:
        return None, None, None
    word = (match.group("n") or match.group("n2")).lower()
    bound = (match.group("bound") or match.group("bound2") or "").lower()
    if word in VAGUE_NUMBERS:
        return VAGUE_NUMBERS[word], None, None
    value = NUMBER_WORDS.get(word) or int(word)
    if bound in {"at least", "more than", "over"}:
        return value, value, None
    if bound == "up to":
        return None, value, value
    return None, value, None


def _roles(
    doc: Doc, lo: int, hi: int, start: int, end: int
) -> tuple[ActorMention | None, ActorMention | None]:
    before = [a for a in doc.actors_in(lo, start) if a.kind != "civilians"]
    after = doc.actors_in(end, hi)
    actor1 = before[-1] if before else None
    actor2 = after[0] if after else None
    passive = re.search(
        r"\b(?:was|were|been|being|is|are)\s+$", doc.text[max(lo, start - 12) : start]
    )
    if actor2 is not None and re.search(r"\bby\s+(?:the\s+)?$", doc.text[end : actor2.start]):
        actor1, actor2 = actor2, actor1
    elif passive:
        actor1, actor2 = None, actor1
    return actor1, actor2


def _sub_type(
    lexicon: Lexicon, trigger: Trigger, sentence: str, actor1: ActorMention | None
) -> str | None:
    if trigger.weapon:
        return lexicon.weapon_sub_type(sentence)
    if trigger.sub_event_type == "territory":
        return territory_taken(actor1)
    return trigger.sub_event_type


def territory_taken(actor1: ActorMention | None) -> str:
    """Capturing territory: the government's regaining it, else a non-state actor's taking it."""
    state = actor1 is not None and actor1.kind in {"state forces", "state"}
    return "Government regains territory" if state else "Non-state actor overtakes territory"


def headline_end(doc: Doc) -> int:
    """End of the headline: a short first paragraph without a final stop, when more follow."""
    if len(doc.paragraphs) < 2:
        return 0
    first = doc.paragraphs[0]
    line = doc.text[first.start : first.end].strip()
    if len(line) > 160 or "\n" in line or line.endswith((".", "!", "?", '"', "”")):
        return 0
    return first.end


def with_lexical_events(
    doc: Doc, lexicon: Lexicon, found: list[EventFound], *, skip_to: int
) -> list[EventFound]:
    """``found`` (the events of the parsed sentences, ``parsed.py``) and, of the other
    sentences, one event per distinct event type per sentence, at its first trigger; by start."""
    seen: set[tuple[int, str | None]] = set()
    for start, end, word in trigger_matches(lexicon, doc.matched or match_text(doc.text)):
        if start < skip_to:
            continue  # the headline restates an event the story tells
        trigger = lexicon.triggers[word]
        if doc.sentence_at(start).start in doc.parses and _parsed_covers(found, trigger, start):
            continue
        sentence = doc.sentence_at(start)
        key = (sentence.start, trigger.event_type)
        if key in seen:
            continue
        seen.add(key)
        found.append(_event(doc, lexicon, trigger, start, end, sentence.start, sentence.end))
    return sorted(found, key=lambda e: e.start)


def _parsed_covers(found: list[EventFound], trigger: Trigger, start: int) -> bool:
    """A parsed sentence keeps the lexicon's agreements, withdrawals and arrests ("declared a
    ceasefire", "left the district") unless its parse already gave that ACLED type."""
    if trigger.event_type != "Strategic developments":
        return True
    return any(
        e.sentence[0] <= start < e.sentence[1] and e.trigger.event_type == trigger.event_type
        for e in found
    )


def _event(
    doc: Doc, lexicon: Lexicon, trigger: Trigger, start: int, end: int, lo: int, hi: int
) -> EventFound:
    actor1, actor2 = _roles(doc, lo, hi, start, end)
    negated, modality = modality_of(doc, lo, start)
    text = doc.text[lo:hi]
    confidence = 0.5 + 0.1 * (actor1 is not None) + 0.1 * (actor2 is not None)
    confidence += 0.1 * (trigger.sub_event_type is not None and not trigger.weapon)
    return EventFound(
        start=start,
        end=end,
        sentence=(lo, hi),
        trigger=trigger,
        sub_event_type=_sub_type(lexicon, trigger, text, actor1),
        actor1=actor1,
        actor2=actor2,
        place=place_for(doc, start, end),
        date=date_for(doc, start, end),
        fatalities=fatalities_in(text),
        negated=negated,
        modality=modality,
        confidence=round(min(confidence, 0.95), 2),
    )
