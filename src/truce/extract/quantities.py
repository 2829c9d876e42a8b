"""Quantities: counts, rates, approximations and bounds ("over 120 fighters", "three a day").

``unit`` is what is counted, singular ("agreement", "fighter", "person killed"); a rate with no
noun of its own ("about three a day") counts what the sentence's previous quantity counted.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from truce import lexicon
from truce.extract.fold import match_text, search_upto, word_automaton

NUMBER_WORDS = {**lexicon.NUMBER_WORDS, **lexicon.VAGUE_NUMBERS}
BOUNDS = {
    "over": "at least",
    "more than": "at least",
    "at least": "at least",
    "upwards of": "at least",
    "about": "about",
    "around": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "up to": "at most",
    "fewer than": "at most",
    "less than": "at most",
    "no more than": "at most",
    "at most": "at most",
}
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_BOUND = "|".join(sorted((re.escape(b) for b in BOUNDS), key=len, reverse=True))
PATTERN = re.compile(
    rf"\b(?:(?P<bound>{_BOUND})\s+)?(?P<num>{_NUM})"
    r"(?:[ \t]+(?P<mult>million|billion|thousand))?(?:\s+of)?[ \t]+"
    rf"(?:(?P<rate>a|per|each|every)\s+(?P<per>day|week|month|year)\b"
    rf"|(?P<unit>(?:[a-z][\w-]*[ \t]+){{0,4}}[a-z][\w-]*)(?=[\s,.;:)]|$)(?:\s+(?P<killed>were killed|killed|dead|died|wounded|injured))?"  # noqa: E501
    rf"(?:\s+(?:a|per|each|every)\s+(?P<per2>day|week|month|year)\b)?)",
    re.IGNORECASE,
)
_STOP = frozenset(
    [
        "of",
        "in",
        "at",
        "on",
        "to",
        "from",
        "with",
        "by",
        "were",
        "was",
        "have",
        "has",
        "had",
        "since",
        "and",
        "or",
        "for",
        "as",
        "that",
        "who",
        "which",
        "the",
        "a",
        "an",
        "is",
        "are",
        "been",
        "be",
        "this",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "people's",
        # verbs: "one commander said", "one admitted anything" count nothing
        "said",
        "says",
        "told",
        "announced",
        "signed",
        "admitted",
        "confirmed",
        "confirms",
        "reported",
        "met",
        "would",
        "will",
        "could",
        "can",
        "may",
        "hurt",
    ]
)
_SPEAKS = re.compile(r"\s+(?:said|says|told|added|noted|stressed|insisted)\b")
_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_CLOCK = re.compile(r"[:.]\d|\d[:.]$")  # 13:40, 10.45 pm: a time of day, not a count
_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "civilians": "civilian",
}
_NOT_UNITS = frozenset(
    {
        "years",
        "year",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "percent",
        "per",
        "times",
        "hours",
        "km",
        "kilometres",
        "miles",
        "metres",
        "am",
        "pm",
        "gmt",
        "utc",
    }
)


@dataclass(frozen=True, slots=True)
class QuantityFound:
    start: int
    end: int
    value: float
    approximate: bool
    bound: str
    unit: str
    per: str | None


def singular(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ses", "xes", "ches", "shes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def _unit(raw: str) -> tuple[str, int] | None:
    """The counted noun of ``raw`` (its first plural, else its last word) and where it ends."""
    words: list[re.Match[str]] = []
    for word in re.finditer(r"\S+", raw):
        if word.group().lower() in _STOP and word.group().lower() != "and":
            break
        words.append(word)
    while words and words[-1].group().lower() == "and":
        words.pop()
    if not words or words[0].group().lower() in {"am", "pm"}:
        return None
    plural = [w for w in words if w.group().lower() in _IRREGULAR or w.group().endswith("s")]
    head = plural[0] if plural else words[-1]
    text = head.group()
    if text.lower() in _NOT_UNITS or not text.isalpha() or text.isupper():
        return None
    return singular(text), head.end()


def _value(token: str) -> float:
    lower = token.lower().replace(",", "")
    if lower in NUMBER_WORDS:
        return float(NUMBER_WORDS[lower])
    return float(lower)


def find_quantities(
    text: str,
    *,
    skip: list[tuple[int, int]],
    start: int = 0,
    end: int | None = None,
    matched: str | None = None,
) -> list[QuantityFound]:
    """Every quantity in ``text[start:end]`` except those inside ``skip`` spans (dates)."""
    found: list[QuantityFound] = []
    spans = sorted(skip)
    starts = [a for a, _ in spans]
    for match in _scan(text, start, len(text) if end is None else end, matched):
        s = match.start()
        index = bisect.bisect_right(starts, match.start("num")) - 1
        if index >= 0 and match.start("num") < spans[index][1]:
            continue
        num = match.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num) and not match.group("rate"):
            continue
        if _CLOCK.search(text, max(0, match.start("num") - 2), match.start("num")):
            continue
        bound_word = (match.group("bound") or "").lower()
        bound = BOUNDS.get(bound_word, "exact")
        vague = num.lower() in {"dozens", "hundreds", "scores", "thousands"}
        if match.group("rate"):
            previous = [q for q in found if q.end <= s]
            unit = previous[-1].unit if previous else "event"
            e = match.end()
            per = match.group("per").lower()
        else:
            found_unit = _unit(match.group("unit") or "")
            if found_unit is None:
                continue
            unit_text, cut = found_unit
            if match.group("killed"):
                unit_text = f"{unit_text} {match.group('killed').split()[-1].lower()}"
            unit = unit_text
            e = match.end() if match.group("killed") or match.group("per2") else match.end("unit")
            if not (match.group("killed") or match.group("per2")):
                e = match.start("unit") + cut
            per = match.group("per2").lower() if match.group("per2") else None
            if num.lower() == "one" and _SPEAKS.match(text, e):
                continue  # "one commander said": a person, not a count
        found.append(
            QuantityFound(
                s,
                e,
                _value(num) * _MULTIPLIERS.get((match.group("mult") or "").lower(), 1),
                bound != "exact" or vague,
                "about" if vague and bound == "exact" else bound,
                unit,
                per,
            )
        )
    return found


@functools.lru_cache(maxsize=1)
def _anchors() -> Any:
    return word_automaton([*"0123456789", *NUMBER_WORDS])


def _scan(text: str, start: int, stop: int, matched: str | None) -> list[re.Match[str]]:
    """PATTERN's matches, searched only in windows around numbers (fast)."""
    found: list[re.Match[str]] = []
    last_end = start
    if matched is None or start != 0 or stop != len(text):
        matched = match_text(text[start:stop])
    for end_index, (_, length) in _anchors().iter(matched):
        anchor = start + end_index - length + 1
        if anchor < last_end:
            continue
        hi = min(stop, anchor + 90)  # a match starting after the anchor has another number
        match = search_upto(PATTERN, text, start=max(last_end, anchor - 16), last=anchor, end=hi)
        while match is not None and match.start("num") < anchor:
            match = search_upto(PATTERN, text, start=match.end(), last=anchor, end=hi)
        if match is not None and match.start("num") == anchor:
            found.append(match)
            last_end = match.end()
    return found
