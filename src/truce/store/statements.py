"""Searching the statements a reader may see: words, speaker or venue containing a phrase."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from truce.store.models import Source, Statement
from truce.store.visibility import Audience, visible_clause


def search_statements(
    session: Session, q: str | None, audience: Audience, *, limit: int
) -> tuple[int, list[tuple[Statement, str | None]]]:
    """How many statements match ``q`` (any case; all of them when it is empty), and the
    first ``limit`` of them, latest first, each with its source's title (None when the
    reader may not see the source)."""
    where = [visible_clause(Statement, audience)]
    if q and q.strip():
        like = f"%{q.strip()}%"
        where.append(
            or_(
                Statement.words.ilike(like),
                Statement.speaker_name.ilike(like),
                Statement.venue.ilike(like),
            )
        )
    total = session.scalar(select(func.count()).select_from(Statement).where(*where)) or 0
    query = (
        select(Statement, Source.title)
        .outerjoin(Source, (Source.id == Statement.source_id) & visible_clause(Source, audience))
        .where(*where)
        .order_by(Statement.date.desc(), Statement.id)
        .limit(limit)
    )
    return int(total), [(statement, title) for statement, title in session.execute(query)]
