"""Verifications as JSON-ready dicts and CSV (the ClaimReview JSON-LD is in ``claimreview``)."""

from __future__ import annotations

import io
from typing import Any

from truce.analyze.verify.verdict import Match, Verification
from truce.formats import csvfile


def match_dict(match: Match | None) -> dict[str, Any] | None:
    if match is None:
        return None
    s = match.statement
    return {
        "statement_id": s.id,
        "speaker": s.speaker,
        "date": s.date.isoformat() if s.date else None,
        "venue": s.venue,
        "source": s.source,
        "source_url": s.source_url,
        "closest_words": match.closest,
        "words": s.words,
        "score": match.score,
        "semantic": match.semantic,
        "lexical": match.lexical,
        "negation_mismatch": match.negation_mismatch,
        "antonyms": list(match.antonyms),
    }


def verification_dict(result: Verification) -> dict[str, Any]:
    return {
        "words": result.words,
        "speaker": result.speaker,
        "speaker_resolved": result.speaker_resolved,
        "around": result.around.isoformat() if result.around else None,
        "days": result.days,
        "verdict": result.verdict,
        "reason": result.reason,
        "method": result.method,
        "fallback": result.fallback,
        "threshold": result.threshold,
        "candidates": result.candidates,
        "match": match_dict(result.match),
        "said_by_other": match_dict(result.said_by_other),
        "said_on_other_date": match_dict(result.said_on_other_date),
    }


CSV_COLUMNS = (
    "words",
    "speaker",
    "speaker_resolved",
    "around",
    "days",
    "verdict",
    "reason",
    "method",
    "fallback",
    "score",
    "closest_words",
    "recorded_speaker",
    "recorded_date",
    "source",
    "source_url",
)


def verification_csv(result: Verification) -> str:
    """One header and one row; the recorded columns describe the closest statement found
    (the speaker's, else someone else's, else the speaker's on another date)."""
    shown = result.match
    if result.verdict == "no record":
        shown = result.said_by_other or result.said_on_other_date or result.match
    buffer = io.StringIO()
    writer = csvfile.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    statement = shown.statement if shown else None
    writer.writerow(
        [
            result.words,
            result.speaker,
            result.speaker_resolved or "",
            result.around.isoformat() if result.around else "",
            result.days,
            result.verdict,
            result.reason,
            result.method,
            result.fallback or "",
            f"{shown.score:.4f}" if shown else "",
            shown.closest if shown else "",
            statement.speaker if statement else "",
            statement.date.isoformat() if statement and statement.date else "",
            (statement.source or "") if statement else "",
            (statement.source_url or "") if statement else "",
        ]
    )
    return buffer.getvalue()
