"""The gazetteer's name scan without building an automaton: the same matches, found by looking
up only the stretches of text that begin a word.

The packaged gazetteer has 177,000 names. An Aho-Corasick automaton over all of them finds them
in one pass, but loading it takes longer than extracting a one-paragraph report, so the names
live in an index (:class:`SortedNames` in memory, or the SQLite cache of ``gazcache.py``) and
:class:`NameScanner` replays pyahocorasick's ``iter_long`` (leftmost-longest, non-overlapping)
on it, step for step, so the matches are exactly those the automaton gave.

The replay needs to know, of a stretch of the text, whether it begins some name (a node of the
automaton's trie) and whether it is a whole name. Every name starts with a space
(:func:`truce.extract.fold.match_key`), so only the stretches starting at a space qualify; for
each such position the index answers once: how far the text there follows some name (its
*depth*), and which of those lengths are whole names.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

# The automaton's value for a name: (the gazetteer key, the name's length), as gazetteer.py
# built it; the scan passes it through.
Value = tuple[str, int]
_SPACE = re.compile(" ")
# Characters scanned before loading the automaton (NameScanner): the replay costs about 4 µs a
# character and loading the packaged automaton about 150 ms of CPU, so a run switches when its
# replay has cost about what the load does.
SWITCH_AFTER = 40_000


Found = tuple[int, dict[int, Value]]  # how far a text follows some name; the names it starts with


class NameIndex(Protocol):
    """What the scan asks of the names, for all the word starts of a text at once."""

    def look_up(self, starts: Sequence[str]) -> list[Found]:
        """For each of ``starts``: how far it follows some name (the length of its longest
        start that starts a name), and the names it starts with, by their length."""
        ...


class SortedNames:
    """The names in memory, sorted, for small gazetteers (tests, ``Gazetteer.from_places``)."""

    def __init__(self, names: Mapping[str, Value]) -> None:
        self._names = dict(names)
        self._sorted = sorted(names)

    def look_up(self, starts: Sequence[str]) -> list[Found]:
        return [self._one(text) for text in starts]

    def _one(self, text: str) -> Found:
        at = bisect.bisect_left(self._sorted, text)
        near = self._sorted[max(0, at - 1) : at + 1]
        depth = max((common_start(text, name) for name in near), default=0)
        return depth, along(text, depth, self._names)


def along(text: str, depth: int, names: Mapping[str, Value]) -> dict[int, Value]:
    """The names among ``names`` that ``text`` starts with, none longer than ``depth``."""
    found = {}
    for length in range(1, depth + 1):
        value = names.get(text[:length])
        if value is not None:
            found[length] = value
    return found


def common_start(a: str, b: str) -> int:
    """The length of the longest common start of ``a`` and ``b``."""
    size = min(len(a), len(b))
    for i in range(size):
        if a[i] != b[i]:
            return i
    return size


class NameScanner:
    """``iter_long(text, start)`` as pyahocorasick's automaton over the index's names gives it.

    A trie node is a stretch ``text[a:b]``; the root is the empty stretch. The scan follows the
    automaton's code: extend the current node by the next character while that still starts a
    name, remember the last whole name passed, and on a dead end report it (then start afresh
    after it) or fall back to the node's failure link, the longest proper suffix that is a node.

    Replayed in Python, the scan costs a few microseconds a character where the automaton costs
    nanoseconds; so once a process has scanned ``switch_after`` characters (a long report, or
    many), it loads the automaton itself with ``load_automaton``, when given, and uses it from
    then on: a short run never pays for loading it, and a long one pays at most about twice.
    A process known to face many reports loads it at once (:meth:`load`).
    """

    def __init__(
        self,
        index: NameIndex,
        *,
        longest: int,
        load_automaton: Callable[[], Any] | None = None,
        switch_after: int = SWITCH_AFTER,
    ) -> None:
        self.index = index
        self.longest = longest  # the longest name: how much text one look-up needs
        self._load = load_automaton
        self._switch_after = switch_after
        self._scanned = 0
        self._automaton: Any = None
        self._last: tuple[str, _Scan] | None = None
        self._lock = threading.Lock()

    def iter_long(self, text: str, start: int = 0) -> Iterator[tuple[int, Value]]:
        if self._automaton is not None:
            return self._automaton.iter_long(text, start)  # type: ignore[no-any-return]
        last = self._last  # whole_words scans one text again from later starts
        if last is not None and last[0] is text:
            return last[1].run(start)
        self._scanned += len(text)
        if self._load is not None and self._scanned > self._switch_after:
            self.load()
            automaton: Any = self._automaton
            return automaton.iter_long(text, start)  # type: ignore[no-any-return]
        scan = _Scan(self, text)
        self._last = (text, scan)
        return scan.run(start)

    def load(self) -> None:
        """Load the automaton now, when there is one to load: a worker process that will scan
        many reports (``pipeline.prepare_worker``) then never replays the scan at all."""
        if self._load is None:
            return
        with self._lock:
            if self._automaton is None:
                self._automaton = self._load()


def build_automaton(names: Iterable[tuple[str, Value]]) -> Any:
    """The automaton over ``names`` (name, value), the one :class:`NameScanner` replays."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name, value in names:
        automaton.add_word(name, value)
    automaton.make_automaton()
    return automaton


