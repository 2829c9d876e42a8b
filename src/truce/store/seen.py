"""What a reader of the analyses and reports may see: classifications, and a party's shares.

The analyses take ``classifications`` (None: everything). A party liaison sees the public
records and those shared with their party; :class:`Seen` is the classifications tuple that also
carries that party, so it passes through every analysis unchanged, and :func:`seen_clause`
turns it into the WHERE clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_

from truce.store.models import RECORD_KINDS, RecordShare

_KIND_OF = {model: kind for kind, model in RECORD_KINDS.items()}


class Seen(tuple[str, ...]):
    """Classifications, plus the party whose shared records are seen too (None: no party)."""

    party_id: int | None

    def __new__(cls, classifications: Iterable[str], party_id: int | None = None) -> Seen:
        seen = super().__new__(cls, classifications)
        seen.party_id = party_id
        return seen

    def __repr__(self) -> str:
        return f"Seen({tuple(self)!r}, party_id={self.party_id!r})"


def seen_clause(model: Any, classifications: Sequence[str] | None) -> ColumnElement[bool]:
    """Live records of ``model`` in ``classifications`` (or shared with its party, if any)."""
    live: ColumnElement[bool] = model.deleted_at.is_(None)
    if classifications is None:
        return live
    allowed = model.classification.in_(tuple(classifications))
    party = getattr(classifications, "party_id", None)
    if party is None:
        return and_(live, allowed)
    shared = exists().where(
        RecordShare.record_kind == _KIND_OF[model],
        RecordShare.record_id == model.id,
        RecordShare.party_id == party,
    )
    return and_(live, or_(allowed, shared))
