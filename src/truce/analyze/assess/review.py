"""What an analyst reads off an ACH matrix: confidence, sensitivity, timeline and grades.

Pure, like ``truce.analyze.assess.ach``; every rule here is stated in docs/assess.md.

* **Confidence** of the leading hypothesis: *high* when its margin over the next one is at least
  half the independent weight, at least three independent groups of claims support it and the
  best of them comes from an A or B source; *moderate* with a margin of at least a fifth, two
  independent groups and a source of C or better; *low* otherwise (and always for
  ``other / unknown``, which no claim supports). Interested claims never raise it. Under the
  leader, the best narrower hypothesis gets the same rule against its siblings (``narrower``).
* **Sensitivity**: each claim removed, then reversed, and the ranking recomputed; a claim that
  changes the leader either way is pivotal.
* **Timeline**: claims in the order they were made, with the leader after each.
* **Grades** per hypothesis, after Airwars' scale: confirmed, fair, weak, contested, discounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from truce.analyze.assess.ach import (
    CONSISTENT,
    INCONSISTENCY,
    UNKNOWN,
    AchResult,
    ClaimInput,
    MatrixRow,
    analyse,
    independent_groups,
    reversed_claim,
)
from truce.analyze.hypotheses import Hierarchy
from truce.names import normalize_name

CONFIDENCE_RULES = (
    # label, minimum margin (share of independent weight), minimum independent groups,
    # worst best-grade
    ("high", 0.5, 3, "B"),
    ("moderate", 0.2, 2, "C"),
)
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
_ADMISSION_ATTRIBUTES = frozenset({"perpetrator", "responsibility"})
_STRONG_RELIABILITY = frozenset("AB")
_STRONG_CREDIBILITY = frozenset("12")


@dataclass(frozen=True, slots=True)
class Confidence:
    label: str  # high | moderate | low | none
    margin: float  # (runner-up's score − leader's score) / independent weight
    independent: int  # independent groups of claims consistent with the leader
    best_reliability: str | None  # best source grade among them
    hypothesis: str | None = None  # the leader this confidence is about
    runner_up: str | None = None  # the rival the margin is measured against


@dataclass(frozen=True, slots=True)
class Sensitivity:
    claim_id: int
    leader_without: str | None  # the leader with this claim removed
    leader_reversed: str | None  # the leader with this claim saying the opposite
    pivotal: bool


@dataclass(frozen=True, slots=True)
class TimelineStep:
    claim_id: int
    made_on: date | None
    claimant: str | None
    stance: str
    value: str
    leader: str | None
    changed: bool  # the leader differs from the one before this claim


@dataclass(frozen=True)
class Review:
    conclusion: str | None
    confidence: Confidence
    grades: dict[str, str]
    sensitivity: tuple[Sensitivity, ...]
    timeline: tuple[TimelineStep, ...]
    narrower: tuple[Confidence, ...] = ()  # the best narrower hypothesis at each level below


def review(result: AchResult) -> Review:
    """Confidence, grades, sensitivity and timeline of one analysis."""
    claims = [row.claim for row in result.rows]
    return Review(
        conclusion=result.leader,
        confidence=confidence(result),
        grades={h: grade(result, h) for h in result.hypotheses if h != UNKNOWN},
        sensitivity=sensitivity(result.attribute, claims, hierarchy=result.tree),
        timeline=timeline(result.attribute, claims, hierarchy=result.tree),
        narrower=narrower(result),
    )


def _supporting(result: AchResult, hypothesis: str) -> list[MatrixRow]:
    return [row for row in result.rows if row.cells.get(hypothesis) == CONSISTENT]


def _other_kind(result: AchResult, parent: str) -> float:
    """The score of "``parent`` other than" the one narrower hypothesis on the table:
    the parent's own, plus every independent assertion of something narrower than it."""
    narrower = {s.hypothesis for s in result.ranking if s.parent is not None}
    under = {h for h in narrower if _under(result, h, parent)}
    extra = sum(
        r.effective_weight
        for r in result.rows
        if r.independent and r.claim.stance == "asserts" and r.claim.value in under
    )
    return result.score(parent).inconsistency + extra


def _under(result: AchResult, hypothesis: str, parent: str) -> bool:
    above = result.score(hypothesis).parent
    while above is not None:
        if above == parent:
            return True
        above = result.score(above).parent
    return False


