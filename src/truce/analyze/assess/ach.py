"""Competing hypotheses (ACH) over the claims about one attribute of one event.

Pure: claims in (:class:`ClaimInput`), an :class:`AchResult` out; no database here (the store
side is ``truce.analyze.assess.store``). The rules, tables and examples are in docs/assess.md:

* hypotheses are the distinct normalised values claimed (a denial of V also puts V on the table)
  with every broader hypothesis above them in the attribute's hierarchy
  (``truce.analyze.hypotheses``: a helicopter puts *air strike* on the table), plus
  ``other / unknown`` — the hypothesis that none of the named values is right;
* a claim asserting V is consistent with V and everything broader, neutral to what is narrower
  than V, and inconsistent with the rest (the attribute has one true value); denying V is
  inconsistent with V and everything narrower, neutral to the rest; questioning V is weakly
  inconsistent (half an inconsistency) where a denial would be inconsistent;
* a claim's weight is its source's reliability (A–F) times its information's credibility (1–6),
  from :data:`RELIABILITY_WEIGHT` and :data:`CREDIBILITY_WEIGHT`;
* claims that are not independent (sharing a source, a claimant or the claimant's party,
  directly or through a chain) form one group, and each claim in a group of n counts weight / √n;
* an *interested* claim (a party to the incident or its ally speaking about it; see
  ``truce.analyze.assess.parties``) is scored apart: a hypothesis' score is its inconsistency
  with the independent claims, and the interested claims only decide between hypotheses the
  independent claims leave tied — they never outweigh an independent source;
* the least inconsistent hypothesis ranks first (Heuer), among its siblings in the hierarchy;
  ties go to the hypothesis with more weighted support.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from truce.analyze.hypotheses import FLAT, Hierarchy, hierarchy_for
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
    interested: bool = False  # a party to the incident, or its ally, speaking about it
    party: str | None = None  # the claimant's party (top of its actor chain), for dependence

    @property
    def grade(self) -> str:
        """The Admiralty code, e.g. ``B2`` (``F``/``6`` stand in for missing grades)."""
        return f"{self.reliability or 'F'}{self.credibility or '6'}"


@dataclass(frozen=True, slots=True)
class ScoredHypothesis:
    hypothesis: str
    inconsistency: float  # weighted inconsistency with the independent claims
    support: float  # weight of the independent claims consistent with it
    rank: int  # among its siblings (the hypotheses sharing its parent)
    interested_inconsistency: float = 0.0  # the same, from interested claims (tie-breaker)
    parent: str | None = None  # the broader hypothesis it lies under, if that is on the table
    depth: int = 0


@dataclass(frozen=True, slots=True)
class MatrixRow:
    claim: ClaimInput
    weight: float  # the Admiralty weight before the dependence discount
    group: int  # claims in one group are not independent of each other
    group_size: int
    effective_weight: float  # weight / sqrt(group size)
    cells: dict[str, str]

    @property
    def independent(self) -> bool:
        return not self.claim.interested


@dataclass(frozen=True)
class AchResult:
    """The matrix, the scores and the ranking: a tree walk, each hypothesis followed by the
    narrower ones under it, siblings best first."""

    attribute: str
    hypotheses: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    ranking: tuple[ScoredHypothesis, ...]
    total_weight: float  # effective weight of the independent claims
    groups: int  # independent groups (see :func:`independent_groups`)
    interested_weight: float = 0.0
    tree: Hierarchy = FLAT  # the hierarchy the hypotheses were ranked in

    @property
    def leader(self) -> str | None:
        top = self.rivals()
        return top[0].hypothesis if top else None

    def rivals(self, parent: str | None = None) -> tuple[ScoredHypothesis, ...]:
        """The hypotheses directly under ``parent`` (None: the broadest ones), best first."""
        return tuple(s for s in self.ranking if s.parent == parent)

    def score(self, hypothesis: str) -> ScoredHypothesis:
        for scored in self.ranking:
            if scored.hypothesis == hypothesis:
                return scored
        raise KeyError(hypothesis)


def normalise_value(attribute: str, value: str, *, canonical: dict[str, str] | None = None) -> str:
    """The hypothesis a claimed value names.

    Actor-valued attributes (perpetrator, responsibility, target) go through ``canonical`` (folded
    alias → canonical actor name, from the actor registry) and read as that name; attributes
    with a hierarchy (weapon) through its words (``truce/data/hypotheses.yaml``); fatalities
    keep their first number ("about 20" → "20").
    """
    key = _LEADING_ARTICLE.sub("", normalize_name(value)).strip(" .")
    if not key:
        raise InvalidInput(f"claim value {value!r} is empty after normalisation")
    if attribute in {"perpetrator", "responsibility", "target"} and canonical:
        name = canonical.get(key) or canonical.get(normalize_name(value))
        if name:
            return name
    if attribute == "fatalities":
        number = _NUMBER.search(key.replace(",", ""))
        return number.group() if number else key
    return hierarchy_for(attribute).classify(key)


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
    """A group number per claim: claims sharing a source, a claimant or the claimant's party,
    transitively, share one."""
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
        for who in (claim.claimant, claim.party):
            if who:
                keys.append(("claimant", normalize_name(who)))
        for key in keys:
            if key in first_seen:
                parent[find(i)] = find(first_seen[key])
            else:
                first_seen[key] = i
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(claims))]


def independent_groups(rows: Sequence[MatrixRow], hypothesis: str | None = None) -> int:
    """How many groups of independent (not interested) claims there are — all of them, or those
    consistent with ``hypothesis``. The one count the CLI, the web and the confidence rule use."""
    return len(
        {
            r.group
            for r in rows
            if r.independent and (hypothesis is None or r.cells.get(hypothesis) == CONSISTENT)
        }
    )


def cells_for(
    claim: ClaimInput, hypotheses: Sequence[str], hierarchy: Hierarchy | None = None
) -> dict[str, str]:
    """How one claim bears on every hypothesis."""
    tree = hierarchy or FLAT
    cells: dict[str, str] = {}
    for hypothesis in hypotheses:
        within = tree.contains(claim.value, hypothesis)  # the hypothesis is V or narrower
        if claim.stance == "asserts":
            if tree.contains(hypothesis, claim.value):  # V or broader
                cells[hypothesis] = CONSISTENT
            else:
                cells[hypothesis] = NEUTRAL if within else INCONSISTENT
        elif claim.stance == "denies":
            cells[hypothesis] = INCONSISTENT if within else NEUTRAL
        else:
            cells[hypothesis] = WEAK if within else NEUTRAL
    return cells


def _tree_order(hypotheses: set[str], tree: Hierarchy) -> tuple[str, ...]:
    ordered: list[str] = []

    def walk(parent: str | None) -> None:
        under = [h for h in hypotheses if tree.parent.get(h) == parent]
        for h in sorted(under, key=tree.sort_key):
            ordered.append(h)
            walk(h)

    walk(None)
    return tuple(ordered)


def analyse(
    attribute: str, claims: Sequence[ClaimInput], *, hierarchy: Hierarchy | None = None
) -> AchResult:
    """The ACH matrix and ranking for one attribute's claims; ``hierarchy`` defaults to the
    attribute's packaged one (``truce/data/hypotheses.yaml``)."""
    if attribute not in CLAIM_ATTRIBUTES:
        raise InvalidInput(f"attribute {attribute!r}: use one of {', '.join(CLAIM_ATTRIBUTES)}")
    for claim in claims:
        if claim.stance not in CLAIM_STANCES:
            raise InvalidInput(
                f"claim {claim.id}: stance {claim.stance!r}: use one of {', '.join(CLAIM_STANCES)}"
            )
    tree = hierarchy if hierarchy is not None else hierarchy_for(attribute)
    named = _tree_order(tree.closure(c.value for c in claims), tree)
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
                cells=cells_for(claim, hypotheses, tree),
            )
        )
    return AchResult(
        attribute=attribute,
        hypotheses=hypotheses,
        rows=tuple(rows),
        ranking=_rank(hypotheses, rows, tree),
        total_weight=sum(r.effective_weight for r in rows if r.independent),
        groups=independent_groups(rows),
        interested_weight=sum(r.effective_weight for r in rows if not r.independent),
        tree=tree,
    )


