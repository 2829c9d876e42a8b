"""Arabic events: trigger words, and the doer and target read from the words around them.

A trigger (``arabic_lexicon.yaml``: attack, shelling, air strike, bombing, explosion, killing,
clashes, abduction, arrest, protest, demonstration, and the verbal and other non-violent
PLOVER events: accusation, rejection, threat, demand, agreement, meeting, support, aid,
withdrawal, mobilisation, sanction …) makes one event per PLOVER type per sentence. Its doer
(source) and target are noun phrases found by word order, without a parse:

- a verb's subject follows it (verb-subject-object: "هاجم مسلحون مقنعون حاجزا" → source
  مسلحون مقنعون, target حاجزا), or stands right before it ("إسرائيل قصفت …");
- "قام X بقتل Y" (X carried out the killing of Y), "من قبل X" / "على يد X" (by X), "شنها X";
- a noun trigger is followed by its doer ("قصف الطيران الروسي"), except nouns of what was done
  to someone ("مقتل X", "اغتيال X", "اختطاف X"), followed by the victim; "على X" / "ضد X" names
  the target.

A noun phrase is a head word and the words that agree with it: adjectives with the same
article or plural ending ("مفجرون انتحاريون"), and a genitive after an indefinite head ("قوات
الاحتلال"), at most four words, ending at a preposition, a particle, punctuation or a number.
A negation right before the trigger ("لم", "لا") marks the event negated; "نفى" (denied) makes
it denied, and a threat or plan ("هدد", "سوف") planned.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from truce.extract.arabic_text import (
    PRONOUNS,
    Hit,
    Token,
    find_phrases,
    lexicon,
    phrase_at,
    phrase_index,
)

MAX_PHRASE = 4
_BREAK = re.compile(r"[,.;:()\[\]?!\-–—\"]")
_PLURAL = ("ون", "ين", "ات", "ه")  # same plural or feminine ending: an agreeing adjective
_NISBA = ("يه", "ي", "يون", "يين", "يات")  # relation adjectives: روسية, العراقي, اميركيين
_CASES = (("ون", "ين"), ("ين", "ون"))  # sound plurals in two cases never agree


@dataclass(frozen=True, slots=True)
class ArTrigger:
    event_type: str | None  # None: a verbal PLOVER event, which ACLED does not code
    sub_event_type: str | None
    plover: str
    mode: str | None
    cameo: str | None
    other_side: bool  # "مع X" after the trigger names the other party


@dataclass(frozen=True, slots=True)
class ArEvent:
    hit: Hit
    trigger: ArTrigger
    source: tuple[int, int] | None  # token bounds, inclusive
    target: tuple[int, int] | None
    negated: bool
    modality: str
    confidence: float


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    lex = lexicon()
    by_phrase: dict[str, ArTrigger] = {}
    for entry in lex["triggers"]:
        trigger = ArTrigger(
            entry.get("event_type"), entry.get("sub_event_type"), entry["plover"],
            entry.get("mode"), entry.get("cameo"), bool(entry.get("other_side")),
        )  # fmt: skip
        for word in entry["words"]:
            by_phrase.setdefault(word, trigger)
    return {
        "triggers": by_phrase,
        "trigger_index": phrase_index(by_phrase),
        "agent": phrase_index(lex["agent"]),
        "stops": frozenset(lex["phrase_stops"]),
        "verbs": frozenset(lex["verb_forms"]),
        "victims": frozenset(lex["victim_nouns"]),
        "targets": frozenset(lex["target"]),
        "carry": frozenset(lex["carry_out"]),
        "negation": frozenset(lex["negation"]),
        "planned": frozenset(lex["planned"]),
        "numbers": frozenset(lex["numbers"]) | frozenset(lex["vague"]),
        "time": frozenset(lex["time_words"]),
        "not_after": {word: frozenset(after) for word, after in lex["not_after"].items()},
        "bounds": phrase_index(lex["at_least"] + lex["about"]),
    }


def _has(token: Token, words: frozenset[str]) -> bool:
    return any(stem in words for stem in token.stems)


def _is_verb(token: Token) -> bool:
    """A trigger written as a verb: in the verb list as written or after و / ف only."""
    verbs = _tables()["verbs"]
    written = [w for w in token.stems[:2] if not w.startswith("ال") or w in verbs]  # التقى
    return any(
        form in verbs
        for word in written
        for form in (word, *(word[: -len(p)] for p in PRONOUNS if word.endswith(p)))
    )


def _content(folded: str, toks: list[Token], i: int) -> bool:
    tables = _tables()
    token = toks[i]
    return not (
        token.word.isdigit()
        or _has(token, tables["stops"])
        or _has(token, tables["numbers"])
        or _has(token, tables["time"])
        or phrase_at(toks, i, tables["trigger_index"]) is not None
    )


def _agrees(head: Token, prev: Token, token: Token) -> bool:
    definite = token.word.startswith("ال")
    if definite:
        return True  # an adjective of a definite head, or the genitive of an indefinite one
    if head.word.startswith("ال") or prev.word.startswith("ال"):
        return False
    if any(prev.word.endswith(a) and token.word.endswith(b) for a, b in _CASES):
        return False  # "مفجرون انتحاريون سياسيين": the subject, then the object
    if token.word.endswith(_NISBA) and len(token.word) > 3:
        return True
    return any(head.word.endswith(s) and token.word.endswith(s) for s in _PLURAL)


def noun_phrase(folded: str, toks: list[Token], i: int, end: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``i`` (before token ``end``), or None."""
    if i >= end or not _content(folded, toks, i):
        return None
    last = i
    while last + 1 < end and last + 1 - i < MAX_PHRASE:
        nxt = toks[last + 1]
        between = folded[toks[last].end : nxt.start]
        if _BREAK.search(between) or (nxt.word[0] == "و" and nxt.stems[1:2] != ()):
            break
        if not _content(folded, toks, last + 1) or not _agrees(toks[i], toks[last], nxt):
            break
        last += 1
    return i, last