def confidence(result: AchResult, parent: str | None = None) -> Confidence:
    """The confidence in the best hypothesis directly under ``parent`` (None: the leader)."""
    rivals = result.rivals(parent)
    if not rivals:
        return Confidence("none", 0.0, 0, None)
    leader = rivals[0].hypothesis
    support = [r for r in _supporting(result, leader) if r.independent]
    independent = independent_groups(result.rows, leader)
    grades = sorted((row.claim.reliability or "F").upper() for row in support)
    best = grades[0] if grades else None
    if len(rivals) > 1:
        runner_up, second = rivals[1].hypothesis, rivals[1].inconsistency
    else:
        runner_up = f"{parent} other than {leader}"
        second = _other_kind(result, parent or "")
    margin = 0.0
    if result.total_weight > 0:
        margin = (second - rivals[0].inconsistency) / result.total_weight
    label = "low"
    for name, min_margin, min_groups, worst in CONFIDENCE_RULES:
        if leader == UNKNOWN or best is None:
            break
        if margin >= min_margin and independent >= min_groups and best <= worst:
            label = name
            break
    return Confidence(label, round(margin, 4), independent, best, leader, runner_up)


def narrower(result: AchResult) -> tuple[Confidence, ...]:
    """Down from the leader: the best narrower hypothesis at each level, with its confidence."""
    found = []
    current = result.leader
    while current is not None and result.rivals(current):
        level = confidence(result, current)
        found.append(level)
        current = level.hypothesis
    return tuple(found)


def grade(result: AchResult, hypothesis: str) -> str:
    """confirmed, fair, weak, contested or discounted (rule in docs/assess.md); weighed on the
    independent claims (on all of them when there are none), an admission aside."""
    rows = [r for r in result.rows if r.independent] or list(result.rows)
    support = [r for r in rows if r.cells.get(hypothesis) == CONSISTENT]
    backing = sum(row.effective_weight for row in support)
    against = [row for row in rows if INCONSISTENCY[row.cells[hypothesis]] > 0]
    weight_against = sum(r.effective_weight * INCONSISTENCY[r.cells[hypothesis]] for r in against)
    groups = {row.group for row in support}
    strong = {
        row.group
        for row in support
        if (row.claim.reliability or "F").upper() in _STRONG_RELIABILITY
        and (row.claim.credibility or "6") in _STRONG_CREDIBILITY
    }
    admitted = result.attribute in _ADMISSION_ATTRIBUTES and any(
        row.claim.claimant
        and row.claim.stance == "asserts"
        and normalize_name(row.claim.claimant) == normalize_name(hypothesis)
        for row in result.rows
    )
    if admitted or (len(strong) >= 2 and backing >= 2 * weight_against):
        return "confirmed"
    if not support or weight_against >= 2 * backing:
        return "discounted"
    if any(row.group not in groups for row in against):
        return "contested"
    return "fair" if len(groups) >= 2 else "weak"


def sensitivity(
    attribute: str, claims: Sequence[ClaimInput], *, hierarchy: Hierarchy | None = None
) -> tuple[Sensitivity, ...]:
    """For each claim, the leader without it and with it reversed."""
    leader = analyse(attribute, claims, hierarchy=hierarchy).leader
    found = []
    for i, claim in enumerate(claims):
        rest = [*claims[:i], *claims[i + 1 :]]
        without = analyse(attribute, rest, hierarchy=hierarchy).leader
        reversed_ = [*claims[:i], reversed_claim(claim), *claims[i + 1 :]]
        flipped = analyse(attribute, reversed_, hierarchy=hierarchy).leader
        found.append(
            Sensitivity(
                claim_id=claim.id,
                leader_without=without,
                leader_reversed=flipped,
                pivotal=(rest != [] and without != leader) or flipped != leader,
            )
        )
    return tuple(found)


def _order(claim: ClaimInput) -> tuple[bool, date, int]:
    return (claim.made_on is None, claim.made_on or date.min, claim.id)


def timeline(
    attribute: str, claims: Sequence[ClaimInput], *, hierarchy: Hierarchy | None = None
) -> tuple[TimelineStep, ...]:
    """Claims in the order they were made (undated last), with the leading hypothesis after each."""
    ordered = sorted(claims, key=_order)
    steps = []
    previous: str | None = None
    for n, claim in enumerate(ordered, start=1):
        leader = analyse(attribute, ordered[:n], hierarchy=hierarchy).leader
        steps.append(
            TimelineStep(
                claim_id=claim.id,
                made_on=claim.made_on,
                claimant=claim.claimant,
                stance=claim.stance,
                value=claim.value,
                leader=leader,
                changed=n > 1 and leader != previous,
            )
        )
        previous = leader
    return tuple(steps)
