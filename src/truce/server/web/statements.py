"""Statements search for the web: words, speaker or venue containing the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.store.models import Source, Statement
from truce.store.visibility import visible_clause


@dataclass(frozen=True)
class StatementHit:
    id: int
    speaker: str
    date: Any
    venue: str | None
    words: str
    direct: bool
    source: str | None


def search(
    session: Session, viewer: Principal, q: str | None, *, limit: int = 100
) -> tuple[int, list[StatementHit]]:
    """Statements the viewer may see whose words, speaker or venue contain ``q`` (any case)."""
    where = [visible_clause(Statement, viewer.audience)]
    if q and q.strip():
        like = f"%{q.strip()}%"
        where.append(
            or_(
                Statement.words.ilike(like),
                Statement.speaker_name.ilike(like),
                Statement.venue.ilike(like),
            )
        )
    total = session.query(Statement).filter(*where).count()
    query = (
        select(Statement, Source.title)
        .outerjoin(
            Source, (Source.id == Statement.source_id) & visible_clause(Source, viewer.audience)
        )
        .where(*where)
        .order_by(Statement.date.desc(), Statement.id)
        .limit(limit)
    )
    hits = [
        StatementHit(s.id, s.speaker_name, s.date, s.venue, s.words, s.direct, title)
        for s, title in session.execute(query)
    ]
    return total, hits
