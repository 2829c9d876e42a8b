"""The sentences an assessment is read by, written once for the CLI and the web page.

``headline(review)`` gives the conclusion with its confidence and margin, then one line per
narrower level ("within air strike: helicopter …"); ``evidence_summary(result, review)`` counts
the claims, the independent groups (``truce.analyze.assess.ach.independent_groups``, the one count)
and the interested claims; ``pivotal_ids(review)`` lists the claims the conclusion hangs on.
"""

from __future__ import annotations

from truce.analyze.assess.ach import UNKNOWN, AchResult
from truce.analyze.assess.review import Confidence, Review


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _confidence(c: Confidence) -> str:
    against = f" over {c.runner_up}" if c.runner_up else ""
    best = f"; best independent source {c.best_reliability}" if c.best_reliability else ""
    return f"{c.label} confidence (margin {c.margin:.2f}{against}{best})"


def headline(rev: Review) -> list[str]:
    """The "Leading: …" line and one "Within …" line per narrower level."""
    if rev.conclusion is None:
        return ["No hypothesis leads: no claims to weigh."]
    lines = [f"Leading: {rev.conclusion} — {_confidence(rev.confidence)}"]
    above = rev.conclusion
    for level in rev.narrower:
        lines.append(f"Within {above}: {level.hypothesis} — {_confidence(level)}")
        above = level.hypothesis or above
    return lines


def evidence_summary(result: AchResult, rev: Review) -> str:
    """Claims, independent groups, interested claims, and the groups behind the leader."""
    interested = sum(1 for r in result.rows if not r.independent)
    independent = len(result.rows) - interested
    if independent:
        text = (
            f"{_plural(len(result.rows), 'claim')}: {independent} independent, in "
            f"{_plural(result.groups, 'independent group')}"
        )
    else:
        text = f"{_plural(len(result.rows), 'claim')}, none independent"
    if interested:
        text += (
            f"; {interested} interested (a party to the incident or its ally), weighed only"
            " where the independent claims tie"
        )
    if independent and rev.conclusion and rev.conclusion != UNKNOWN:
        n = rev.confidence.independent
        verb = "supports" if n == 1 else "support"
        text += f"; {n} of the independent groups {verb} {rev.conclusion}"
    return text + "."


def pivotal_ids(rev: Review) -> list[int]:
    """The claims whose removal or reversal changes the leader."""
    return [s.claim_id for s in rev.sensitivity if s.pivotal]