def _phrase_before(folded: str, toks: list[Token], i: int, start: int) -> tuple[int, int] | None:
    """A noun phrase ending right before token ``i`` (the subject of a subject-verb clause)."""
    if i - 1 < start or _BREAK.search(folded[toks[i - 1].end : toks[i].start]):
        return None
    for first in range(max(start, i - MAX_PHRASE), i):
        found = noun_phrase(folded, toks, first, i)
        if found is not None and found[1] == i - 1:
            return found
    return None


def _after_word(folded: str, toks: list[Token], words: frozenset[str], i: int, end: int) -> Any:
    for j in range(i, end):
        if _has(toks[j], words) and j + 1 < end:
            return noun_phrase(folded, toks, j + 1, end)
    return None


def _skip(toks: list[Token], i: int, end: int) -> tuple[int, bool]:
    """The first token from ``i`` that is not a number, a bound or a time word, and whether
    a number was passed (what follows a number is what was counted: the victims)."""
    tables, counted = _tables(), False
    while i < end:
        bound = phrase_at(toks, i, tables["bounds"])
        if bound is not None:
            i = bound.last + 1
            continue
        number = toks[i].word.isdigit() or _has(toks[i], tables["numbers"])
        if counted and toks[i].word == "من":
            i += 1  # "أربعة من المتهمين": four of the accused
            continue
        if not (number or _has(toks[i], tables["time"])):
            break
        counted, i = counted or number, i + 1
    return i, counted


def _next_phrase(folded: str, toks: list[Token], i: int, end: int) -> tuple[Any, bool]:
    start, counted = _skip(toks, i, end)
    return noun_phrase(folded, toks, start, end), counted


def _roles(folded: str, toks: list[Token], hit: Hit, trigger: ArTrigger) -> tuple[Any, Any]:
    """(source, target) token bounds for the trigger ``hit`` in one sentence's ``toks``."""
    tables, end = _tables(), len(toks)
    agent = next(
        (h for h in find_phrases(toks[hit.last + 1 :], tables["agent"])), None
    )  # "من قبل X" anywhere after the trigger
    source = (
        noun_phrase(folded, toks, hit.last + 2 + agent.last, end) if agent is not None else None
    )
    targets = tables["targets"] | ({"مع"} if trigger.other_side else frozenset())
    target = _after_word(folded, toks, targets, hit.last + 1, end)  # "اشتبك X مع Y": Y
    word = toks[hit.first]
    after, counted = _next_phrase(folded, toks, hit.last + 1, end)
    if _is_verb(word):
        edge = (
            hit.first - 1 if hit.first and toks[hit.first - 1].word in {"قد", "لقد"} else hit.first
        )
        opens = word.word[0] == "و" and word.stems[1:2] != ()  # "وأصيب": a new clause
        before = None if opens else _phrase_before(folded, toks, edge, 0)
        if counted or (before is None and source is not None):
            return source or before, target or after  # "قتل 18 شخصا": the victims
        if before is not None and source is None:
            return before, target or after
        if source is None and after is not None:
            following, _ = _next_phrase(folded, toks, after[1] + 1, end)
            return after, target or following
        return source, target or after
    carrier = next(
        (j for j in range(max(0, hit.first - 6), hit.first) if _has(toks[j], tables["carry"])),
        None,
    )
    if carrier is not None and source is None:
        source = noun_phrase(folded, toks, carrier + 1, hit.first)
    if _has(word, tables["victims"]) or carrier is not None or counted:
        return source, target or after
    return source or after, target


