"""Which language a report is written in, from its script and its commonest words.

``detect_language(text)`` returns an ISO 639-1 code: ``ar`` when at least half the letters are
Arabic script, ``ru`` for Cyrillic, and for Latin script the language whose function words are
most frequent among English, French, Spanish and German (``en`` unless another clearly leads);
``und`` (undetermined) when the text has no letters. It reads at most the first 20,000
characters, which is plenty to decide and keeps long documents cheap.
"""

from __future__ import annotations

import re

SAMPLE = 20_000
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


def _script(ch: str) -> str | None:
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if ch.isascii() or 0x00C0 <= code <= 0x024F:
        return "latin"
    return "other"


def script_shares(text: str) -> dict[str, float]:
    """The share of each script among the letters of ``text`` (empty when it has none)."""
    counts: dict[str, int] = {}
    for ch in text[:SAMPLE]:
        if ch.isalpha():
            script = _script(ch) or "other"
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    return {script: n / total for script, n in counts.items()} if total else {}


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
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE])]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(hits, key=lambda lang: hits[lang])
    return best if hits[best] > 1.5 * hits["en"] else "en"
