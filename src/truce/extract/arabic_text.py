"""Arabic text made matchable: folded letters, words with their clitics stripped, sentences.

``normalise(text)`` drops diacritics and tatweel, folds alef forms (أ إ آ ٱ → ا), ta marbuta
(ة → ه), alef maqsura (ى → ي), hamza seats (ؤ → و, ئ → ي) and Arabic-Indic digits (٣ → 3),
and keeps, for every character it returns, its offset in the text as read, so a match in the
folded text becomes a span of the original. ``stems(word)`` gives the word and the forms left
when its proclitics are removed (و ف, then ب ل ك, then the article ال or لل), which is how a
lexicon written without clitics finds "وبالقصف" (and by the shelling) as قصف. The lexicon
(``truce/data/arabic_lexicon.yaml``) is loaded on first use and folded the same way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from truce.data import load_yaml

_DROP = frozenset([*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640])
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "،": ",", "؛": ";", "؟": "?",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}  # fmt: skip
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?؟]+[\"'»”)]*(?=\s|$)|\n+")
CONJUNCTIONS = ("و", "ف")
PRONOUNS = ("هما", "هم", "هن", "ها", "ه", "كم", "نا")  # object and possessive endings
PREPOSITIONS = ("ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and, for each of its characters, the offset of the original character."""

    text: str
    offsets: tuple[int, ...]  # one more than len(text): the end of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``[start, end)`` (with the diacritics of its last letter)."""
        return self.offsets[start], self.offsets[end]


def normalise(text: str) -> Folded:
    chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        if ord(ch) in _DROP:
            continue
        chars.append(_FOLD.get(ch, ch))
        offsets.append(index)
    offsets.append(len(text))
    return Folded("".join(chars), tuple(offsets))


def fold_word(word: str) -> str:
    """A lexicon word folded like text (spaces collapsed)."""
    return " ".join(normalise(word).text.split())


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # in the folded text
    end: int
    word: str
    stems: tuple[str, ...]
    forms: tuple[str, ...]  # the stems and, after them, the stems without a pronoun ending


def _strip(words: list[str], prefixes: tuple[str, ...], *, keep: int) -> list[str]:
    found = list(words)
    for word in words:
        for prefix in prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= keep:
                found.append(word[len(prefix) :])
    return found


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word, then the forms without its proclitics, most stripped last (no duplicates)."""
    forms = _strip([word], CONJUNCTIONS, keep=2)
    forms = _strip(forms, PREPOSITIONS, keep=2)
    forms = _strip(forms, ("ال", "لل"), keep=2)
    return tuple(dict.fromkeys(forms))


@functools.lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, ...]:
    """:func:`stems`, then each stem without a pronoun ending ("هاجمتهم" → هاجمت)."""
    found = list(stems(word))
    for stem in stems(word):
        found.extend(
            stem[: -len(p)] for p in PRONOUNS if stem.endswith(p) and len(stem) - len(p) >= 3
        )
    return tuple(dict.fromkeys(found))


def tokens(folded: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``folded[start:end]`` with their stems."""
    stop = len(folded) if end is None else end
    return [
        Token(m.start(), m.end(), m.group(), stems(m.group()), forms(m.group()))
        for m in _WORD.finditer(folded, start, stop)
    ]


def sentences(folded: str) -> list[tuple[int, int]]:
    """Sentence bounds in the folded text: at . ! ? ؟ and line breaks."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(folded):
        if folded[start : match.end()].strip():
            found.append((start, match.end()))
        start = match.end()
    if folded[start:].strip():
        found.append((start, len(folded)))
    return [(s + len(folded[s:e]) - len(folded[s:e].lstrip()), e) for s, e in found]


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon phrase found at tokens ``[first, last]``."""

    first: int
    last: int
    phrase: str


def phrase_index(phrases: Any) -> dict[str, list[tuple[str, ...]]]:
    """Phrases (folded strings) by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    for found in index.values():
        found.sort(key=len, reverse=True)
    return index


def find_phrases(toks: list[Token], index: dict[str, list[tuple[str, ...]]]) -> list[Hit]:
    """Every phrase of ``index`` in ``toks``, longest at each position, not overlapping."""
    hits: list[Hit] = []
    i = 0
    while i < len(toks):
        hit = phrase_at(toks, i, index)
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        i = hit.last + 1
    return hits


def phrase_at(toks: list[Token], i: int, index: dict[str, list[tuple[str, ...]]]) -> Hit | None:
    """The longest phrase of ``index`` starting at token ``i`` (clitics stripped), or None."""
    for stem in toks[i].forms:
        for words in index.get(stem, ()):
            end = i + len(words)
            if end <= len(toks) and all(
                w in toks[j].stems for w, j in zip(words[1:], range(i + 1, end), strict=True)
            ):
                return Hit(i, end - 1, " ".join(words))
    return None


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The packaged Arabic lexicon, every word folded (see the module docstring)."""
    raw = load_yaml(
        resources.files("truce.data").joinpath("arabic_lexicon.yaml").read_text(encoding="utf-8")
    )
    folded: dict[str, Any] = _folded(raw)
    return folded


def _folded(value: Any) -> Any:
    if isinstance(value, str):
        return fold_word(value)
    if isinstance(value, list):
        return [_folded(v) for v in value]
    if isinstance(value, dict):
        return {(fold_word(k) if isinstance(k, str) else k): _folded(v) for k, v in value.items()}
    return value
