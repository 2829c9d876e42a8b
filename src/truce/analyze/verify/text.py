"""Text cues for statement verification: words, lexical overlap, negation and antonyms.

Pure and dependency-free. The stemmer is deliberately crude (it strips a few English endings) —
enough to match "accepted" with "accepts" and "denied" with "deny" (docs/verify.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[-–—]\s)\s*")
_REPORTING = (
    r"(?:said|says|told\s+\w+|warned|stated|announced|claimed|insisted|added|stressed|argued|"
    r"declared|noted|asserted|maintained|affirmed|confirmed)"
)
_LEAD_FRAME = re.compile(rf"^[^,;:.!?\"“]{{1,80}}?\b{_REPORTING}\s+(?:that\s+)?", re.IGNORECASE)
_TAIL_FRAME = re.compile(rf",\s*[^,;:!?\"”]{{1,60}}\b{_REPORTING}\.?$", re.IGNORECASE)
_NOT_NEGATIONS = re.compile(
    r"\b(?:no doubt|not only|nothing but|no less than|not least|none other than)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[\"'“‘A-Z0-9])")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _word_set(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those there here he she they we you i me him her them us our your
    their his my has have had do does did will would shall should can could may might must
    so than then too very just also about into over after before between during out up down
    what which who whom whose when where why how all any both each few more most other some
    such only own same s t said says say told"""
)
NEGATIONS = _word_set(
    """not no never none nobody nothing neither nor without cannot n't deny denies denied
    denying nowhere"""
)
# Opposites: a statement using one word and attributed words using the other disagree.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("accept", "reject"),
    ("agree", "disagree"),
    ("confirm", "refut"),
    ("support", "oppose"),
    ("allow", "forbid"),
    ("allow", "ban"),
    ("permit", "prohibit"),
    ("increase", "decrease"),
    ("rise", "fall"),
    ("start", "stop"),
    ("begin", "end"),
    ("open", "close"),
    ("win", "lose"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("true", "false"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("present", "absent"),
    ("respect", "violat"),
    ("observ", "violat"),
    ("hold", "collaps"),
    ("resume", "suspend"),
    ("withdraw", "deploy"),
    ("possible", "impossible"),
    ("welcome", "condemn"),
    ("praise", "condemn"),
    ("trust", "distrust"),
    ("attend", "boycott"),
    ("lift", "impose"),
    ("responsible", "innocent"),
    ("progress", "stalemate"),
    ("strengthen", "weaken"),
    ("ally", "enemy"),
    ("safe", "dangerous"),
    ("always", "never"),
    ("deliberate", "accidental"),
    ("deliberate", "mistake"),
    ("deliberate", "error"),
    ("purpose", "mistake"),
    ("purpose", "accident"),
    ("intentional", "accidental"),
)
_SUFFIXES = ("ations", "ation", "ingly", "ings", "ing", "ed", "es", "s", "ly")


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem: 'accepted' → 'accept', 'denies' and 'denied' → 'deny'."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("n't"):
        return "n't"
    if word.endswith(("ied", "ies")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case word tokens, with "didn't" split as "did" + "n't"."""
    folded = text.lower().replace("\u2019", "'")
    tokens = []
    for token in _WORD.findall(folded):
        if token.endswith("n't"):
            tokens.extend([token[:-3] or token, "n't"])
        else:
            tokens.append(token)
    return tokens


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS}


def sentences(text: str) -> list[str]:
    """The text's sentences (the text itself when it is one sentence)."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p.strip()]
    return parts or [text.strip()]


def lexical_overlap(attributed: str, recorded: str) -> float:
    """Share of the attributed words' content stems found in the recorded words, blended with
    their Dice coefficient so a short recorded sentence cannot match everything."""
    a, r = content_stems(attributed), content_stems(recorded)
    if not a or not r:
        return 0.0
    common = len(a & r)
    return 0.5 * common / len(a) + 0.5 * (2 * common / (len(a) + len(r)))


def clauses(text: str) -> list[str]:
    """The text cut at commas, semicolons, colons and dashes."""
    parts = [p.strip() for p in _CLAUSE.split(text) if p.strip()]
    return parts or [text]


def is_negated(text: str, *, about: str | None = None) -> bool:
    """A negation in the text; with ``about``, only in the clause(s) sharing the most content
    words with it. Idioms that negate nothing ("no doubt", "not only") do not count."""
    parts = clauses(_NOT_NEGATIONS.sub(" ", text.lower()))
    if about is not None:
        topic = content_stems(about)
        shared = [len(content_stems(clause) & topic) for clause in parts]
        parts = [c for c, n in zip(parts, shared, strict=True) if n and n == max(shared)]
    return any(w in NEGATIONS for clause in parts for w in words(clause))


def strip_frame(text: str) -> str:
    """The reported words without their reporting frame: "Lavrov said (that) X" → "X",
    "X, the envoy warned." → "X". Only short frames (up to eight words) are removed."""
    stripped = text.strip()
    lead = _LEAD_FRAME.match(stripped)
    if lead and len(lead.group(0).split()) <= 9:
        stripped = stripped[lead.end() :]
    tail = _TAIL_FRAME.search(stripped)
    if tail and len(tail.group(0).split()) <= 8:
        stripped = stripped[: tail.start()]
    stripped = stripped.strip(' ,"“”')
    return stripped[:1].upper() + stripped[1:] if stripped else text


@functools.lru_cache(maxsize=1)
def _antonym_stems() -> tuple[tuple[str, str], ...]:
    return tuple((stem(a), stem(b)) for a, b in ANTONYMS)


def _has(stems: set[str], prefix: str) -> bool:
    """A stem equal to ``prefix``, or (both at least four letters) one starting the other."""
    return any(
        s == prefix
        or (len(prefix) >= 4 and len(s) >= 4 and (s.startswith(prefix) or prefix.startswith(s)))
        for s in stems
    )


def antonym_clashes(attributed: str, recorded: str) -> list[str]:
    """Opposite pairs where one side uses one word and the other side its opposite only."""
    a = {stem(w) for w in words(attributed)}
    r = {stem(w) for w in words(recorded)}
    found = []
    for left, right in _antonym_stems():
        one = _has(a, left) and _has(r, right) and not _has(r, left) and not _has(a, right)
        two = _has(a, right) and _has(r, left) and not _has(r, right) and not _has(a, left)
        if one or two:
            found.append(f"{left}/{right}")
    return found


def polarity_flips(attributed: str, recorded: str) -> tuple[bool, bool, list[str]]:
    """(negation mismatch, flipped overall, antonym clashes): two opposite cues cancel out
    ("did not reject" agrees with "accepted")."""
    negation = is_negated(attributed, about=recorded) != is_negated(recorded, about=attributed)
    clashes = antonym_clashes(attributed, recorded)
    return negation, negation != (len(clashes) % 2 == 1), clashes


def best_unit(units: Sequence[str], scores: Sequence[float]) -> tuple[int, float]:
    best = max(range(len(units)), key=lambda i: scores[i])
    return best, scores[best]
