"""The tamper-evident audit trail: every write appends an entry chained by SHA-256.

Each entry's hash covers its own fields and the previous entry's hash, so editing, inserting or
deleting an entry breaks the chain from that point on; :func:`verify` says where. The hash of the
newest entry (the head) can be kept elsewhere (``truce audit head``) to detect truncation too.

An entry that writes records also carries the hashes of those records as written (``seals``,
see :mod:`truce.store.seals`): they go to ``audit_records`` and their digest into the entry's
hash, so the chain vouches for the records' content, not only for the log.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from json.encoder import encode_basestring  # the canonical encoder's own string encoder
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session

from truce.store import sqlitebulk, written
from truce.store.models import AuditEntry, AuditRecord
from truce.store.pgbulk import copy_rows
from truce.store.seals import (
    Digest,
    Seal,
    every_record,
    ordered,
    seals_of,
    stream_rows,
    with_noted,
)

GENESIS = "0" * 64


def cli_actor() -> str:
    """The audit name of whoever runs the CLI on this machine."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _canonical(value: Any) -> str:
    return _ENCODER.encode(value)


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
    records_digest: str | None = None,
) -> str:
    head = [seq, _at_text(at), actor, action, record_kind, record_id]
    return _hashed(head, _canonical(before), _canonical(after), note, prev_hash, records_digest)


def _hashed(
    head: list[Any], before: str, after: str, note: str | None, prev_hash: str,
    records_digest: str | None,
) -> str:  # fmt: skip
    """:func:`entry_hash` with ``before`` and ``after`` given as their canonical JSON text:
    the hash of the canonical text of the list of the fields, written out here."""
    tail = [note, prev_hash]
    if records_digest is not None:  # entries made before record hashing have none
        tail.append(records_digest)
    try:
        # The lists' canonical text spelled out (an int, then texts or nulls): what the
        # encoder writes, without its set-up for two short lists an entry.
        if type(head[0]) is not int:
            raise TypeError("not an int")
        opening = ",".join([int.__repr__(head[0]), *map(_text_or_null, head[1:])])
        closing = ",".join(map(_text_or_null, tail))
        body = f"[{opening},{before},{after},{closing}]"
    except TypeError:  # a value of another type: the encoder's own text
        body = f"{_canonical(head)[:-1]},{before},{after},{_canonical(tail)[1:]}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _text_or_null(value: str | None) -> str:
    """The canonical JSON text of a text or None (a value of another type: TypeError)."""
    return "null" if value is None else encode_basestring(value)


def _at_text(at: datetime) -> str:
    # SQLite drops the time zone: hash a naive UTC timestamp so both stores agree.
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7243001)"))


@dataclass(frozen=True)
class Change:
    """One entry to append: what was done to which record, and the seals it leaves behind."""

    action: str
    record_kind: str
    record_id: int | str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    note: str | None = None
    seals: Iterable[Seal] | None = None
    after_text: str | None = None  # ``after``'s canonical text, when the caller has it


