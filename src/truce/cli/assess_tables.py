"""Rich tables for ``truce assess`` and ``truce verify`` (screen output only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from truce.analyze.assess_store import AssessmentResult
    from truce.analyze.verify import Match, Verification

_MARKS = {"C": "C", "I": "I", "w": "i", "N": "·"}


def assessment_tables(result: AssessmentResult) -> list[Table]:
    """Matrix, ranking, and timeline; sensitivity in the ranking's caption."""
    ach, rev = result.ach, result.review
    title = f"{ach.attribute} of event {result.event.id}: {result.event.label}"
    if not ach.rows:
        empty = Table(title=title, show_header=False)
        empty.add_column("note")
        empty.add_row(f"No {ach.attribute} claims about this event yet: nothing to weigh.")
        return [empty]
    matrix = Table(
        title=title,
        caption="C consistent · I inconsistent · i weakly inconsistent · neutral; "
        "weight = reliability × credibility ÷ √(claims in its dependent group)",
    )
    for name in ("claim", "made on", "claimant", "says", "grade", "weight"):
        matrix.add_column(name)
    for hypothesis in ach.hypotheses:
        matrix.add_column(hypothesis, justify="center")
    for row in ach.rows:
        c = row.claim
        matrix.add_row(
            str(c.id),
            c.made_on.isoformat() if c.made_on else "",
            c.claimant or "",
            f"{c.stance} {c.value}",
            c.grade,
            f"{row.effective_weight:.2f}"
            + (f" (÷√{row.group_size})" if row.group_size > 1 else ""),
            *(_MARKS[row.cells[h]] for h in ach.hypotheses),
        )
    conf = rev.confidence
    pivotal = [
        f"claim {s.claim_id} (without it: {s.leader_without}; reversed: {s.leader_reversed})"
        for s in rev.sensitivity
        if s.pivotal
    ]
    ranking = Table(
        title=f"Conclusion: {rev.conclusion} — {conf.label} confidence "
        f"(margin {conf.margin:.2f}, {conf.independent} independent, best source "
        f"{conf.best_reliability or '-'})",
        caption="pivotal: " + ("; ".join(pivotal) if pivotal else "no single claim changes it"),
    )
    for name in ("rank", "hypothesis", "inconsistency", "support", "grade"):
        ranking.add_column(name)
    for s in ach.ranking:
        ranking.add_row(
            str(s.rank),
            s.hypothesis,
            f"{s.inconsistency:.2f}",
            f"{s.support:.2f}",
            rev.grades.get(s.hypothesis, "-"),
        )
    timeline = Table(title="How the account changed")
    for name in ("made on", "claimant", "says", "leader after"):
        timeline.add_column(name)
    for step in rev.timeline:
        timeline.add_row(
            step.made_on.isoformat() if step.made_on else "undated",
            step.claimant or "",
            f"{step.stance} {step.value}",
            (step.leader or "") + (" ← changed" if step.changed else ""),
        )
    return [matrix, ranking, timeline]


def _describe(table: Table, label: str, match: Match) -> None:
    s = match.statement
    when = s.date.isoformat() if s.date else "undated"
    table.add_row(label, f"{s.speaker}, {when}: “{match.closest}”")
    table.add_row("source", " ".join(p for p in (s.source, s.source_url, s.venue) if p) or "-")
    cues = []
    if match.negation_mismatch:
        cues.append("negation on one side")
    cues += [f"opposites {a}" for a in match.antonyms]
    semantic = "" if match.semantic is None else f", semantic {match.semantic:.2f}"
    table.add_row(
        "score",
        f"{match.score:.2f} (lexical {match.lexical:.2f}{semantic})"
        + (f"; {', '.join(cues)}" if cues else ""),
    )


def verification_table(result: Verification) -> Table:
    speaker = result.speaker
    if result.speaker_resolved and result.speaker_resolved != result.speaker:
        speaker += f" → {result.speaker_resolved}"
    table = Table(
        title=f"{result.verdict.upper()}: “{result.words}” ({speaker})", show_header=False
    )
    table.add_column("what")
    table.add_column("detail")
    window = "any date"
    if result.around:
        window = f"{result.around.isoformat()} ± {result.days} days"
    table.add_row("why", result.reason)
    table.add_row("window", f"{window}; {result.candidates} statement(s) by the speaker")
    table.add_row("method", f"{result.method} (threshold {result.threshold:.2f})")
    if result.match is not None:
        _describe(table, "closest", result.match)
    if result.said_by_other is not None:
        _describe(table, "said by someone else", result.said_by_other)
    if result.said_on_other_date is not None:
        _describe(table, "said on another date", result.said_on_other_date)
    return table
