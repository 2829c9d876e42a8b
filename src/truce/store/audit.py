"""The tamper-evident audit trail: every write appends an entry chained by SHA-256.

Each entry's hash covers its own fields and the previous entry's hash, so editing, inserting or
deleting an entry breaks the chain from that point on; :func:`verify` says where. The hash of the
newest entry (the head) can be kept elsewhere (``truce audit head``) to detect truncation too.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from truce.store.models import AuditEntry

GENESIS = "0" * 64


def cli_actor() -> str:
    """The audit name of whoever runs the CLI on this machine."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    record_kind: str,
    record_id: str | None,
    before: Any,
    after: Any,
    note: str | None,
    prev_hash: str,
) -> str:
    body = _canonical(
        [seq, _at_text(at), actor, action, record_kind, record_id, before, after, note, prev_hash]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _at_text(at: datetime) -> str:
    # SQLite drops the time zone: hash a naive UTC timestamp so both stores agree.
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7243001)"))


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    record_kind: str,
    record_id: int | str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: it commits or rolls back with the write."""
    _lock(session)
    session.flush()
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq = (last[0] + 1) if last else 1
    prev_hash = last[1] if last else GENESIS
    at = datetime.now(UTC).replace(tzinfo=None)
    before_j = json.loads(_canonical(before)) if before is not None else None
    after_j = json.loads(_canonical(after)) if after is not None else None
    rid = str(record_id) if record_id is not None else None
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        record_kind=record_kind,
        record_id=rid,
        before=before_j,
        after=after_j,
        note=note,
        prev_hash=prev_hash,
        hash=entry_hash(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            record_kind=record_kind,
            record_id=rid,
            before=before_j,
            after=after_j,
            note=note,
            prev_hash=prev_hash,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    code: str  # edited | inserted-or-deleted | gap | head-mismatch
    message: str


@dataclass(frozen=True)
class AuditReport:
    entries: int
    head: str
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, *, expected_head: str | None = None) -> AuditReport:
    """Walk the chain and report every entry whose hash or link does not hold."""
    problems: list[AuditProblem] = []
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    for entry in rows:
        count += 1
        if entry.seq != expected_seq:
            problems.append(
                AuditProblem(entry.seq, "gap", f"expected entry {expected_seq}, found {entry.seq}")
            )
        if entry.prev_hash != prev_hash:
            problems.append(
                AuditProblem(
                    entry.seq,
                    "inserted-or-deleted",
                    "does not link to the entry before it (an entry was inserted or deleted)",
                )
            )
        recomputed = entry_hash(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            record_kind=entry.record_kind,
            record_id=entry.record_id,
            before=entry.before,
            after=entry.after,
            note=entry.note,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            problems.append(
                AuditProblem(entry.seq, "edited", "its content does not match its hash")
            )
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    if expected_head is not None and expected_head != prev_hash:
        problems.append(
            AuditProblem(
                expected_seq - 1,
                "head-mismatch",
                "the newest entry is not the recorded head (entries were removed from the end)",
            )
        )
    return AuditReport(entries=count, head=prev_hash, problems=tuple(problems))
