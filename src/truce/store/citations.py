"""Reading what rests on one source, as a reader may see it: the events and agreements linked
to it (with the span of its text each rests on), and the statements and claims taken from it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.store.models import Agreement, Claim, Event, Record, RecordSource, Statement
from truce.store.records import visible_by_ids
from truce.store.visibility import Audience, visible_clause

CITING_KINDS: dict[str, type[Record]] = {"events": Event, "agreements": Agreement}


def records_citing(
    session: Session, source_id: int, audience: Audience
) -> list[tuple[RecordSource, Record]]:
    """(link, record) of the events and agreements the reader may see that rest on the
    source, in the order of their spans in its text."""
    query = (
        select(RecordSource)
        .where(RecordSource.source_id == source_id)
        .order_by(RecordSource.span_start, RecordSource.id)
    )
    links = list(session.scalars(query))
    seen = {
        kind: visible_by_ids(
            session, model, (link.record_id for link in links if link.record_kind == kind),
            audience,
        )
        for kind, model in CITING_KINDS.items()
    }  # fmt: skip
    return [
        (link, seen[link.record_kind][link.record_id])
        for link in links
        if link.record_id in seen.get(link.record_kind, {})
    ]


def _taken_from(session: Session, model: Any, source_id: int, audience: Audience) -> list[Any]:
    """The records of ``model`` taken from the source that the reader may see, oldest first
    (by their own date, then id)."""
    day = Statement.date if model is Statement else Claim.made_on
    query = (
        select(model)
        .where(model.source_id == source_id, visible_clause(model, audience))
        .order_by(day, model.id)
    )
    return list(session.scalars(query))


def statements_citing(session: Session, source_id: int, audience: Audience) -> list[Statement]:
    return _taken_from(session, Statement, source_id, audience)


def claims_citing(session: Session, source_id: int, audience: Audience) -> list[Claim]:
    return _taken_from(session, Claim, source_id, audience)
