import re

import pytest

from truce.extract.context import WordPattern, may_hold

_DENY_WORDS = ("denied", "dismissed")
_DENY = re.compile(r"\b(?:denied|dismissed)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("The army DENIED it.", True),  # any case, as the pattern reads it
        ("The army said it fired back.", False),
        ("The army deni\u0307ed it.", True),  # beyond ASCII: left to the pattern
        ("The army di\u017fmi\u017f\u017fed it.", True),  # "ſ": the pattern reads an "s"
    ],
)
def test_a_sentence_is_searched_unless_it_cannot_hold_the_words(text: str, held: bool) -> None:
    assert may_hold(text, _DENY_WORDS) is held
    if not held:
        assert _DENY.search(text) is None


def test_the_long_s_really_is_an_s_to_a_case_insensitive_pattern() -> None:
    assert _DENY.search("The army di\u017fmi\u017f\u017fed it.") is not None


def test_only_the_span_asked_for_is_read() -> None:
    text = "They denied it. Then they left."
    assert may_hold(text, _DENY_WORDS, lo=0, hi=15)
    assert not may_hold(text, _DENY_WORDS, lo=16)


@pytest.mark.parametrize(
    "text",
    [
        "They denied it, then DISMISSED the report.",
        "They said nothing.",
        "The army di\u017fmi\u017f\u017fed it.",
        "Undenied claims.",  # the words inside another word: held, but no match
    ],
)
def test_a_word_pattern_finds_what_its_pattern_finds(text: str) -> None:
    guarded = WordPattern(_DENY, _DENY_WORDS)
    assert [m.span() for m in guarded.finditer(text, 0, len(text))] == [
        m.span() for m in _DENY.finditer(text)
    ]
    found, expected = guarded.search(text, 5), _DENY.search(text, 5)
    assert (found and found.span()) == (expected and expected.span())
