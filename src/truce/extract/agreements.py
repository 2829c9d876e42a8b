"""Agreement mentions: kind, scope, count, parties, mediator, place and date.

"651 local truce and reconciliation agreements" is one mention standing for 651 agreements;
"a deal brokered by the Russian Centre for Reconciliation" names the mediator; "between the
government and the rebels of al-Waer" names parties and place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from truce.extract.actors import ActorMention
from truce.extract.context import Doc, date_for, place_for
from truce.extract.dates import DateMention
from truce.extract.fold import find_words, match_text, word_automaton
from truce.extract.places import PlaceMatch
from truce.extract.quantities import QuantityFound

_NOUNS = ("agreement", "agreements", "deal", "deals", "accord", "accords")
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(["humanitarian pause", "humanitarian pauses", "humanitarian truce",
                     "humanitarian truces"], "humanitarian pause"),
    **dict.fromkeys(["ceasefire", "ceasefires", "cease-fire", "cease-fires",
                     "cessation of hostilities", "cessations of hostilities"], "ceasefire"),
    **dict.fromkeys([f"reconciliation {n}" for n in _NOUNS]
                    + ["local reconciliation", "local reconciliations"], "reconciliation"),
    **dict.fromkeys(["truce", "truces"], "truce"),
    **dict.fromkeys(["amnesty", "amnesties"], "amnesty"),
    **dict.fromkeys([f"evacuation {n}" for n in _NOUNS], "evacuation"),
    **dict.fromkeys([f"surrender {n}" for n in _NOUNS], "surrender"),
    **dict.fromkeys(["deconfliction", "joint implementation centre",
                     "joint implementation center"], "deconfliction"),
    **dict.fromkeys([*_NOUNS, "arrangement", "arrangements"], "other"),
}  # fmt: skip
_OTHER_NEXT = re.compile(r"\s+(?:between|with|brokered|mediated|signed|reached)\b")
_LOCAL = re.compile(
    r"\b(?:local|town|village|district|neighbourhood|neighborhood)\b", re.IGNORECASE
)
_NATIONAL = re.compile(
    r"\b(?:nationwide|national|countrywide|country-wide|across the country|all of Syria)\b",
    re.IGNORECASE,
)
_MEDIATOR = re.compile(
    r"\b(?:brokered|mediated|negotiated|sponsored|overseen|guaranteed)\s+by\s+$|\bCentre for Reconciliation\b",  # noqa: E501
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _automaton() -> Any:
    return word_automaton(KIND_WORDS)


_CONTEXT_KINDS = (
    ("evacuation", re.compile(r"\bevacuat", re.IGNORECASE)),
    ("surrender", re.compile(r"\bsurrender", re.IGNORECASE)),
    ("amnesty", re.compile(r"\bamnest", re.IGNORECASE)),
    ("reconciliation", re.compile(r"\breconciliation", re.IGNORECASE)),
    ("ceasefire", re.compile(r"\bcease-?fire|\bcessation of hostilities", re.IGNORECASE)),
)


def _kind_from_context(sentence: str) -> str:
    """A bare "deal" takes its kind from what the sentence says it does."""
    return next((kind for kind, cue in _CONTEXT_KINDS if cue.search(sentence)), "other")


@dataclass(frozen=True, slots=True)
class AgreementFound:
    start: int
    end: int
    kind: str
    scope: str | None
    count: int | None
    parties: tuple[ActorMention, ...]
    mediator: ActorMention | None
    place: PlaceMatch | None
    date: DateMention | None


def _mediator(doc: Doc, lo: int, hi: int) -> ActorMention | None:
    for actor in doc.actors_in(lo, hi):
        if (
            _MEDIATOR.search(doc.text[max(lo, actor.start - 25) : actor.start])
            or "reconciliation" in actor.name.lower()
        ):
            return actor
    return None


def _parties(doc: Doc, lo: int, hi: int, mediator: ActorMention | None) -> tuple[ActorMention, ...]:
    between = re.search(r"\bbetween\b", doc.text[lo:hi])
    if between is None:
        return ()
    start = lo + between.end()
    return tuple(a for a in doc.actors_in(start, min(hi, start + 150)) if a is not mediator)[:4]


def _count(quantities: list[QuantityFound], start: int, end: int) -> int | None:
    for quantity in quantities:
        if quantity.start <= start and end <= quantity.end + 1 and quantity.per is None:
            return int(quantity.value)
    return None


def find_agreements(doc: Doc, quantities: list[QuantityFound]) -> list[AgreementFound]:
    found: list[AgreementFound] = []
    seen: set[tuple[int, str]] = set()
    for start, end, word in find_words(_automaton(), doc.matched or match_text(doc.text)):
        kind = KIND_WORDS[word]
        if kind == "other" and not _OTHER_NEXT.match(doc.text, end):
            continue
        sentence = doc.sentence_at(start)
        if kind == "other":
            kind = _kind_from_context(doc.text[sentence.start : sentence.end])
        if (sentence.start, kind) in seen:
            continue
        seen.add((sentence.start, kind))
        lo, hi = sentence.start, sentence.end
        window = doc.text[max(lo, start - 40) : end]
        scope = (
            "national" if _NATIONAL.search(window) else "local" if _LOCAL.search(window) else None
        )
        mediator = _mediator(doc, lo, hi)
        count = _count(quantities, start, end)
        if count is not None and any(a.count == count and a.start >= lo for a in found):
            continue  # "651 local truce and reconciliation agreements" is one mention
        found.append(
            AgreementFound(
                start=start,
                end=end,
                kind=kind,
                scope=scope,
                count=count,
                parties=_parties(doc, lo, hi, mediator),
                mediator=mediator,
                place=place_for(doc, start, end),
                date=date_for(doc, start, end),
            )
        )
    return found
