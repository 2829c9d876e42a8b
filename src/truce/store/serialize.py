"""Records as plain JSON-ready dicts (audit entries, JSON Lines export, API responses)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_dict(record: object, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Column values of ``record`` (no relationships), dates as ISO strings."""
    mapper = inspect(type(record))
    return {
        column.key: jsonable(getattr(record, column.key))
        for column in mapper.column_attrs
        if column.key not in exclude
    }
