"""Reviewing extraction candidates: accept one (as a new record, or as one more source of an
event it duplicates), reject one, or edit one before accepting it.

Each call is one audited transaction done as ``actor`` and returns the candidate as it stands
afterwards (accepted, rejected or edited), so the caller can show its record or version.
"""

from __future__ import annotations

from sqlalchemy import Engine

from truce.errors import InvalidInput
from truce.extract import load_gazetteer
from truce.store import candidates
from truce.store.candidate_edits import CandidateEdit
from truce.store.candidate_edits import edit_candidate as apply_edit
from truce.store.db import transaction
from truce.store.models import Candidate

DECISIONS = ("accept", "reject")


def accept_candidate(
    engine: Engine,
    candidate_id: int,
    *,
    actor: str,
    event_id: int | None = None,
    note: str | None = None,
    merge_into: int | None = None,
    create_new: bool = False,
) -> Candidate:
    """Create the candidate's record linked to its source and span (a claim about
    ``event_id``); an event matching an existing one is refused as a possible duplicate unless
    ``merge_into`` names the event to add the source to, or ``create_new`` is set."""
    with transaction(engine) as session:
        return candidates.accept_candidate(
            session, candidate_id, actor=actor, event_id=event_id, note=note,
            merge_into=merge_into, create_new=create_new,
        )  # fmt: skip


def reject_candidate(
    engine: Engine, candidate_id: int, *, actor: str, note: str | None = None
) -> Candidate:
    """Mark a pending candidate rejected (it is kept, with the note)."""
    with transaction(engine) as session:
        return candidates.reject_candidate(session, candidate_id, actor=actor, note=note)


def decide_candidate(
    engine: Engine,
    candidate_id: int,
    decision: str,
    *,
    actor: str,
    note: str | None = None,
    event_id: int | None = None,
    merge_into: int | None = None,
    create_new: bool = False,
) -> Candidate:
    """:func:`accept_candidate` or :func:`reject_candidate`, by the decision's name."""
    if decision == "accept":
        return accept_candidate(
            engine, candidate_id, actor=actor, event_id=event_id, note=note,
            merge_into=merge_into, create_new=create_new,
        )  # fmt: skip
    if decision == "reject":
        return reject_candidate(engine, candidate_id, actor=actor, note=note)
    raise InvalidInput(f"unknown decision {decision!r}: use {' or '.join(DECISIONS)}")


def edit_candidate(
    engine: Engine,
    candidate_id: int,
    change: CandidateEdit,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Candidate:
    """Change a pending candidate's fields (places resolved against the packaged gazetteer);
    with ``expected_version``, an edit made on a stale copy is refused."""
    with transaction(engine) as session:
        return apply_edit(
            session, candidate_id, change, actor=actor, gazetteer=load_gazetteer(),
            expected_version=expected_version,
        )  # fmt: skip
