"""Matching helpers of ``truce.extract.fold``."""

from __future__ import annotations

import re

import pytest

from truce.extract.fold import find_words, match_text, search_upto, word_automaton

_WORD = re.compile(r"\b[a-z]+\b")


@pytest.mark.parametrize(
    ("start", "last", "end", "expected"),
    [
        (0, 10, 20, (0, 3)),  # "the"
        (1, 10, 20, (4, 7)),  # "cat": a word boundary seen before ``start`` too
        (5, 7, 20, None),  # "sat" starts at 8: after ``last``
        (5, 8, 20, (8, 11)),
        (5, 8, 10, (8, 10)),  # cut at ``end`` as a search is
        (13, 20, 20, None),
    ],
)
def test_search_upto_finds_what_a_search_finds_when_it_starts_in_time(
    start: int, last: int, end: int, expected: tuple[int, int] | None
) -> None:
    text = "the cat sat, 1"
    found = search_upto(_WORD, text, start=start, last=last, end=end)
    assert (found.span() if found else None) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The united states displaced people", ["united states"]),
        ("Displaced people left Aleppo", ["aleppo"]),
        ("The dis was heard in Aleppo", ["dis", "aleppo"]),
        ("The unit left; the un was there", ["the un"]),
    ],
)
def test_find_words_keeps_whole_words_and_what_a_key_stopping_in_a_word_would_hide(
    text: str, words: list[str]
) -> None:
    automaton = word_automaton(["the un", "united states", "dis", "aleppo"])
    matched = match_text(text)
    assert [word for _, _, word in find_words(automaton, matched)] == words
