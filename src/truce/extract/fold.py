"""Length-preserving text folding, so matches in folded text keep their offsets in the original.

``fold("Ḩalab — Deir ez‑Zor")`` lower-cases, strips accents and unifies dashes and quotes one
character for one character; dictionary keys are folded the same way (and their spaces
collapsed), so an automaton built over keys finds them in ``fold(text)`` at the right offsets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

_SPACES = re.compile(r"\s+")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = "\u2018\u2019\u02bc\u02bb\u0060\u00b4\u02be\u02bf"


def _fold_char(ch: str) -> str:
    if ch in _DASHES:
        return "-"
    if ch in _QUOTES:
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    folded = base.casefold()
    if len(folded) == 1:
        return folded
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


@functools.lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The translation table (built on first use)."""
    table: dict[int, str] = {}
    for code in [*range(ord("A"), ord("Z") + 1), *range(0x80, 0x2100)]:
        ch = chr(code)
        if unicodedata.category(ch).startswith("C"):
            continue
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """``text`` folded character by character (same length, same offsets)."""
    return text.translate(fold_table())


def fold_key(name: str) -> str:
    """A dictionary key: folded, spaces collapsed, trimmed."""
    return _SPACES.sub(" ", fold(name)).strip()


_NON_WORD = re.compile(r"[^\w'\-]")


def match_text(text: str) -> str:
    """``fold(text)`` with punctuation blanked and a leading space (offsets shift by one).

    Automaton keys made by :func:`match_key` start with a space, so a leftmost-longest scan
    can only start a match at the beginning of a word.
    """
    return " " + _NON_WORD.sub(" ", fold(text))


def match_key(name: str) -> str:
    """The automaton key for a dictionary name (see :func:`match_text`)."""
    return " " + _SPACES.sub(" ", _NON_WORD.sub(" ", fold(name))).strip()


def word_automaton(words: Iterable[str]) -> Any:
    """An automaton over ``match_key(word)`` for each word; the value is (word, key length)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        key = match_key(word)
        automaton.add_word(key, (word, len(key)))
    automaton.make_automaton()
    return automaton


def whole_words(automaton: Any, matched: str) -> Iterator[tuple[int, Any]]:
    """``automaton.iter_long(matched)`` restricted to matches that end at a word end.

    A leftmost-longest scan consumes what it matched: a key that stops inside a word ("the un"
    in "the united states") would hide a key starting inside it ("united states"). Such a
    match is dropped and the scan resumes right after its start. Values end with the key length.

    Keys start with a space, so a scan resumed inside a key of one word ("the dis" in "the
    displaced") finds nothing before the key's end, just where the scan goes on anyway: only a
    key of several words needs the scan started again.
    """
    size, pos = len(matched), 0
    while True:
        for end_index, value in automaton.iter_long(matched, pos):
            if end_index + 1 < size and matched[end_index + 1].isalnum():
                start = end_index - value[-1] + 1
                if matched.find(" ", start + 1, end_index + 1) < 0:
                    continue
                pos = start + 1
                break
            yield end_index, value
        else:
            return


def find_words(automaton: Any, matched: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each whole-word, leftmost-longest match in ``matched``'s text."""
    found = []
    for end_index, (word, length) in whole_words(automaton, matched):
        start, end = end_index - length + 1, end_index
        if end + 1 < len(matched) and matched[end + 1].isalnum():
            continue
        found.append((start, end, word))
    return found


def search_upto(
    pattern: re.Pattern[str], text: str, *, start: int, last: int, end: int
) -> re.Match[str] | None:
    """``pattern.search(text, start, end)``'s match when it starts at ``last`` or before, else
    None. Tried position by position: a scan that wants matches only near an anchor word then
    skips the rest of its window, where a search would try every position (in a window of 46
    characters around a date's anchor, 30 of them)."""
    for at in range(start, last + 1):
        match = pattern.match(text, at, end)
        if match is not None:
            return match
    return None


_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


def lower_case_words(text: str) -> set[str]:
    """The words ``text`` writes in lower case (a capitalised word the document also writes so
    is a common word, not a name)."""
    return set(_LOWER_WORD.findall(text))
