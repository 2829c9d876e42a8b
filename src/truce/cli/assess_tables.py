"""Screen output of ``truce assess`` and ``truce verify`` (rich renderables, 80 columns up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from truce.analyze.assess.text import evidence_summary, headline
from truce.names import normalize_name

if TYPE_CHECKING:
    from truce.analyze.assess.store import AssessmentResult
    from truce.analyze.verify.verdict import Match, Verification

_MARK_NAMES = {"C": "consistent", "I": "inconsistent", "w": "weakly inconsistent"}


def assessment_tables(result: AssessmentResult) -> list[RenderableType]:
    """The conclusion, the hypotheses as a tree, one block per claim, and the timeline — laid
    out as lines and two-column grids, so they read at 80 columns as well as at 200."""
    ach, rev = result.ach, result.review
    title = Text(f"{ach.attribute} of event {result.event.id}: {result.event.label}", "bold")
    if not ach.rows:
        return [title, Text(f"No {ach.attribute} claims about this event yet: nothing to weigh.")]
    summary = Text("\n".join([*headline(rev), evidence_summary(result.ach, rev)]))
    return [
        title,
        summary,
        _pivotal(result),
        _ranking(result),
        _claims(result),
        _timeline(result),
    ]


def _pivotal(result: AssessmentResult) -> Text:
    found = [
        f"#{s.claim_id} (without it: {s.leader_without or 'no leader'}; "
        f"reversed: {s.leader_reversed or 'no leader'})"
        for s in result.review.sensitivity
        if s.pivotal
    ]
    if not found:
        return Text("Pivotal claims: none — no single claim changes the leader.")
    return Text("Pivotal claims: " + "; ".join(found))


def _ranking(result: AssessmentResult) -> Table:
    ach, rev = result.ach, result.review
    table = Table(
        title="Hypotheses, narrower ones under the broader",
        title_justify="left",
        caption="rank among siblings; inconsistency with the independent claims (lower is "
        "better), then with the interested ones (only breaks ties); support = weight of the "
        "independent claims consistent with it",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("hypothesis", ratio=3, overflow="fold")
    for name in ("incons.", "interested", "support"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("grade", no_wrap=True)
    for s in ach.ranking:
        table.add_row(
            f"{'   ' * s.depth}{s.rank}. {s.hypothesis}",
            f"{s.inconsistency:.2f}",
            f"{s.interested_inconsistency:.2f}",
            f"{s.support:.2f}",
            rev.grades.get(s.hypothesis, "-"),
        )
    return table


def _grid(title: str, key: str, detail: str) -> Table:
    """A borderless two-column grid: a short key, then its detail folded to the width."""
    grid = Table(title=title, title_justify="left", box=None, show_header=False, pad_edge=False)
    grid.add_column(key, no_wrap=True)
    grid.add_column(detail, overflow="fold")
    return grid


def _claims(result: AssessmentResult) -> Table:
    ach = result.ach
    grid = _grid(
        "Claims (weight = reliability × credibility ÷ √claims in its dependent group)",
        "claim",
        "detail",
    )
    for row in ach.rows:
        c = row.claim
        said = f"{c.stance} {c.value}"
        if c.raw_value and normalize_name(c.raw_value) != normalize_name(c.value):
            said += f" (“{c.raw_value}”)"
        weight = f"{row.effective_weight:.2f}" + (
            f" (÷√{row.group_size})" if row.group_size > 1 else ""
        )
        marks: dict[str, list[str]] = {}
        for h in ach.hypotheses:
            if row.cells[h] in _MARK_NAMES:
                marks.setdefault(_MARK_NAMES[row.cells[h]], []).append(h)
        lines = [
            f"{c.made_on.isoformat() if c.made_on else 'undated'} · {c.claimant or '?'}: {said}",
            f"grade {c.grade}, weight {weight}"
            + (" · INTERESTED (a party to the incident or its ally)" if c.interested else ""),
            *(f"{mark}: {'; '.join(names)}" for mark, names in marks.items()),
        ]
        grid.add_row(f"#{c.id}", "\n".join(lines))
    return grid


def _timeline(result: AssessmentResult) -> Table:
    grid = _grid("How the account changed (the leader after each claim)", "when", "what")
    for step in result.review.timeline:
        grid.add_row(
            step.made_on.isoformat() if step.made_on else "undated",
            f"#{step.claim_id} {step.claimant or '?'} {step.stance} {step.value} → "
            f"{step.leader or 'none'}" + (" (changed)" if step.changed else ""),
        )
    return grid


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
