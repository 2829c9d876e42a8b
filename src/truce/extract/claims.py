"""Claims about events: weapon, perpetrator, fatalities, target — asserted, denied or questioned.

A claim needs a claimant (the speaker of the sentence, "according to X", or "X blamed Y") or an
account the document itself reports ("first reported as shelling, later as an air strike": one
claim per account, in order). Each claim points at the nearest event at or before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truce.extract.actors import ActorMention
from truce.extract.context import Doc
from truce.extract.events import EventFound, fatalities_in

WEAPONS = {
    "air strike": r"air ?strikes?|air raids?|aircraft|warplanes|jets|planes|bombers",
    "helicopter": r"helicopters?|barrel bombs?",
    "artillery": r"artillery|shelling|shells",
    "rockets": r"rockets?|missiles?",
    "mortar": r"mortars?",
    "drone": r"drones?",
}
_WEAPON = re.compile(
    "|".join(f"(?P<w{i}>\\b(?:{p})\\b)" for i, p in enumerate(WEAPONS.values())), re.IGNORECASE
)
_WEAPON_NAMES = list(WEAPONS)
_BLAME = re.compile(
    r"\b(?:blamed|accused|held responsible|pointed the finger at)\s+(?:the\s+)?", re.IGNORECASE
)
_DENY = re.compile(r"\b(?:denied|denies|deny|rejected|dismissed)\b", re.IGNORECASE)
_QUESTION = re.compile(
    r"\b(?:questioned|doubted|cast doubt|disputed|impartial investigation|independent investigation|unclear whether)\b",  # noqa: E501
    re.IGNORECASE,
)
_SHIFT = re.compile(
    r"\b(?:first|initially|originally|later|then|subsequently|afterwards)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ClaimFound:
    start: int
    end: int
    event: EventFound | None
    claimant: ActorMention | None
    attribute: str
    value: str
    stance: str


def _claimant(doc: Doc, lo: int, hi: int) -> ActorMention | None:
    verbs = doc.speech_in(lo, hi)
    if not verbs:
        return None
    start, end = verbs[0]
    if doc.text[start:end].lower() == "according to":
        after = doc.actors_in(end, hi)
        return after[0] if after else None
    before = doc.actors_in(lo, start)
    return before[-1] if before else None


def _stance(text: str) -> str:
    if _DENY.search(text):
        return "denies"
    if _QUESTION.search(text):
        return "questions"
    return "asserts"


def _weapon_claims(
    doc: Doc, lo: int, hi: int, claimant: ActorMention | None, event: EventFound | None
) -> list[ClaimFound]:
    text = doc.text[lo:hi]
    shifting = len(_SHIFT.findall(text)) >= 2
    if claimant is None and not shifting:
        return []
    found: list[ClaimFound] = []
    seen: set[str] = set()
    for match in _WEAPON.finditer(doc.text, lo, hi):
        name = next(_WEAPON_NAMES[int(k[1:])] for k, v in match.groupdict().items() if v)
        if name in seen:
            continue
        seen.add(name)
        clause_start = max(lo, doc.text.rfind(",", lo, match.start()) + 1)
        stance = _stance(doc.text[clause_start : match.end()]) if claimant else "asserts"
        found.append(
            ClaimFound(match.start(), match.end(), event, claimant, "weapon", name, stance)
        )
    return found


def _blame_claims(doc: Doc, lo: int, hi: int, event: EventFound | None) -> list[ClaimFound]:
    found = []
    for match in _BLAME.finditer(doc.text, lo, hi):
        before = doc.actors_in(lo, match.start())
        after = doc.actors_in(match.end(), hi)
        if before and after:
            found.append(
                ClaimFound(
                    lo,
                    hi,
                    event,
                    before[-1],
                    "perpetrator",
                    after[0].canonical or after[0].name,
                    "asserts",
                )
            )
    deny = _DENY.search(doc.text, lo, hi)
    if deny and not found:
        before = doc.actors_in(lo, deny.start())
        if before:
            who = before[-1]
            found.append(
                ClaimFound(lo, hi, event, who, "perpetrator", who.canonical or who.name, "denies")
            )
    return found


def find_claims(doc: Doc, events: list[EventFound]) -> list[ClaimFound]:
    found: list[ClaimFound] = []
    violent = [e for e in events if e.trigger.plover == "ASSAULT"]
    index = -1
    for sentence in doc.sentences:
        lo, hi = sentence.start, sentence.end
        while index + 1 < len(violent) and violent[index + 1].sentence[0] <= lo:
            index += 1
        if index < 0:
            continue
        event = violent[index]
        claimant = _claimant(doc, lo, hi)
        found += _weapon_claims(doc, lo, hi, claimant, event)
        found += _blame_claims(doc, lo, hi, event)
        low, best, high = fatalities_in(doc.text[lo:hi])
        figure = best or low or high
        if claimant is not None and figure:
            found.append(
                ClaimFound(
                    lo, hi, event, claimant, "fatalities", str(figure), _stance(doc.text[lo:hi])
                )
            )
    return found
