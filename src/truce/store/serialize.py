"""Records as plain JSON-ready dicts (audit entries, JSON Lines export, API responses), and the
canonical text of a stored row that record hashes are taken over."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import compress, repeat
from operator import is_not
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, inspect
from sqlalchemy.orm import Mapper


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_dict(record: object, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Column values of ``record`` (no relationships), dates as ISO strings."""
    return {
        key: jsonable(getattr(record, key))
        for key in _column_keys(cast(Hashable, type(record)))
        if key not in exclude
    }


@functools.cache
def _column_keys(model: Hashable) -> tuple[str, ...]:
    """A mapped class's column attributes (fixed once its mapper is made: read once)."""
    mapper: Mapper[Any] = inspect(model)
    return tuple(column.key for column in mapper.column_attrs)


def _canonical_scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _utc_text(value: datetime | str) -> str:
    # SQLite keeps no time zone: a naive UTC time, so both stores give the same text.
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # SQLite's stored form: already UTC
            return f"{value[:10]}T{value[11:]}"
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def _day_text(value: date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _json_value(value: Any) -> Any:
    # A JSON column: SQLite's driver gives its text, PostgreSQL's the parsed value.
    return json.loads(value) if isinstance(value, str) else value


_CONVERTERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (DateTime, _utc_text),
    (Date, _day_text),
    (Boolean, bool),
    (JSON, _json_value),
)


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_canonical_scalar
)
# The JSON text of values already in canonical form (a list's text is the canonical text's tail).
encode_canonical = _ENCODER.encode


class RowHasher:
    """The record hash of a table's rows: SHA-256 of the row's canonical text.

    Canonical text: the JSON list of the names of the row's non-null columns (sorted by name),
    then the JSON list of their values: times as naive UTC ISO text with microseconds, days as
    ISO dates, booleans as true/false, JSON columns as parsed values with sorted keys. It takes
    rows as the driver gives them (SQLite's text dates, PostgreSQL's objects) or as SQLAlchemy
    does, so both stores and every reader agree. Null columns are left out, so adding a nullable
    column to a table later does not change the hash of its rows. Every audited write and
    ``truce audit verify`` use it (one rule for both). Rows are read in :attr:`columns` order.
    """

    def __init__(self, columns: Iterable[Column[Any]]) -> None:
        self.columns = sorted(columns, key=lambda column: column.name)
        self.names = [column.name for column in self.columns]
        self._convert: list[tuple[int, Callable[[Any], Any]]] = []
        for position, column in enumerate(self.columns):
            for kind, convert in _CONVERTERS:
                if isinstance(column.type, kind):
                    self._convert.append((position, convert))
                    break
        self._heads: dict[tuple[bool, ...], str] = {}

    def canonical(self, row: Sequence[Any]) -> str:
        values = list(row)
        for position, convert in self._convert:
            value = values[position]
            if value is not None:
                values[position] = convert(value)
        return self.encoded(values)

    def encoded(self, values: list[Any]) -> str:
        """The canonical text of a row whose values are already in canonical form."""
        present = tuple(map(is_not, values, repeat(None)))
        return self._head(present) + _ENCODER.encode(list(compress(values, present)))

    def _head(self, present: tuple[bool, ...]) -> str:
        """The names of the columns present, encoded once for each set of them."""
        head = self._heads.get(present)
        if head is None:
            head = self._heads[present] = _ENCODER.encode(list(compress(self.names, present)))
        return head

    def encoded_raw(self, values: list[Any], raw: Sequence[int]) -> str:
        """:meth:`encoded` of a row whose values at the positions ``raw`` (ascending) are their
        canonical JSON text already (a JSON column's, encoded once for the store, the seal and
        the audit entry): a list's text is its items' texts joined by commas, so the other
        values are encoded a run at a time and the given texts put between them."""
        present = tuple(map(is_not, values, repeat(None)))
        head = self._head(present)
        parts = []
        start = 0
        for position in (*raw, len(values)):
            run = list(compress(values[start:position], present[start:position]))
            if run:
                parts.append(_ENCODER.encode(run)[1:-1])
            if position < len(values) and values[position] is not None:
                parts.append(values[position])
            start = position + 1
        return f"{head}[{','.join(parts)}]"

    def digest(self, row: Sequence[Any]) -> str:
        return hashlib.sha256(self.canonical(row).encode("utf-8")).hexdigest()

    def field_texts(self, row: Sequence[Any]) -> dict[str, str]:
        """Each column's canonical text (to name the fields two versions differ in)."""
        decoder = json.JSONDecoder()
        text = self.canonical(row)
        names, end = decoder.raw_decode(text)
        values = json.loads(text[end:])
        found = dict(zip(names, values, strict=True))
        return {name: _ENCODER.encode([found.get(name)]) for name in self.names}
