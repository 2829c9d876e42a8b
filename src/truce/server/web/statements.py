"""Statements search for the web: words, speaker or venue containing the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truce.auth import Principal
from truce.store.statements import search_statements


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
    total, rows = search_statements(session, q, viewer.audience, limit=limit)
    hits = [
        StatementHit(s.id, s.speaker_name, s.date, s.venue, s.words, s.direct, title)
        for s, title in rows
    ]
    return total, hits
