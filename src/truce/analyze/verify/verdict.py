"""Verification of attributed statements: supported, contradicted, or no record.

Pure: the attributed words, who they are attributed to (as speaker keys), a window, the recorded
statements to compare with and a similarity backend in; a :class:`Verification` out. The store
side is ``truce.analyze.verify.store``; the embedding model ``truce.analyze.verify.model``.

Each recorded statement is split into sentences; the attributed words are compared with every
sentence and with the whole statement, and the best unit counts. Its score blends semantic
similarity (cosine of sentence embeddings) with lexical overlap (:data:`SEMANTIC_SHARE`); with
``--lexical`` only the overlap counts, against its own threshold. A score at or above the
threshold is a match; a negation present on one side only, or a pair of opposite words
(accept/reject, holding/collapsed), turns a supported match into a contradicted one. Rules,
thresholds and measured accuracy: docs/verify.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from truce.analyze.verify.text import lexical_overlap, polarity_flips, sentences, strip_frame
from truce.errors import InvalidInput

VERDICTS = ("supported", "contradicted", "no record")
SEMANTIC_SHARE = 0.75  # score = 0.75 × semantic + 0.25 × lexical
THRESHOLD = {"embeddings": 0.35, "lexical": 0.35}


class Similarity(Protocol):
    """Semantic similarity of one text to many (cosine, −1..1)."""

    name: str

    def scores(self, query: str, texts: Sequence[str]) -> list[float]: ...


@dataclass(frozen=True, slots=True)
class RecordedStatement:
    id: int
    speaker: str
    speaker_key: str  # who said it, as the resolver keys speakers
    date: date | None
    words: str
    source: str | None = None
    source_url: str | None = None
    venue: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    statement: RecordedStatement
    closest: str  # the sentence (or the whole statement) that matched best
    semantic: float | None
    lexical: float
    score: float
    negation_mismatch: bool
    antonyms: tuple[str, ...]
    flipped: bool  # the cues say the two disagree


@dataclass(frozen=True)
class Verification:
    words: str
    speaker: str
    speaker_resolved: str | None
    around: date | None
    days: int
    verdict: str
    reason: str
    method: str
    threshold: float
    match: Match | None  # the speaker's closest statement in the window
    said_by_other: Match | None = None  # a close match by someone else in the window
    said_on_other_date: Match | None = None  # a close match by the speaker outside the window
    candidates: int = 0
    fallback: str | None = None  # why word overlap stood in for the model (none installed)


def in_window(day: date | None, around: date | None, days: int) -> bool:
    if around is None:
        return True
    return day is not None and abs((day - around).days) <= days


def rank(
    words: str, statements: Sequence[RecordedStatement], similarity: Similarity | None
) -> list[Match]:
    """Every statement scored against the attributed words, best first."""
    if not statements:
        return []
    words = strip_frame(words)
    units: list[str] = []
    owners: list[int] = []
    for n, statement in enumerate(statements):
        parts = sentences(statement.words)
        for part in [*parts, statement.words] if len(parts) > 1 else parts:
            units.append(part)
            owners.append(n)
    semantic = similarity.scores(words, units) if similarity is not None else None
    best: dict[int, Match] = {}
    for i, unit in enumerate(units):
        lexical = lexical_overlap(words, unit)
        sem = semantic[i] if semantic is not None else None
        score = lexical if sem is None else SEMANTIC_SHARE * sem + (1 - SEMANTIC_SHARE) * lexical
        current = best.get(owners[i])
        if current is None or score > current.score:
            negation, flipped, clashes = polarity_flips(words, unit)
            best[owners[i]] = Match(
                statement=statements[owners[i]],
                closest=unit,
                semantic=None if sem is None else round(sem, 4),
                lexical=round(lexical, 4),
                score=round(score, 4),
                negation_mismatch=negation,
                antonyms=tuple(clashes),
                flipped=flipped,
            )
    return sorted(best.values(), key=lambda m: (-m.score, m.statement.id))


def verify(
    words: str,
    *,
    speaker: str,
    speaker_keys: frozenset[str],
    statements: Sequence[RecordedStatement],
    around: date | None = None,
    days: int = 3,
    similarity: Similarity | None,
    speaker_resolved: str | None = None,
) -> Verification:
    """The verdict on ``words`` attributed to ``speaker`` (whose keys are ``speaker_keys``)."""
    if not words.strip():
        raise InvalidInput("the words to verify are empty: pass the attributed words in quotes")
    if days < 0:
        raise InvalidInput(f"--days {days}: the window cannot be negative")
    method = similarity.name if similarity is not None else "lexical"
    threshold = THRESHOLD["lexical" if similarity is None else "embeddings"]
    own = [s for s in statements if s.speaker_key in speaker_keys]
    in_time = [s for s in own if in_window(s.date, around, days)]
    others = [
        s
        for s in statements
        if s.speaker_key not in speaker_keys and in_window(s.date, around, days)
    ]
    out_of_time = [s for s in own if not in_window(s.date, around, days)]
    ranked = rank(words, in_time, similarity)
    best = ranked[0] if ranked else None
    base = Verification(
        words=words,
        speaker=speaker,
        speaker_resolved=speaker_resolved,
        around=around,
        days=days,
        verdict="no record",
        reason="",
        method=method,
        threshold=threshold,
        match=best,
        candidates=len(in_time),
    )
    if best is not None and best.score >= threshold:
        verdict = "contradicted" if best.flipped else "supported"
        return replace(base, verdict=verdict, reason=_reason(verdict, best))
    other = _close(rank(words, others, similarity), threshold)
    elsewhere = _close(rank(words, out_of_time, similarity), threshold)
    return replace(
        base,
        reason=_no_record_reason(speaker, in_time, other, elsewhere),
        said_by_other=other,
        said_on_other_date=elsewhere,
    )


def _close(ranked: list[Match], threshold: float) -> Match | None:
    return ranked[0] if ranked and ranked[0].score >= threshold else None


def _reason(verdict: str, match: Match) -> str:
    if verdict == "supported":
        return f"close to recorded words (score {match.score:.2f})"
    cues = []
    if match.negation_mismatch:
        cues.append("a negation on one side only")
    if match.antonyms:
        cues.append("opposite words (" + ", ".join(match.antonyms) + ")")
    return f"close to recorded words (score {match.score:.2f}) but with " + " and ".join(cues)


def _no_record_reason(
    speaker: str,
    in_time: Sequence[RecordedStatement],
    other: Match | None,
    elsewhere: Match | None,
) -> str:
    parts = [
        f"no recorded statement by {speaker} in the window"
        if not in_time
        else f"none of {len(in_time)} recorded statement(s) by {speaker} in the window is close"
    ]
    if other is not None:
        parts.append(f"said by someone else: {other.statement.speaker}")
    if elsewhere is not None and elsewhere.statement.date is not None:
        parts.append(f"{speaker} said something close on {elsewhere.statement.date.isoformat()}")
    return "; ".join(parts)
