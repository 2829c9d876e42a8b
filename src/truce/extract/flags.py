"""The fast lexical pass: which sentences are worth the syntactic parse.

A sentence is parsed only when a rule on the parse can start from it. Its words (lower case,
whole words, never prefixes) are looked up in sets built once from the PLOVER lexicon:

- an event word: an inflected form of a lexicon verb ("shelled", "fought") or a lexicon noun
  or its plural ("clashes"), or a multi-word entry ("martial law"); not a participle written
  only after a determiner ("the besieged districts"), an adjective no rule reads as an event,
  unless the surface rules would read it as one ("the shelled hospital");
- a verb that is an event only with a partner word, when that word is in the sentence too
  ("gave … aid", "lifted the siege", "pulled out", "signed … agreement");
- a speech verb with what it reports: a quotation mark, "that", or "according to";
- a death or casualty word ("died", "casualties");
- an agreement word ("ceasefire", "truce", "deal").

"The talks went well" is parsed ("talks"); "The minister spoke on Tuesday", "The population
was 5,000 in 2010" and "About 40 families arrived" are not: no rule on the parse starts from a
number (counts and tolls are read on the surface, ``quantities.py``, ``events.fatalities_in``).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

from truce.data import packaged_yaml
from truce.extract.plover import _ENDING, _OBJECTS, _PARTICLES, _PREP_OK, load_plover

_IRREGULAR = {
    "fight": "fought", "strike": "struck stricken", "shoot": "shot", "meet": "met",
    "seek": "sought", "give": "gave given", "send": "sent", "freeze": "froze frozen",
    "hit": "hit", "blow": "blew blown", "beat": "beat beaten", "slay": "slew slain",
    "withdraw": "withdrew withdrawn", "undertake": "undertook undertaken", "forgive": "forgave",
    "overrun": "overran", "cut": "cut", "lead": "led", "shell": "shelled shelling",
    "break": "broke broken",
}  # fmt: skip
_AGREEMENT = (
    "ceasefire ceasefires cease-fire truce truces deal deals pact treaty accord agreement "
    "agreements armistice cessation reconciliation evacuation surrender pause de-escalation "
    "deconfliction memorandum roadmap"
)
_CASUALTY = "died dead death deaths casualties casualty bodies wounded injured killed"
_SPEECH_FORMS = (
    "said says say saying told tells tell announced stated declared declares insisted insists "
    "reiterated added adds stressed claimed reported wrote confirmed confirms indicated warned "
    "warns denied denies admitted acknowledged according"
)  # not "reports", "claims", "states", "calls": nouns far more often
_NAMING = frozenset({"called", "calls", "described", "describes", "termed", "dubbed"})  # quoted
_TIES_WORDS = (
    "relation relations tie ties contact contacts link links cooperation mediation aid "
    "negotiation negotiations dialogue"
)
_TIES = frozenset(_TIES_WORDS.split())
_QUOTES = frozenset('"“”«»‘')  # not ’, which is mostly an apostrophe
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
# Lexicon verbs that are other words far more often ("back" the adverb, "fast" the adjective):
# only their verb forms flag.
_AMBIGUOUS = {"back", "fast", "free", "round", "target", "press", "mass", "call", "help",
              "return", "charge", "host", "ship", "share", "partner", "fire", "cut", "block",
              "rocket", "mortar", "march", "ally", "pound", "supply"}  # fmt: skip


def _forms(lemma: str) -> set[str]:
    """A verb's inflected forms (over-generated: a form that is no word never matches)."""
    forms = {lemma, f"{lemma}s", f"{lemma}es", f"{lemma}ed", f"{lemma}d", f"{lemma}ing"}
    if lemma.endswith("e"):
        forms.add(f"{lemma[:-1]}ing")
    if lemma.endswith("y"):
        forms |= {f"{lemma[:-1]}ied", f"{lemma[:-1]}ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {f"{lemma}{lemma[-1]}ed", f"{lemma}{lemma[-1]}ing"}
    return forms


def _plural(noun: str) -> set[str]:
    if noun.endswith("y"):
        return {noun, f"{noun[:-1]}ies"}
    return {noun, f"{noun}s", f"{noun}es"}


@dataclass(frozen=True)
class FlagWords:
    events: frozenset[str]
    partners: dict[str, frozenset[str]]  # a verb form → the words that make it an event
    phrases: re.Pattern[str] | None
    speech: frozenset[str]
    casualty: frozenset[str]

    @functools.cached_property
    def starters(self) -> frozenset[str]:
        """Every word one of the checks but the phrases' starts from: a sentence without any
        is flagged only by a phrase."""
        return frozenset().union(self.events, self.partners, self.speech, self.casualty, _NAMING)


@functools.lru_cache(maxsize=1)
def flag_words() -> FlagWords:
    lexicon = load_plover()
    events: set[str] = set(_AGREEMENT.split())
    partners: dict[str, frozenset[str]] = {}

    def forms(lemma: str) -> set[str]:
        return _forms(lemma) | set(_IRREGULAR.get(lemma, "").split())

    for lemma, objects in _OBJECTS.items():
        words = frozenset().union(*(_plural(o) for o in objects), _PREP_OK.get(lemma, ()))
        for form in forms(lemma):
            partners[form] = words
    for lemma in _ENDING:  # "broke off relations", "suspended talks"
        for form in forms(lemma):
            partners.setdefault(form, _TIES)
    for lemma, particles in (*_PARTICLES.items(), *_PREP_OK.items()):
        if lemma in _OBJECTS:
            continue
        for form in forms(lemma):
            partners[form] = frozenset(particles)
    for lemma in lexicon.verbs:
        if lemma in _OBJECTS or lemma in _PARTICLES or lemma in _PREP_OK:
            continue
        found = forms(lemma)
        events |= found - {lemma, f"{lemma}s"} if lemma in _AMBIGUOUS else found
    phrases = []
    for noun in lexicon.nouns:
        if " " in noun:
            phrases.append(noun)
        else:
            events |= _plural(noun) - {"march"}  # the month, far more often
    pattern = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))
    return FlagWords(
        frozenset(events),
        partners,
        re.compile(rf"\b(?:{pattern})\b") if pattern else None,
        frozenset(_SPEECH_FORMS.split()),
        frozenset(_CASUALTY.split()),
    )


