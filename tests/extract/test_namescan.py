"""The name scan replays pyahocorasick's leftmost-longest ``iter_long`` exactly."""

from __future__ import annotations

import random

import ahocorasick
import pytest

from truce.extract.namescan import Found, NameScanner, SortedNames, Value, longest_name


def _automaton(names: dict[str, Value]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name, value in names.items():
        automaton.add_word(name, value)
    automaton.make_automaton()
    return automaton


def _scanner(names: dict[str, Value]) -> NameScanner:
    return NameScanner(SortedNames(names), longest=longest_name(names))


@pytest.mark.parametrize(
    ("names", "text"),
    [
        ([" new york city", " york"], " in new york town"),  # a dead end hides " york"
        ([" al", " aleppo", " al bab"], " al bab and aleppo and al"),
        ([" ", "  a a a", "  bb  "], "b aa   ab babbaabaaa  aaa"),
        ([" b", " babb", "    bbb", "   a "], "   b abb     baa b b a aabbb"),
        ([" la", " las", " las vegas", " vegas"], " las vegan las vegas"),
    ],
)
def test_the_scan_finds_what_the_automaton_finds(names: list[str], text: str) -> None:
    values = {name: (name.strip(), len(name)) for name in names}
    for start in range(len(text)):
        expected = list(_automaton(values).iter_long(text, start))
        assert list(_scanner(values).iter_long(text, start)) == expected


def test_the_scan_matches_the_automaton_on_random_names_and_texts() -> None:
    rnd = random.Random(11)
    for _ in range(3000):
        names = {
            " " + "".join(rnd.choice(" ab") for _ in range(rnd.randint(0, 6))): ("k", 0)
            for _ in range(rnd.randint(1, 8))
        }
        values = {name: (name, len(name)) for name in names}
        text = "".join(rnd.choice(" ab") for _ in range(rnd.randint(1, 30)))
        start = rnd.randrange(len(text))
        expected = list(_automaton(values).iter_long(text, start))
        assert list(_scanner(values).iter_long(text, start)) == expected


def test_a_long_run_switches_to_the_automaton_with_the_same_matches() -> None:
    values = {name: (name.strip(), len(name)) for name in (" homs", " hama", " homs road")}
    loaded: list[bool] = []

    def load() -> ahocorasick.Automaton:
        loaded.append(True)
        return _automaton(values)

    scanner = NameScanner(
        SortedNames(values), longest=longest_name(values), load_automaton=load, switch_after=40
    )
    texts = [" the homs road near hama", " from homs to hama", " hama and homs road"]
    found = [list(scanner.iter_long(text)) for text in texts]
    assert loaded == [True]
    assert found == [list(_automaton(values).iter_long(text)) for text in texts]


class _NoIndex:
    def look_up(self, starts: object) -> list[Found]:
        raise AssertionError("the scan was replayed")


def test_a_scanner_loaded_ahead_uses_the_automaton_from_the_first_text() -> None:
    values = {name: (name.strip(), len(name)) for name in (" homs", " homs road")}
    loaded: list[bool] = []

    def load() -> ahocorasick.Automaton:
        loaded.append(True)
        return _automaton(values)

    scanner = NameScanner(_NoIndex(), longest=longest_name(values), load_automaton=load)
    scanner.load()
    scanner.load()
    text = " the homs road"
    assert list(scanner.iter_long(text)) == list(_automaton(values).iter_long(text))
    assert loaded == [True]