def canonical_objects(
    values: Sequence[dict[str, Any]], texts: Mapping[str, Sequence[str | None]]
) -> list[str]:
    """The canonical text of each of ``values`` (objects of the same text keys) whose members
    under the keys of ``texts`` are given, object by object, as their canonical text already
    (None: a null member, else a value not given, for which the whole object is encoded). An
    object's text is its members' texts in key order joined by commas: the other members are
    encoded a run at a time between the given texts."""
    if not values:
        return []
    keys = sorted(values[0])
    runs: list[tuple[str, ...] | str] = []  # a run of keys to encode, or a key given as text
    run: list[str] = []
    for key in keys:
        if key in texts:
            if run:
                runs.append(tuple(run))
                run = []
            runs.append(key)
        else:
            run.append(key)
    if run:
        runs.append(tuple(run))
    named = {key: f"{encode_basestring(key)}:" for key in texts}
    picks = {part: itemgetter(*part) for part in runs if isinstance(part, tuple)}
    same = set(keys)

    def joined(value: dict[str, Any], index: int) -> str | None:
        parts = []
        for part in runs:
            if isinstance(part, str):
                text = texts[part][index]
                if text is None and value[part] is not None:
                    return None
                parts.append(named[part] + (text or "null"))
            else:
                picked = picks[part](value)
                members = dict(zip(part, picked if len(part) > 1 else (picked,), strict=True))
                parts.append(_canonical(members)[1:-1])
        return "{" + ",".join(parts) + "}"

    found = []
    for index, value in enumerate(values):
        text = joined(value, index) if value.keys() == same else None
        found.append(_canonical(value) if text is None else text)
    return found


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
    seals: Iterable[Seal] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: it commits or rolls back with the write.

    ``seals`` are the (kind, id, hash) of the records this write leaves behind (see
    :mod:`truce.store.seals`); a list is sorted here, a stream must come in (kind, id) order.
    The link and account rows the session wrote since its last entry are sealed here too
    (:mod:`truce.store.written`): no caller passes those.
    """
    seq, prev_hash = _head(session)
    seals = _with_links(session, seals)
    change = Change(action, record_kind, record_id, before, after, note, seals)
    digest = _write_seals(session, [(seq, seals)])[0] if seals is not None else None
    row = _chained(change, seq=seq, prev_hash=prev_hash, actor=actor, digest=digest)
    entry = AuditEntry(**_parsed(row))
    session.add(entry)
    session.flush()
    return entry


def append_many(session: Session, changes: Sequence[Change], *, actor: str) -> list[int]:
    """Append one entry per change, chained in order, with two statements for them all (the
    entries, then their seals); returns their seqs. Each entry is exactly what :func:`append`
    would have written one at a time, so :func:`verify` checks each record as before."""
    if not changes:
        return []
    seq, prev_hash = _head(session)
    last = changes[-1]  # the link rows written before this call go with its last entry
    changes = [*changes[:-1], replace(last, seals=_with_links(session, last.seals))]
    seqs = list(range(seq, seq + len(changes)))
    digests = _write_seals(session, [(s, c.seals) for s, c in zip(seqs, changes, strict=True)])
    at = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for number, change, digest in zip(seqs, changes, digests, strict=True):
        row = _chained(change, seq=number, prev_hash=prev_hash, actor=actor, digest=digest, at=at)
        prev_hash = row["hash"]
        rows.append(row)
    _insert_entries(session, rows)
    return seqs


def _insert_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """The entries' rows in one statement, the JSON columns as their canonical text, as it is
    (PostgreSQL: ``COPY``; SQLite: one batched insert, the time bound as SQLAlchemy binds it)."""
    connection = session.connection()
    names = list(rows[0])
    dialect = connection.dialect
    if dialect.name == "postgresql":
        copy_rows(connection, AuditEntry.__tablename__, names, [[*r.values()] for r in rows])
        return
    if dialect.name != "sqlite":
        parsed = [_parsed(row) for row in rows]
        connection.execute(insert(AuditEntry.__table__), parsed)  # type: ignore[arg-type]
        return
    (stamp,) = sqlitebulk.bind_processors(connection, AuditEntry.__table__, ["at"])
    bound = [[*row.values()] for row in rows]
    if stamp is not None:
        at = names.index("at")
        stamps: dict[Any, Any] = {}
        for values in bound:
            moment = values[at]
            if moment not in stamps:
                stamps[moment] = stamp(moment)
            values[at] = stamps[moment]
    sqlitebulk.insert_rows(connection, AuditEntry.__tablename__, names, bound)


def _with_links(session: Session, seals: Iterable[Seal] | None) -> Iterable[Seal] | None:
    """``seals`` and those of the link and account rows the session noted (after a flush)."""
    noted = written.take(session)
    if not noted:
        return seals
    links = [seal for kind, ids in noted.items() for seal in seals_of(session, kind, ids)]
    return with_noted(seals, links)


def _head(session: Session) -> tuple[int, str]:
    """The next seq and the hash to chain to, under the store's audit lock."""
    _lock(session)
    session.flush()
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return ((last[0] + 1), last[1]) if last else (1, GENESIS)