def flagged(text: str) -> bool:
    """The fast lexical pass: does the sentence hold a word a rule on the parse starts from?"""
    table = flag_words()
    lowered = text.lower()
    words = _WORD.findall(lowered)
    if table.starters.isdisjoint(words):
        return table.phrases is not None and table.phrases.search(lowered) is not None
    present = set(words) - _in_names(text)
    events = present & table.events
    if (events and events - _attributive(words)) or present & table.casualty:
        return True
    quoted = not _QUOTES.isdisjoint(text)
    if quoted and present & _NAMING:
        return True  # He called the plan "a turning point"
    for word in present & table.partners.keys():
        if present & table.partners[word]:
            return True
    if present & table.speech and _reports(words, table.speech, text):
        return True
    return table.phrases is not None and table.phrases.search(lowered) is not None


def _in_names(text: str) -> set[str]:
    """Words written capitalised inside the sentence, as part of a name ("the Syria Support
    Group", "Aid to the Church in Need"), unless most words are (a headline in title case)."""
    capitalised = [
        m.group(1)
        for m in _CAPITALISED.finditer(text)
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_,;")
    ]
    if len(capitalised) * 2 > len(text.split()):
        return set()
    return {w.lower() for w in capitalised}


# A capitalised word after a space, which follows a word character (``\w``: alphanumeric or
# "_"), a comma or a semicolon, as a lookbehind would say: a pattern that starts with its
# space is searched for far faster than one that starts with a lookbehind, tried everywhere.
_CAPITALISED = re.compile(r" ([A-Z][a-z]+)")


def _reports(words: list[str], speech: frozenset[str], text: str) -> bool:
    """A speech verb with what it reports: a quotation, "that", "according to", or a clause
    after the verb ("Azerbaijan said the missile was …"); not a trailing "…, a spokesman said",
    which the surface rules read."""
    if "that" in words or "according" in words or not _QUOTES.isdisjoint(text):
        return True
    return any(
        w in speech and len(words) - i > 3 and words[i + 1] not in _NOT_CLAUSE
        for i, w in enumerate(words)
    )


_NOT_CLAUSE = {"about", "of", "for", "with", "by", "at", "to", "against", "from"}  # "warned about"


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "this", "these", "those"])


def _attributive(words: list[str]) -> set[str]:
    """Participles written only right after a determiner ("the besieged districts"):
    adjectives, which no rule on the parse reads as an event. Not the surface rules' trigger
    words ("the shelled hospital"): a parse keeps those from being read as events."""
    pairs = list(itertools.pairwise([".", *words]))
    after = {w for p, w in pairs if p in _DETERMINERS and w.endswith(("ed", "en"))}
    if not after:
        return after
    after -= {w for p, w in pairs if p not in _DETERMINERS}
    return after - _trigger_words()


@functools.lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    """The surface rules' one-word triggers (``event_triggers.yaml``, read by ``events.py``)."""
    data: dict[str, Any] = packaged_yaml("event_triggers.yaml")
    return frozenset(w.lower() for item in data["triggers"] for w in item["words"] if " " not in w)
