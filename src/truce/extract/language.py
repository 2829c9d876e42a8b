"""Which language a report is written in, from its script and its commonest words.

``detect_language(text)`` returns an ISO 639-1 code: ``ar`` when at least half the letters are
Arabic script, ``ru`` for Cyrillic, and for Latin script the language whose function words are
most frequent among English, French, Spanish and German (``en`` unless another clearly leads);
``und`` (undetermined) when the text has no letters. It counts scripts over the first 20,000
characters and function words over the first 3,000, which is plenty to decide and keeps long
documents cheap.
"""

from __future__ import annotations

import re
import string
from collections import Counter

SAMPLE = 20_000
WORD_SAMPLE = 3_000  # function words: a few hundred words decide
_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = {
    "en": "the of and to in a is was were said that for on with by "
    "from at it has have had an be are this which after",
    "fr": "le la les des du de et est une un dans pour que qui sur au "
    "aux par pas avec ont été a selon",
    "es": "el la los las del de y en que por un una con para se es fue han según al su sus",
    "de": "der die das und ist nicht mit den dem des ein eine im zu von auf sich wurde sind nach",
}
FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}


_SCRIPTS = {
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "latin": re.compile("[a-zA-Z\u00c0-\u024f]"),
}
_LETTER = re.compile(r"[^\W\d_]")


def script_shares(text: str) -> dict[str, float]:
    """The share of each script among the letters of ``text`` (empty when it has none)."""
    sample = text[:SAMPLE]
    # ASCII letters are all Latin: they are counted at once, the other letters one by one.
    ascii_part = sample.encode("ascii", "ignore")
    ascii_letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    rest = "".join(_NON_ASCII.findall(sample))
    total = ascii_letters + len(_LETTER.findall(rest))
    if not total:
        return {}
    shares = {name: len(pattern.findall(rest)) / total for name, pattern in _SCRIPTS.items()}
    shares["latin"] = (ascii_letters + len(_SCRIPTS["latin"].findall(rest))) / total
    shares["other"] = max(0.0, 1.0 - sum(shares.values()))
    return {name: share for name, share in shares.items() if share > 0}


_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def detect_language(text: str) -> str:
    """``ar``, ``ru``, ``en``, ``fr``, ``es``, ``de`` or ``und`` (see the module docstring)."""
    shares = script_shares(text)
    if not shares:
        return "und"
    if shares.get("arabic", 0.0) >= 0.5:
        return "ar"
    if shares.get("cyrillic", 0.0) >= 0.5:
        return "ru"
    if shares.get("latin", 0.0) < 0.5:
        return "und"
    counts = Counter(map(str.lower, _WORD.findall(text[:WORD_SAMPLE])))
    hits = {lang: sum(counts[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(hits, key=lambda lang: hits[lang])
    return best if hits[best] > 1.5 * hits["en"] else "en"
