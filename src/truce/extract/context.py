"""What the later stages share: the document's mentions, and how to pick the one for a span.

``Doc`` bundles the outputs of the early stages (segments, dates, places, actors). ``date_for``
gives a span the date of its own clause, else of its sentence, else the paragraph's context.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from truce.extract.actors import ActorMention
from truce.extract.dates import DateMention
from truce.extract.fold import find_words, match_text, word_automaton
from truce.extract.parse import Parse
from truce.extract.places import PlaceMatch
from truce.extract.segment import Paragraph, Sentence


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_M = TypeVar("_M", bound=_Spanned)

SPEECH_VERBS = r"(?:said|says|say|told|tells|stressed|stresses|added|noted|warned|claimed|claims|denied|denies|insisted|insists|announced|announces|argued|stated|declared|confirmed|acknowledged|admitted|asserted|reported|explained|alleged|accused|blamed|urged|called)"  # noqa: E501
SPEECH_WORDS = (
    "said", "says", "say", "told", "tells", "stressed", "stresses", "added", "noted", "warned",
    "claimed", "claims", "denied", "denies", "insisted", "insists", "announced", "announces",
    "argued", "stated", "declared", "confirmed", "acknowledged", "admitted", "asserted",
    "reported", "explained", "alleged", "accused", "blamed", "urged", "called", "according to",
    "believes", "believed", "thinks", "thought", "alleges", "suggested",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _speech_automaton() -> Any:
    return word_automaton(SPEECH_WORDS)


_SPEECH_BEFORE = re.compile(rf"\b{SPEECH_VERBS}\s+(?:\w+\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas|although|after|before|when)\b|\bwhile\b"
)


@dataclass(frozen=True)
class Doc:
    text: str
    published: date | None
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    dates: list[DateMention]
    places: list[PlaceMatch]
    actors: list[ActorMention]
    country: str | None
    matched: str = ""
    parses: dict[int, Parse] = field(default_factory=dict)  # flagged sentences, by start
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts["sentences"] = [s.start for s in self.sentences]
        self._starts["dates"] = [d.start for d in self.dates]
        self._starts["places"] = [p.start for p in self.places]
        self._starts["actors"] = [a.start for a in self.actors]

    def speech_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Speech verbs ("said", "according to") in ``[start, end)``, found once per document."""
        if "speech" not in self._starts:
            words = find_words(_speech_automaton(), self.matched or match_text(self.text))
            self._starts["speech"] = [w[0] for w in words]
            self._starts["speech_end"] = [w[1] for w in words]
        starts = self._starts["speech"]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        if lo == hi:  # most spans hold none
            return []
        ends = self._starts["speech_end"]
        return [(starts[i], ends[i]) for i in range(lo, hi) if ends[i] <= end]

    def sentence_at(self, offset: int) -> Sentence:
        index = max(0, bisect.bisect_right(self._starts["sentences"], offset) - 1)
        return self.sentences[index]

    def _within(self, name: str, items: Sequence[_M], start: int, end: int) -> list[_M]:
        starts = self._starts[name]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        if lo == hi:  # most spans hold none
            return []
        return [item for item in items[lo:hi] if item.end <= end]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return self._within("dates", self.dates, start, end)

    def places_in(self, start: int, end: int) -> list[PlaceMatch]:
        return self._within("places", self.places, start, end)

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        return self._within("actors", self.actors, start, end)


def may_hold(text: str, words: tuple[str, ...], *, lo: int = 0, hi: int | None = None) -> bool:
    """Whether ``text[lo:hi]`` may hold one of ``words`` (lower case) where a case-insensitive
    pattern of them would find it: on ASCII text a plain test of the lower-cased text, far
    cheaper than the pattern's search, which most sentences then need not run. Other text is
    left to the pattern, whose case-insensitive match also folds letters that lower-casing
    keeps ("ſ" as "s")."""
    part = text[lo:hi]
    if not part.isascii():
        return True
    lowered = part.lower()
    return any(word in lowered for word in words)


@dataclass(frozen=True)
class WordPattern:
    """A pattern whose every match holds one of ``words`` (lower case), searched only where
    one of them may be (:func:`may_hold`): the same matches as the pattern's own search."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]

    @classmethod
    def any_of(cls, words: Sequence[str], *, then: str = r"\b") -> WordPattern:
        """Any of ``words`` as a whole word, in any case, the longest first (``then``: what
        must follow it)."""
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        pattern = re.compile(rf"\b(?:{alternatives}){then}", re.IGNORECASE)
        return cls(pattern, tuple(w.lower() for w in words))

    def search(self, text: str, lo: int = 0, hi: int | None = None) -> re.Match[str] | None:
        if not may_hold(text, self.words, lo=lo, hi=hi):
            return None
        return self.pattern.search(text, lo, len(text) if hi is None else hi)

    def finditer(self, text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
        if may_hold(text, self.words, lo=lo, hi=hi):
            yield from self.pattern.finditer(text, lo, hi)


def clause_bounds(doc: Doc, sentence: Sentence, offset: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding ``offset`` (split at ; : and conjunction commas)."""
    start, end = sentence.start, sentence.end
    for match in _CLAUSE_BREAK.finditer(doc.text, sentence.start, sentence.end):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return start, end


def is_speech_date(doc: Doc, mention: DateMention) -> bool:
    """A date right after a speech verb ("said on Wednesday") dates the speech, not the event."""
    window = doc.text[max(0, mention.start - 25) : mention.start]
    return bool(_SPEECH_BEFORE.search(window))


def _nearest(mentions: list[DateMention], offset: int) -> DateMention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda d: abs(d.start - offset))


def date_for(doc: Doc, start: int, end: int, *, for_speech: bool = False) -> DateMention | None:
    """The date of the clause, else the sentence, else the paragraph's latest earlier date."""
    sentence = doc.sentence_at(start)
    whole = (sentence.start, sentence.end)
    if doc.dates_in(*whole):  # else none of its clauses holds one: no need to find the clause
        for lo, hi in (clause_bounds(doc, sentence, start), whole):
            found = [d for d in doc.dates_in(lo, hi) if for_speech or not is_speech_date(doc, d)]
            if for_speech:
                speech = [d for d in found if is_speech_date(doc, d)]
                found = speech or found
            best = _nearest(found, start)
            if best is not None:
                return best
    paragraph = doc.paragraphs[sentence.paragraph]
    earlier = list(doc.dates_in(paragraph.start, sentence.start))
    return earlier[-1] if earlier else None


def place_for(doc: Doc, start: int, end: int) -> PlaceMatch | None:
    """The place named in the span's sentence nearest after it, else before it."""
    sentence = doc.sentence_at(start)
    found = doc.places_in(sentence.start, sentence.end)
    after = [p for p in found if p.start >= start]
    if after:
        return min(after, key=lambda p: p.start)
    return found[-1] if found else None