_SAID = frozenset({"قال", "قالت", "قالوا", "اعلن", "اعلنت", "ذكر", "ذكرت", "اكد", "اكدت",
                   "افاد", "افادت"})  # fmt: skip
# "its", "their" after a plural: طائراته, جنودها, قواتهم (a lone ه is mostly a folded ة)
_OWN = ("اته", "اتها", "اتهم", "وده", "ودها", "ودهم")


def _speakers_own(folded: str, toks: list[Token], source: Any) -> Any:
    """ "قال الجيش التركي ان طائراته قصفت …" (the Turkish army said its planes struck …): the
    doer is the speaker, whose forces the possessive ending names."""
    if source is None:
        return None
    head = toks[source[0]].word
    if head.startswith("ال") or len(head) < 5 or not head.endswith(_OWN):
        return None
    for j in range(source[0] - 1, -1, -1):
        if toks[j].word in _SAID:
            return noun_phrase(folded, toks, j + 1, source[0])
    return None


def _modality(toks: list[Token], first: int) -> tuple[bool, str]:
    tables = _tables()
    window = toks[max(0, first - 3) : first]
    if any(_has(t, frozenset({"نفي", "نفت", "ينفي", "تنفي", "نفوا"})) for t in toks[:first]):
        return True, "denied"
    if any(_has(t, tables["planned"]) for t in window):
        return False, "planned"
    return any(_has(t, tables["negation"]) for t in window[-2:]), "occurred"


def _not_an_event(toks: list[Token], hit: Hit) -> bool:
    """ "فجر أمس" (at dawn), "أطلق سراح" (released): a word just after says it is no attack."""
    after = _tables()["not_after"].get(hit.phrase)
    if after is None:
        return False
    if toks[hit.first].word.endswith(("ال" + hit.phrase, "لل" + hit.phrase[1:])):
        return True  # with the article it is the noun: "صلاة الفجر", dawn prayer
    return any(_has(t, after) for t in toks[hit.last + 1 : hit.last + 4])  # "أطلقت السلطات سراح"


# Verbal events whose content is another event: "اتهم X Y بقصف Z" is an accusation, "هدد X
# بقصف Z" a threat, not a shelling that occurred (PLOVER's ACCUSE and THREATEN).
_FRAMES = frozenset({"ACCUSE", "THREATEN"})


def _confidence(trigger: ArTrigger, *, verb: bool, modality: str, framed: bool) -> float:
    """A verb 0.6, a noun 0.5; a verbal event (no ACLED type) yields to a physical one in the
    same sentence, and a physical one that did not occur, or is what an accusation or threat
    before it says, yields to the verbal one."""
    confidence = 0.6 if verb else 0.5
    if trigger.event_type is None:
        return confidence - 0.1
    if modality != "occurred" or framed:
        return confidence - 0.3
    return confidence


def find_events(folded: str, toks: list[Token]) -> list[ArEvent]:
    """The events of one sentence: one per PLOVER type, from the trigger that occurred (not
    planned, nor what an accusation or threat says), then whose doer and target are found,
    then a verb, then the earliest."""
    tables = _tables()
    best: dict[str, tuple[tuple[int, int, int, int], ArEvent]] = {}
    framed: int | None = None  # the first accusation or threat: what follows is its content
    for hit in find_phrases(toks, tables["trigger_index"]):
        if _not_an_event(toks, hit):
            continue
        trigger = tables["triggers"][hit.phrase]
        source, target = _roles(folded, toks, hit, trigger)
        source = _speakers_own(folded, toks, source) or source
        verb = _is_verb(toks[hit.first])
        negated, modality = _modality(toks, hit.first)
        inside = framed is not None and not _BREAK.search(
            folded[toks[framed].end : toks[hit.first].start]
        )  # in the same clause as the accusation or threat
        confidence = _confidence(trigger, verb=verb, modality=modality, framed=inside)
        event = ArEvent(hit, trigger, source, target, negated, modality, confidence)
        occurred = modality == "occurred" and not inside
        rank = (int(occurred), (source is not None) + (target is not None), int(verb), -hit.first)
        if trigger.plover not in best or rank > best[trigger.plover][0]:
            best[trigger.plover] = (rank, event)
        if framed is None and trigger.plover in _FRAMES:
            framed = hit.first
    return sorted((event for _, event in best.values()), key=lambda e: e.hit.first)
