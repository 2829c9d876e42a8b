"""Sharing a record with a party (a liaison of that party then sees it): whom a record is
shared with, sharing it and ending the share, each change audited."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from truce.errors import NotFound
from truce.store import audit
from truce.store.models import Actor, RecordShare


def shared_with(session: Session, kind: str, record_id: int) -> list[int]:
    """The party actor ids record ``kind`` ``record_id`` is shared with, in id order."""
    query = select(RecordShare.party_id).where(
        RecordShare.record_kind == kind, RecordShare.record_id == record_id
    )
    return sorted(session.scalars(query))


def share(session: Session, kind: str, record_id: int, party_id: int, *, actor: str) -> list[int]:
    """Share the record with party ``party_id`` (once; audited); the parties it is shared with.

    Raises NotFound when the party actor is missing or deleted."""
    party = session.get(Actor, party_id)
    if party is None or party.deleted_at is not None:
        raise NotFound(f"no actor with id {party_id} to share with")
    if party_id not in shared_with(session, kind, record_id):
        session.add(RecordShare(record_kind=kind, record_id=record_id, party_id=party_id))
        audit.append(
            session,
            actor=actor,
            action="share",
            record_kind=kind,
            record_id=record_id,
            after={"party_id": party_id},
        )
    return shared_with(session, kind, record_id)


def unshare(session: Session, kind: str, record_id: int, party_id: int, *, actor: str) -> None:
    """Stop sharing the record with party ``party_id`` (audited); NotFound when it is not."""
    if party_id not in shared_with(session, kind, record_id):
        raise NotFound(f"{kind} {record_id} is not shared with actor {party_id}")
    session.execute(
        delete(RecordShare).where(
            RecordShare.record_kind == kind,
            RecordShare.record_id == record_id,
            RecordShare.party_id == party_id,
        )
    )
    audit.append(
        session,
        actor=actor,
        action="unshare",
        record_kind=kind,
        record_id=record_id,
        before={"party_id": party_id},
    )