def _chained(
    change: Change,
    *,
    seq: int,
    prev_hash: str,
    actor: str,
    digest: str | None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The columns of the entry for ``change`` at ``seq``, its hash included; ``before`` and
    ``after`` as their canonical JSON text (what is stored, and what the hash covers)."""
    at = at or datetime.now(UTC).replace(tzinfo=None)
    record_id = str(change.record_id) if change.record_id is not None else None
    head = [seq, _at_text(at), actor, change.action, change.record_kind, record_id]
    before = _canonical(change.before) if change.before is not None else None
    after = change.after_text
    if after is None and change.after is not None:
        after = _canonical(change.after)
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": change.action,
        "record_kind": change.record_kind,
        "record_id": record_id,
        "before": before,
        "after": after,
        "note": change.note,
        "prev_hash": prev_hash,
        "records_digest": digest,
        "hash": _hashed(head, before or "null", after or "null", change.note, prev_hash, digest),
    }


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    """An entry's columns from :func:`_chained` with ``before`` and ``after`` parsed, for a
    driver that takes JSON columns as values."""
    found = dict(row)
    for name in ("before", "after"):
        if found[name] is not None:
            found[name] = json.loads(found[name])
    return found


def _write_seals(
    session: Session, batches: Sequence[tuple[int, Iterable[Seal] | None]]
) -> list[str | None]:
    """Store each entry's seals under its seq; each one's digest (None when it has none)."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    digests: list[str | None] = []
    pending: list[tuple[int, str, int, str | None]] = []

    def flush() -> None:
        if not pending:
            return
        if sqlite:  # straight to the driver: a million rows of four values add up
            connection.exec_driver_sql(
                "INSERT INTO audit_records (seq, record_kind, record_id, hash) VALUES (?, ?, ?, ?)",
                pending,
            )
        else:  # PostgreSQL: through COPY, a tenth of an executemany's cost
            copy_rows(connection, "audit_records", ("seq", "record_kind", "record_id", "hash"),
                      pending)  # fmt: skip
        pending.clear()

    for seq, seals in batches:
        if seals is None:
            digests.append(None)
            continue
        if isinstance(seals, list | tuple) and len(seals) == 1:  # a record's own entry
            kind, record_id, row_hash = seals[0]
            digests.append(Digest.of_one(kind, record_id, row_hash))
            pending.append((seq, kind, record_id, row_hash))
            if len(pending) >= 5000:
                flush()
            continue
        digest = Digest()
        stream = iter(ordered(seals))
        while batch := list(islice(stream, 5000)):
            digest.add_batch(batch)
            prefixed = cast(Callable[[Seal], tuple[int, str, int, str | None]], (seq,).__add__)
            pending.extend(map(prefixed, batch))  # (seq, kind, id, hash), one tuple add a seal
            if len(pending) >= 5000:
                flush()
        digests.append(digest.hexdigest() if digest.count else None)
    flush()
    return digests


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    code: str  # edited | inserted-or-deleted | gap | head-mismatch | seals-edited
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
    digests = _seal_digests(session)
    pending = next(digests, None)
    rows = session.execute(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    ).scalars()
    for entry in rows:
        count += 1
        while pending is not None and pending[0] < entry.seq:
            problems.append(_orphan_seals(pending[0]))
            pending = next(digests, None)
        found = None
        if pending is not None and pending[0] == entry.seq:
            found = pending[1]
            pending = next(digests, None)
        if found != entry.records_digest:
            problems.append(
                AuditProblem(
                    entry.seq,
                    "seals-edited",
                    "the record hashes stored for this entry do not match its digest "
                    "(audit_records was edited)",
                )
            )
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
            records_digest=entry.records_digest,
        )
        if recomputed != entry.hash:
            problems.append(
                AuditProblem(entry.seq, "edited", "its content does not match its hash")
            )
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    while pending is not None:
        problems.append(_orphan_seals(pending[0]))
        pending = next(digests, None)
    if expected_head is not None and expected_head != prev_hash:
        problems.append(
            AuditProblem(
                expected_seq - 1,
                "head-mismatch",
                "the newest entry is not the recorded head (entries were removed from the end)",
            )
        )
    return AuditReport(entries=count, head=prev_hash, problems=tuple(problems))


def _seal_digests(session: Session) -> Iterator[tuple[int, str]]:
    """(seq, digest) of the stored seals, entry by entry in seq order, as a stream."""
    statement = select(
        AuditRecord.seq, AuditRecord.record_kind, AuditRecord.record_id, AuditRecord.hash
    ).order_by(AuditRecord.seq, AuditRecord.record_kind, AuditRecord.record_id)
    current: int | None = None
    digest = Digest()
    for seq, kind, record_id, row_hash in stream_rows(session.connection(), statement):
        if seq != current:
            if current is not None:
                yield current, digest.hexdigest()
            current, digest = seq, Digest()
        digest.add(kind, record_id, row_hash)
    if current is not None:
        yield current, digest.hexdigest()


def _orphan_seals(seq: int) -> AuditProblem:
    return AuditProblem(
        seq,
        "seals-edited",
        f"audit_records holds record hashes under entry {seq}, which wrote none",
    )


def seal_everything(
    session: Session,
    *,
    actor: str,
    note: str,
    reflect: bool = False,
    kinds: Iterable[str] | None = None,
) -> int:
    """One audit entry sealing every row of the sealed kinds (or of ``kinds``) as it is now
    (the backfills of migrations 0010 and 0011, and a restore of a backup made before record
    hashing); returns how many were sealed. Nothing is written when there is nothing to seal."""
    connection = session.connection()
    chosen = sorted(kinds) if kinds is not None else None
    first = next(every_record(connection, reflect=reflect, kinds=chosen), None)
    if first is None:
        return 0
    entry = append(
        session,
        actor=actor,
        action="seal",
        record_kind="store",
        note=note,
        seals=every_record(connection, reflect=reflect, kinds=chosen),
    )
    return int(
        connection.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.seq == entry.seq)
        )
        or 0
    )


def backfill(bind: Connection, *, actor: str, note: str, kinds: Iterable[str]) -> None:
    """A migration's :func:`seal_everything` of ``kinds``, over the tables as they are then."""
    session = Session(bind=bind)
    seal_everything(session, actor=actor, note=note, reflect=True, kinds=kinds)
    session.flush()


def count_entries(connection: Connection) -> int:
    """How many entries the audit trail holds."""
    return int(connection.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def has_action(connection: Connection, action: str) -> bool:
    """Whether an entry of the trail records ``action`` (such as the demo's mark)."""
    found = select(AuditEntry.seq).where(AuditEntry.action == action).limit(1)
    return connection.execute(found).first() is not None


def _seal_unclaimed(session: Session) -> None:
    """Before a commit: one entry sealing the link and account rows the session wrote with no
    audit entry after them (:mod:`truce.store.written`)."""
    kinds = written.unclaimed(session)
    if kinds is not None:
        append(
            session,
            actor=written.UNATTRIBUTED,
            action="seal",
            record_kind="store",
            note=f"{', '.join(kinds)} written with no audit entry of their own",
        )


written.watch(_seal_unclaimed)
