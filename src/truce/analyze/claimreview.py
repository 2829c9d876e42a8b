"""schema.org ClaimReview JSON-LD for assessments and verifications.

An assessment becomes one ClaimReview per named hypothesis ("the weapon was aircraft"): the
claim's authors are the claimants who assert it, its appearances the sources they said it in,
its date the earliest claim; the rating is the hypothesis' grade on a five-step scale
(:data:`GRADE_RATING`). A verification becomes one ClaimReview of the attributed words, rated
on a three-step scale (:data:`VERDICT_RATING`). The reviewing organisation is configurable
(``--org``, ``--org-url``); docs/assess.md and docs/verify.md show examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from truce.analyze.assess.ach import UNKNOWN

if TYPE_CHECKING:
    from truce.analyze.assess.store import AssessmentResult
    from truce.analyze.verify.verdict import Verification

CONTEXT = "https://schema.org"
GRADE_RATING = {"confirmed": 5, "fair": 4, "weak": 3, "contested": 2, "discounted": 1}
VERDICT_RATING = {"supported": 3, "no record": 2, "contradicted": 1}


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Who publishes the review: the Truce instance or its organisation."""

    name: str = "Truce"
    url: str | None = None

    def json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.url:
            found["url"] = self.url
        return found


def _rating(value: int, best: int, name: str) -> dict[str, Any]:
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": best,
        "worstRating": 1,
        "alternateName": name,
    }


def _appearance(name: str | None, url: str | None) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if name:
        work["name"] = name
    if url:
        work["url"] = url
    return work


def assessment_claimreviews(
    result: AssessmentResult,
    *,
    reviewer: Reviewer,
    published: date | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """A JSON-LD document (``@graph``) with one ClaimReview per named hypothesis."""
    ach, rev = result.ach, result.review
    day = (published or result.assessed_at.date()).isoformat()
    reviews = []
    for hypothesis in ach.hypotheses:
        if hypothesis == UNKNOWN:
            continue
        asserting = [  # naming it or something narrower ("helicopter" for "air strike")
            r.claim for r in ach.rows if r.cells[hypothesis] == "C" and r.claim.stance == "asserts"
        ]
        grade = rev.grades.get(hypothesis, "discounted")
        label = grade
        if hypothesis == rev.conclusion:
            label = f"{grade}; leading hypothesis, {rev.confidence.label} confidence"
        claim: dict[str, Any] = {
            "@type": "Claim",
            "name": f"The {ach.attribute} of the {result.event.label} was {hypothesis}",
            "about": {"@type": "Event", "name": result.event.label},
        }
        authors = sorted({c.claimant for c in asserting if c.claimant})
        if authors:
            claim["author"] = [{"@type": "Organization", "name": a} for a in authors]
        appearances = {(c.source_title, c.source_url) for c in asserting if c.source_title}
        if appearances:
            claim["appearance"] = [_appearance(n, u) for n, u in sorted(appearances, key=str)]
        dates = sorted(c.made_on for c in asserting if c.made_on)
        if dates:
            claim["datePublished"] = dates[0].isoformat()
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "claimReviewed": claim["name"],
            "itemReviewed": claim,
            "reviewRating": _rating(GRADE_RATING[grade], 5, label),
            "author": reviewer.json(),
            "datePublished": day,
        }
        if url:
            review["url"] = url
        reviews.append(review)
    return {"@context": CONTEXT, "@graph": reviews}


def verification_claimreview(
    result: Verification,
    *,
    reviewer: Reviewer,
    published: date,
    url: str | None = None,
    appearance: str | None = None,
) -> dict[str, Any]:
    """One ClaimReview of the attributed words (``appearance``: where the attribution appeared)."""
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": result.speaker_resolved or result.speaker},
    }
    if result.around is not None:
        claim["datePublished"] = result.around.isoformat()
    if appearance:
        claim["appearance"] = [_appearance(None, appearance)]
    body = result.reason
    if result.match is not None and result.verdict != "no record":
        recorded = result.match.statement
        when = recorded.date.isoformat() if recorded.date else "an unknown date"
        body += (
            f". Recorded words ({recorded.source or 'no source'}, {when}): {result.match.closest}"
        )
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": result.words,
        "itemReviewed": claim,
        "reviewRating": _rating(VERDICT_RATING[result.verdict], 3, result.verdict),
        "reviewBody": body,
        "author": reviewer.json(),
        "datePublished": published.isoformat(),
    }
    if url:
        review["url"] = url
    return review