class _Scan:
    """One text's scan, with what the index said of each of its word starts (looked up at
    once, for every space of the text: the names all start with one)."""

    def __init__(self, scanner: NameScanner, text: str) -> None:
        self.text = text
        spaces = [m.start() for m in _SPACE.finditer(text)]
        starts = sorted({text[p : p + scanner.longest + 1] for p in spaces})
        found = dict(zip(starts, scanner.index.look_up(starts), strict=True))
        self._depth: dict[int, int] = {}
        self._names: dict[int, dict[int, Value]] = {}
        for p in spaces:
            depth, names = found[text[p : p + scanner.longest + 1]]
            if depth:
                self._depth[p], self._names[p] = depth, names
        self._live = sorted(self._depth)  # the positions where some name could start

    def depth(self, a: int) -> int:
        return self._depth.get(a, 0)

    def is_node(self, a: int, b: int) -> bool:
        return a == b or b - a <= self._depth.get(a, 0)

    def name(self, a: int, b: int) -> Value | None:
        """The value of ``text[a:b]`` when it is a whole name."""
        names = self._names.get(a)
        return None if names is None or a == b else names.get(b - a)

    def fail(self, a: int, b: int) -> int | None:
        """The start of the failure link of node ``text[a:b]`` (``b`` itself for the root),
        or None for the root's."""
        if a == b:
            return None
        for s in range(a + 1, b):
            if self.text[s] == " " and self.is_node(s, b):
                return s
        return b

    def run(self, start: int) -> Iterator[tuple[int, Value]]:
        end = len(self.text)
        a = index = start  # the current node is text[a:index]; the root to begin with
        while True:
            last: Value | None = None
            last_index = -1
            # A node that is no name but whose failure link is one, to fall back to when the
            # scan dead-ends before passing any name (pyahocorasick 2.x's "failover").
            fallback: tuple[int, int] | None = None  # (the link's start, the node's end index)
            failover = False
            while index < end:
                if failover:
                    assert fallback is not None
                    a, index = fallback
                    fallback, failover = None, False
                    extends = True
                elif a == index and self._depth.get(index, 0) == 0:
                    # At the root, where no name starts: on to the next place one could.
                    at = bisect.bisect_left(self._live, index)
                    a = index = self._live[at] if at < len(self._live) else end
                    continue
                else:
                    extends = self.is_node(a, index + 1)
                if extends:  # the next node is text[a:index + 1]
                    value = self.name(a, index + 1)
                    if value is not None:
                        last, last_index = value, index
                    elif last is None and fallback is None:
                        f = self.fail(a, index + 1)
                        if f is not None and f != index + 1 and self.name(f, index + 1):
                            fallback = (f, index)
                    index += 1
                elif last is not None:
                    break
                elif fallback is not None:
                    failover = True
                else:
                    while True:
                        f = self.fail(a, index)
                        if f is None:  # the root's failure: start afresh at the next character
                            a = index = index + 1
                            break
                        a = f
                        if self.is_node(a, index + 1):
                            break
            if last is None:
                return
            yield last_index, last
            a = index = last_index + 1


def longest_name(names: Iterable[str]) -> int:
    """The length of the longest name (what :class:`NameScanner` needs as ``longest``)."""
    return max((len(name) for name in names), default=0)
