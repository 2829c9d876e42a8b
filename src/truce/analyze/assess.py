"""Competing hypotheses (ACH) over the claims about one attribute of one event.

Pure: claims in (:class:`ClaimInput`), an :class:`AchResult` out; no database here (the store
side is ``truce.analyze.assess_store``). The rules, tables and examples are in docs/assess.md:

* hypotheses are the distinct normalised values claimed (a denial of V also puts V on the table),
  plus ``other / unknown`` — the hypothesis that none of the named values is right;
* a claim asserting V is consistent with V and inconsistent with every other hypothesis (the
  attribute has one true value); denying V is inconsistent with V and neutral to the rest;
  questioning V is weakly inconsistent with V (half an inconsistency);
* a claim's weight is its source's reliability (A–F) times its information's credibility (1–6),
  from :data:`RELIABILITY_WEIGHT` and :data:`CREDIBILITY_WEIGHT`;
* claims that are not independent (sharing a source or a claimant, directly or through a chain)
  form one group, and each claim in a group of n counts weight / √n;
* a hypothesis' score is the sum of its weighted inconsistencies (Heuer): the least inconsistent
  ranks first; ties go to the hypothesis with more weighted support.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from truce.errors import InvalidInput
from truce.names import normalize_name
from truce.vocab import CLAIM_ATTRIBUTES, CLAIM_STANCES

UNKNOWN = "other / unknown"

RELIABILITY_WEIGHT: dict[str, float] = {
    "A": 1.0,  # completely reliable
    "B": 0.8,  # usually reliable
    "C": 0.6,  # fairly reliable
    "D": 0.4,  # not usually reliable
    "E": 0.2,  # unreliable
    "F": 0.5,  # reliability cannot be judged
}
CREDIBILITY_WEIGHT: dict[str, float] = {
    "1": 1.0,  # confirmed by other sources
    "2": 0.8,  # probably true
    "3": 0.6,  # possibly true
    "4": 0.4,  # doubtful
    "5": 0.2,  # improbable
    "6": 0.5,  # truth cannot be judged
}

# Cell marks of the matrix and the inconsistency each one adds to a hypothesis' score.
CONSISTENT, INCONSISTENT, WEAK, NEUTRAL = "C", "I", "w", "N"
INCONSISTENCY = {CONSISTENT: 0.0, INCONSISTENT: 1.0, WEAK: 0.5, NEUTRAL: 0.0}

# Weapon classes, most specific first: a value naming words of a class becomes that class
# ("barrel bombs dropped from helicopters" → helicopter); values with a negation stay as written.
GROUND_FIRE = "artillery, rockets or mortar"
WEAPON_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("helicopter", ("helicopter", "helicopters", "barrel bomb", "barrel bombs")),
    ("drone", ("drone", "drones", "uav", "uavs")),
    (
        "aircraft",
        (
            "aircraft",
            "air strike",
            "air strikes",
            "airstrike",
            "airstrikes",
            "air raid",
            "air raids",
            "warplane",
            "warplanes",
            "jet",
            "jets",
            "bomber",
            "bombers",
            "aerial",
        ),
    ),
    (
        GROUND_FIRE,
        ("artillery", "shelling", "shells", "rocket", "rockets", "mortar", "mortars", "grad"),
    ),
)
_NEGATED_VALUE = re.compile(r"\b(?:no|not|never|without)\b")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class ClaimInput:
    """One claim as ACH sees it; ``value`` is already normalised (see :func:`normalise_value`)."""

    id: int
    value: str
    stance: str = "asserts"
    claimant: str | None = None
    source_id: int | None = None
    source_title: str | None = None
    source_url: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    made_on: date | None = None
    raw_value: str | None = None

    @property
    def grade(self) -> str:
        """The Admiralty code, e.g. ``B2`` (``F``/``6`` stand in for missing grades)."""
        return f"{self.reliability or 'F'}{self.credibility or '6'}"


@dataclass(frozen=True, slots=True)
class ScoredHypothesis:
    hypothesis: str
    inconsistency: float
    support: float
    rank: int


@dataclass(frozen=True, slots=True)
class MatrixRow:
    claim: ClaimInput
    weight: float  # the Admiralty weight before the dependence discount
    group: int  # claims in one group are not independent of each other
    group_size: int
    effective_weight: float  # weight / sqrt(group size)
    cells: dict[str, str]


@dataclass(frozen=True)
class AchResult:
    """The matrix, the scores and the ranking (best first)."""

    attribute: str
    hypotheses: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    ranking: tuple[ScoredHypothesis, ...]
    total_weight: float
    groups: int

    @property
    def leader(self) -> str | None:
        return self.ranking[0].hypothesis if self.ranking else None

    def score(self, hypothesis: str) -> ScoredHypothesis:
        for scored in self.ranking:
            if scored.hypothesis == hypothesis:
                return scored
        raise KeyError(hypothesis)


def normalise_value(attribute: str, value: str, *, canonical: dict[str, str] | None = None) -> str:
    """The hypothesis a claimed value names.

    Actor-valued attributes (perpetrator, responsibility, target) go through ``canonical`` (folded
    alias → canonical actor name, from the actor registry); weapons through
    :data:`WEAPON_CLASSES`; fatalities keep their first number ("about 20" → "20").
    """
    key = _LEADING_ARTICLE.sub("", normalize_name(value)).strip(" .")
    if not key:
        raise InvalidInput(f"claim value {value!r} is empty after normalisation")
    if attribute in {"perpetrator", "responsibility", "target"} and canonical:
        name = canonical.get(key) or canonical.get(normalize_name(value))
        if name:
            return normalize_name(name)
    if attribute == "weapon":
        return weapon_class(key)
    if attribute == "fatalities":
        number = _NUMBER.search(key.replace(",", ""))
        return number.group() if number else key
    return key


def weapon_class(key: str) -> str:
    """The class of :data:`WEAPON_CLASSES` a folded weapon value names, else the value itself."""
    if _NEGATED_VALUE.search(key):
        return key
    for name, words in WEAPON_CLASSES:
        if any(re.search(rf"\b{re.escape(word)}\b", key) for word in words):
            return name
    return key


def admiralty_weight(reliability: str | None, credibility: str | None) -> float:
    """Reliability weight × credibility weight; a missing grade counts as 'cannot be judged'."""
    r = (reliability or "F").upper()
    c = credibility or "6"
    if r not in RELIABILITY_WEIGHT:
        raise InvalidInput(f"reliability {reliability!r}: use one of A, B, C, D, E, F")
    if c not in CREDIBILITY_WEIGHT:
        raise InvalidInput(f"credibility {credibility!r}: use one of 1, 2, 3, 4, 5, 6")
    return RELIABILITY_WEIGHT[r] * CREDIBILITY_WEIGHT[c]


def dependence_groups(claims: Sequence[ClaimInput]) -> list[int]:
    """A group number per claim: claims sharing a source or a claimant, transitively, share one."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[tuple[str, object], int] = {}
    for i, claim in enumerate(claims):
        keys: list[tuple[str, object]] = []
        if claim.source_id is not None:
            keys.append(("source", claim.source_id))
        if claim.claimant:
            keys.append(("claimant", normalize_name(claim.claimant)))
        for key in keys:
            if key in first_seen:
                parent[find(i)] = find(first_seen[key])
            else:
                first_seen[key] = i
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(claims))]


