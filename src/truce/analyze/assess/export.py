"""Assessments as JSON-ready dicts and CSV (the ClaimReview JSON-LD is in ``claimreview``)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from truce.analyze.assess.ach import AchResult
from truce.analyze.assess.review import Confidence, Review
from truce.formats import csvfile

if TYPE_CHECKING:
    from truce.analyze.assess.store import AssessmentResult


def matrix_dict(ach: AchResult) -> dict[str, Any]:
    return {
        "marks": {
            "C": "consistent",
            "I": "inconsistent",
            "w": "weakly inconsistent",
            "N": "neutral",
        },
        "rows": [
            {
                "claim_id": row.claim.id,
                "claimant": row.claim.claimant,
                "stance": row.claim.stance,
                "value": row.claim.value,
                "raw_value": row.claim.raw_value,
                "made_on": row.claim.made_on.isoformat() if row.claim.made_on else None,
                "source_id": row.claim.source_id,
                "source": row.claim.source_title,
                "grade": row.claim.grade,
                "weight": round(row.weight, 4),
                "group": row.group,
                "group_size": row.group_size,
                "effective_weight": round(row.effective_weight, 4),
                "interested": row.claim.interested,
                "party": row.claim.party,
                "cells": row.cells,
            }
            for row in ach.rows
        ],
    }


def scores_dict(ach: AchResult) -> dict[str, Any]:
    return {
        "ranking": [
            {
                "hypothesis": s.hypothesis,
                "rank": s.rank,
                "inconsistency": round(s.inconsistency, 4),
                "support": round(s.support, 4),
                "interested_inconsistency": round(s.interested_inconsistency, 4),
                "parent": s.parent,
            }
            for s in ach.ranking
        ],
        "total_weight": round(ach.total_weight, 4),
        "interested_weight": round(ach.interested_weight, 4),
        "independent_groups": ach.groups,
    }


def _confidence(c: Confidence) -> dict[str, Any]:
    return {
        "hypothesis": c.hypothesis,
        "label": c.label,
        "margin": c.margin,
        "runner_up": c.runner_up,
        "independent": c.independent,
        "best_reliability": c.best_reliability,
    }


def review_dict(rev: Review) -> dict[str, Any]:
    return {
        "confidence": _confidence(rev.confidence),
        "narrower": [_confidence(c) for c in rev.narrower],
        "grades": rev.grades,
        "sensitivity": [
            {
                "claim_id": s.claim_id,
                "leader_without": s.leader_without,
                "leader_reversed": s.leader_reversed,
                "pivotal": s.pivotal,
            }
            for s in rev.sensitivity
        ],
        "timeline": [
            {
                "claim_id": t.claim_id,
                "made_on": t.made_on.isoformat() if t.made_on else None,
                "claimant": t.claimant,
                "stance": t.stance,
                "value": t.value,
                "leader": t.leader,
                "changed": t.changed,
            }
            for t in rev.timeline
        ],
    }


def assessment_dict(result: AssessmentResult) -> dict[str, Any]:
    """The whole assessment as one JSON-ready dict."""
    event = result.event
    return {
        "event": {
            "id": event.id,
            "external_id": event.external_id,
            "date": event.date.isoformat(),
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "location": event.location,
            "country": event.country,
        },
        "attribute": result.ach.attribute,
        "hypotheses": list(result.ach.hypotheses),
        "conclusion": result.review.conclusion,
        "assessed_at": result.assessed_at.isoformat(),
        "record_id": result.record_id,
        "matrix": matrix_dict(result.ach),
        **scores_dict(result.ach),
        **review_dict(result.review),
    }


def assessment_csv(result: AssessmentResult) -> str:
    """The matrix as CSV: one row per claim, one column per hypothesis, then score and rank rows."""
    ach = result.ach
    buffer = io.StringIO()
    writer = csvfile.writer(buffer)
    head = ["claim_id", "made_on", "claimant", "stance", "value", "source", "grade", "weight"]
    writer.writerow([*head, "group", "effective_weight", "interested", *ach.hypotheses])
    for row in ach.rows:
        claim = row.claim
        writer.writerow(
            [
                claim.id,
                claim.made_on.isoformat() if claim.made_on else "",
                claim.claimant or "",
                claim.stance,
                claim.value,
                claim.source_title or "",
                claim.grade,
                f"{row.weight:.4f}",
                row.group,
                f"{row.effective_weight:.4f}",
                "yes" if claim.interested else "no",
                *(row.cells[h] for h in ach.hypotheses),
            ]
        )
    blank = [""] * (len(head) + 2)
    writer.writerow(["inconsistency", *blank[1:], "", *(_score(ach, h) for h in ach.hypotheses)])
    writer.writerow(["rank", *blank[1:], "", *(ach.score(h).rank for h in ach.hypotheses)])
    return buffer.getvalue()


def _score(ach: AchResult, hypothesis: str) -> str:
    return f"{ach.score(hypothesis).inconsistency:.4f}"
