"""Who is an interested party to an incident: the accused, their own bodies, and their allies.

Pure: a :class:`Registry` (a snapshot of the actor registry: parents, offices, relationships)
in, answers out; ``truce.analyze.assess.store`` builds the snapshot. The rule (docs/assess.md,
"Interested claims"):

* an actor's **party** is the top of its parent chain (Russian Armed Forces → Government of
  Russia); a person speaks for the party of the organisation whose office they hold that day;
* a party's **allies** are the parties tied to any actor of it by a *backs*, *allied with* or
  *embedded with* relationship (either direction) valid on the day — one step only, so an ally's
  ally is not an ally; *part of* (a contact group, a coalition both sides sit in) is no alliance;
* the **accused** are the actors named as perpetrator or responsible by an asserting claim about
  the incident, and the event's own actor 1;
* a claim is **interested** when its claimant's party is an accused party or an ally of one, or
  when it admits or denies the responsibility of the claimant's own side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from truce.names import normalize_name

ALLY_TIES = frozenset({"backs", "allied with", "embedded with"})
RESPONSIBILITY_ATTRIBUTES = frozenset({"perpetrator", "responsibility"})


@dataclass(frozen=True, slots=True)
class Tie:
    """``subject`` ``kind`` ``object`` between ``start`` and ``end`` (None: open)."""

    subject: str
    kind: str
    object: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Registry:
    """What the rule needs of the actor registry; every name is folded (``normalize_name``)."""

    parent: Mapping[str, str] = field(default_factory=dict)  # actor → its parent
    ties: Sequence[Tie] = ()  # relationships between actors
    offices: Mapping[str, Sequence[Tie]] = field(default_factory=dict)  # person → its offices

    def party(self, name: str, on: date | None = None) -> str:
        """The top of ``name``'s parent chain (through the office a person holds on ``on``)."""
        current = normalize_name(name)
        for office in self.offices.get(current, ()):
            if office.valid_on(on):
                current = office.object
                break
        seen = {current}
        while current in self.parent and self.parent[current] not in seen:
            current = self.parent[current]
            seen.add(current)
        return current

    def allies(self, party: str, on: date | None = None) -> set[str]:
        """The parties one alliance tie away from any actor of ``party``."""
        found = set()
        for tie in self.ties:
            if tie.kind not in ALLY_TIES or not tie.valid_on(on):
                continue
            ends = (self.party(tie.subject, on), self.party(tie.object, on))
            if ends[0] == party and ends[1] != party:
                found.add(ends[1])
            elif ends[1] == party and ends[0] != party:
                found.add(ends[0])
        return found

    def side(self, name: str, on: date | None = None) -> set[str]:
        """``name``'s party and its allies."""
        party = self.party(name, on)
        return {party, *self.allies(party, on)}


@dataclass(frozen=True, slots=True)
class Accusation:
    """One claim as the rule sees it (values folded; actor values already canonical)."""

    claimant: str | None
    attribute: str
    value: str
    stance: str


def accused(claims: Iterable[Accusation], *, actor1: str | None = None) -> set[str]:
    """The actors an incident's claims name as perpetrator or responsible (asserted), and
    the event's actor 1."""
    found = {
        normalize_name(c.value)
        for c in claims
        if c.attribute in RESPONSIBILITY_ATTRIBUTES and c.stance == "asserts"
    }
    if actor1:
        found.add(normalize_name(actor1))
    return found


def interested_parties(registry: Registry, names: Iterable[str], on: date | None) -> set[str]:
    """The parties of ``names`` (the accused) and their allies."""
    found: set[str] = set()
    for name in names:
        found |= registry.side(name, on)
    return found


def is_interested(
    claim: Accusation, registry: Registry, interested: set[str], on: date | None
) -> bool:
    """True when the claimant is an interested party, or speaks of its own side's
    responsibility (an admission or a denial)."""
    if not claim.claimant:
        return False
    party = registry.party(claim.claimant, on)
    if party in interested:
        return True
    if claim.attribute in RESPONSIBILITY_ATTRIBUTES:
        return registry.party(claim.value, on) in registry.side(claim.claimant, on)
    return False