def cells_for(claim: ClaimInput, hypotheses: Sequence[str]) -> dict[str, str]:
    """How one claim bears on every hypothesis."""
    cells: dict[str, str] = {}
    for hypothesis in hypotheses:
        same = hypothesis == claim.value
        if claim.stance == "asserts":
            cells[hypothesis] = CONSISTENT if same else INCONSISTENT
        elif claim.stance == "denies":
            cells[hypothesis] = INCONSISTENT if same else NEUTRAL
        else:
            cells[hypothesis] = WEAK if same else NEUTRAL
    return cells


def analyse(attribute: str, claims: Sequence[ClaimInput]) -> AchResult:
    """The ACH matrix and ranking for one attribute's claims."""
    if attribute not in CLAIM_ATTRIBUTES:
        raise InvalidInput(f"attribute {attribute!r}: use one of {', '.join(CLAIM_ATTRIBUTES)}")
    for claim in claims:
        if claim.stance not in CLAIM_STANCES:
            raise InvalidInput(
                f"claim {claim.id}: stance {claim.stance!r}: use one of {', '.join(CLAIM_STANCES)}"
            )
    named = sorted({c.value for c in claims})
    hypotheses = (*named, UNKNOWN) if named else ()
    groups = dependence_groups(claims)
    sizes = {g: groups.count(g) for g in set(groups)}
    rows = []
    for claim, group in zip(claims, groups, strict=True):
        weight = admiralty_weight(claim.reliability, claim.credibility)
        rows.append(
            MatrixRow(
                claim=claim,
                weight=weight,
                group=group,
                group_size=sizes[group],
                effective_weight=weight / math.sqrt(sizes[group]),
                cells=cells_for(claim, hypotheses),
            )
        )
    return AchResult(
        attribute=attribute,
        hypotheses=hypotheses,
        rows=tuple(rows),
        ranking=_rank(hypotheses, rows),
        total_weight=sum(r.effective_weight for r in rows),
        groups=len(sizes),
    )


def _rank(hypotheses: Sequence[str], rows: Sequence[MatrixRow]) -> tuple[ScoredHypothesis, ...]:
    scores = []
    for hypothesis in hypotheses:
        inconsistency = sum(r.effective_weight * INCONSISTENCY[r.cells[hypothesis]] for r in rows)
        support = sum(r.effective_weight for r in rows if r.cells[hypothesis] == CONSISTENT)
        scores.append(
            (round(inconsistency, 6), -round(support, 6), hypothesis == UNKNOWN, hypothesis)
        )
    scores.sort()
    return tuple(
        ScoredHypothesis(hypothesis=h, inconsistency=i, support=-s, rank=n + 1)
        for n, (i, s, _, h) in enumerate(scores)
    )


def reversed_claim(claim: ClaimInput) -> ClaimInput:
    """The claim saying the opposite: asserts ↔ denies; a question becomes an assertion."""
    stance = "denies" if claim.stance == "asserts" else "asserts"
    return replace(claim, stance=stance)