def _sums(hypothesis: str, rows: Sequence[MatrixRow], *, independent: bool) -> tuple[float, float]:
    """(inconsistency, support) of one hypothesis from the independent or interested rows."""
    mine = [r for r in rows if r.independent == independent]
    against = sum(r.effective_weight * INCONSISTENCY[r.cells[hypothesis]] for r in mine)
    support = sum(r.effective_weight for r in mine if r.cells[hypothesis] == CONSISTENT)
    return round(against, 6), round(support, 6)


def _rank(
    hypotheses: Sequence[str], rows: Sequence[MatrixRow], tree: Hierarchy
) -> tuple[ScoredHypothesis, ...]:
    keys = {}
    for h in hypotheses:
        against, support = _sums(h, rows, independent=True)
        against_i, support_i = _sums(h, rows, independent=False)
        keys[h] = (against, against_i, -support, -support_i, h == UNKNOWN, h)
    ranked: list[ScoredHypothesis] = []

    def walk(parent: str | None, depth: int) -> None:
        under = [h for h in hypotheses if tree.parent.get(h) == parent]
        for n, h in enumerate(sorted(under, key=keys.__getitem__), start=1):
            against, against_i, support, _, _, _ = keys[h]
            ranked.append(
                ScoredHypothesis(
                    hypothesis=h,
                    inconsistency=against,
                    support=-support,
                    rank=n,
                    interested_inconsistency=against_i,
                    parent=parent,
                    depth=depth,
                )
            )
            walk(h, depth + 1)

    walk(None, 0)
    return tuple(ranked)


def reversed_claim(claim: ClaimInput) -> ClaimInput:
    """The claim saying the opposite: asserts ↔ denies; a question becomes an assertion."""
    stance = "denies" if claim.stance == "asserts" else "asserts"
    return replace(claim, stance=stance)
