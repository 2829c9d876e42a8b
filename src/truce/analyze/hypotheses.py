"""Hypothesis hierarchies: which hypotheses contain which, and the one a claimed value names.

The hierarchies are data (``truce/data/hypotheses.yaml``, read once with importlib.resources):
``air strike`` contains ``fixed-wing aircraft``, ``helicopter`` and ``drone``; ``ground fire``
contains ``artillery``, ``mortar``, ``rockets``, ``tank`` and ``small arms``. The analysis
(``truce.analyze.assess.ach``) asks a :class:`Hierarchy` how two hypotheses relate; the CLI and the
web draw the ranking as the same tree. An attribute without a hierarchy is flat: every
hypothesis stands alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from truce.errors import InvalidInput
from truce.names import normalize_name

DATA_FILE = "hypotheses.yaml"
_NEGATION = re.compile(r"\b(?:no|not|never|without|neither|nor)\b")


@dataclass(frozen=True)
class Hierarchy:
    """Hypotheses with their broader hypothesis (``parent``) and the words that name them."""

    parent: Mapping[str, str | None] = field(default_factory=dict)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # the file's order: broader before narrower, siblings as written

    def ancestors(self, name: str) -> tuple[str, ...]:
        """The broader hypotheses above ``name``, nearest first."""
        found = []
        above = self.parent.get(name)
        while above is not None:
            found.append(above)
            above = self.parent.get(above)
        return tuple(found)

    def contains(self, broader: str, narrower: str) -> bool:
        """True when ``narrower`` is ``broader`` or lies under it."""
        return broader == narrower or broader in self.ancestors(narrower)

    def classify(self, key: str) -> str:
        """The most specific hypothesis a folded value names, else the value as written."""
        if not self.words or _NEGATION.search(key):
            return key
        named = [
            name
            for name, words in self.words.items()
            if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", key) for w in words)
        ]
        specific = [n for n in named if not any(o != n and self.contains(n, o) for o in named)]
        if not specific:
            return key
        common = self._common(specific)
        return common if common is not None else key

    def _common(self, names: Sequence[str]) -> str | None:
        """The narrowest hypothesis containing every one of ``names`` (None across branches)."""
        candidates = (names[0], *self.ancestors(names[0]))
        for candidate in candidates:
            if all(self.contains(candidate, n) for n in names):
                return candidate
        return None

    def closure(self, names: Iterable[str]) -> set[str]:
        """``names`` with every broader hypothesis above them (a helicopter puts air strike on
        the table)."""
        found: set[str] = set()
        for name in names:
            found.add(name)
            found.update(self.ancestors(name))
        return found

    def sort_key(self, name: str) -> tuple[int, str]:
        """Known hypotheses in the file's order, others after them alphabetically."""
        return (self.order.index(name), "") if name in self.order else (len(self.order), name)


FLAT = Hierarchy()


def _nodes(items: Any, parent: str | None, into: dict[str, Any], *, where: str) -> None:
    if not isinstance(items, list):
        raise InvalidInput(f"{where}: expected a list of hypotheses")
    for n, item in enumerate(items, start=1):
        here = f"{where}[{n}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise InvalidInput(f"{here}: name: every hypothesis needs a name")
        name = str(item["name"])
        if name in into:
            raise InvalidInput(f"{here}: name: {name!r} appears twice")
        into[name] = (parent, tuple(normalize_name(str(w)) for w in item.get("words") or ()))
        _nodes(item.get("narrower") or [], name, into, where=f"{here}.narrower")


def parse_hierarchies(data: Any, *, where: str = DATA_FILE) -> dict[str, Hierarchy]:
    """Hierarchies per attribute from the YAML structure of ``hypotheses.yaml``."""
    if not isinstance(data, dict):
        raise InvalidInput(f"{where}: expected a mapping of attribute to hypotheses")
    found = {}
    for attribute, items in data.items():
        if attribute == "version":
            continue
        nodes: dict[str, Any] = {}
        _nodes(items, None, nodes, where=f"{where}: {attribute}")
        found[str(attribute)] = Hierarchy(
            parent={name: p for name, (p, _) in nodes.items()},
            words={name: w for name, (_, w) in nodes.items()},
            order=tuple(nodes),
        )
    return found


@functools.lru_cache(maxsize=1)
def load_hierarchies() -> dict[str, Hierarchy]:
    """The packaged hierarchies (read once per process)."""
    text = resources.files("truce.data").joinpath(DATA_FILE).read_text("utf-8")
    return parse_hierarchies(yaml.safe_load(text))


def hierarchy_for(attribute: str) -> Hierarchy:
    """The hierarchy of one claim attribute (flat when the file has none for it)."""
    return load_hierarchies().get(attribute, FLAT)
