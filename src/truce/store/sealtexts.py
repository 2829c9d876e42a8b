"""Seal texts made a column at a time: the canonical text of many rows but their ids.

:class:`~truce.store.seals.InsertedSeals` hashes each inserted row's canonical text
(:class:`~truce.store.serialize.RowHasher`). A parsing process makes that text before the rows
have ids (:meth:`InsertedSeals.texts`); done row by row it costs as much as reading and
checking the row. Here each column of a batch is encoded once, by the same JSON encoder, with
C-level maps over the column, and each row's text is joined from its columns' pieces; a column
holding a value of a type this does not know sends the whole batch to the row-by-row way. The
result is the same text, piece for piece (tests/ingest/test_feed.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import repeat
from json.encoder import encode_basestring  # the canonical encoder's own string encoder
from math import isfinite
from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, String, Text

from truce.store.seals import InsertedSeals, SealText
from truce.store.serialize import _utc_text

_NONE = type(None)


_text: Callable[[str], str] = encode_basestring


def _day(value: str | date) -> str:
    return _text(value if isinstance(value, str) else value.isoformat())


def _float(value: float) -> str:
    return float.__repr__(float(value))


def batch_texts(sealer: InsertedSeals, rows: Sequence[Sequence[Any]]) -> list[SealText]:
    """:meth:`InsertedSeals.texts` of ``rows`` (bound rows without ids), a column at a time."""
    if not rows:
        return []
    found = _by_column(sealer, rows)
    return found if found is not None else sealer.texts(rows)


def _encoder(column_type: Any, values: list[Any]) -> Callable[[Any], str] | None:
    kinds = set(map(type, values)) - {_NONE}
    if isinstance(column_type, DateTime):
        times: dict[Any, str] = {}

        def moment(value: Any) -> str:
            text = times.get(value)
            if text is None:
                text = times[value] = _text(_utc_text(value))
            return text

        return moment
    if isinstance(column_type, Date):
        return _day if kinds <= {str, date} else None
    if isinstance(column_type, Float):
        if not kinds <= {float, int}:
            return None
        if not all(map(isfinite, [value for value in values if value is not None])):
            return None  # NaN and infinities: the encoder's own spelling, row by row
        return _float
    if isinstance(column_type, Integer):
        return int.__repr__ if kinds <= {int} else None
    if isinstance(column_type, String | Text):
        return _text if kinds <= {str} else None
    return None


def _by_column(sealer: InsertedSeals, rows: Sequence[Sequence[Any]]) -> list[SealText] | None:
    count = len(rows)
    bound = list(zip(*rows, strict=True))
    picks = sealer.bound_positions()
    heads: list[list[Any]] = [[], []]
    pieces: list[list[Any]] = [[], []]
    side = 0
    for column, position in zip(sealer.hasher.columns, picks, strict=True):
        if column.name == "id":  # never null; its value is the parent's to add
            heads[1].append(repeat("," + _text("id"), count))
            side = 1
            continue
        values = list(bound[position]) if position is not None else [None] * count
        nulls = values.count(None)
        if nulls == count:
            continue
        encode = _encoder(column.type, values)
        if encode is None:
            return None
        # Each piece carries its leading comma ("" for a null), so a row is one join.
        name = "," + _text(column.name)
        encoded: Iterable[str]
        if nulls:
            encoded = ["," + encode(value) if value is not None else "" for value in values]
            heads[side].append([name if value is not None else "" for value in values])
        elif values.count(values[0]) == count:  # one value all along (the dataset, a stamp)
            encoded = repeat("," + encode(values[0]), count)
            heads[side].append(repeat(name, count))
        else:
            encoded = list(map(",".__add__, map(encode, values)))
            heads[side].append(repeat(name, count))
        pieces[side].append(encoded)
    glue = "".join
    names = list(map(glue, zip(*heads[0], *heads[1], strict=True)))
    before = list(map(glue, zip(*pieces[0], strict=True))) if pieces[0] else [""] * count
    after = list(map(glue, zip(*pieces[1], strict=True))) if pieces[1] else [""] * count
    return [
        (f"[{head[1:]}][{first[1:]}," if first else f"[{head[1:]}][", f"{last}]")
        for head, first, last in zip(names, before, after, strict=True)
    ]
