"""Seal texts made a column at a time: the canonical text of many rows but their ids.

:class:`~truce.store.seals.InsertedSeals` hashes each inserted row's canonical text
(:class:`~truce.store.serialize.RowHasher`). A parsing process makes that text before the rows
have ids (:meth:`InsertedSeals.texts`); done row by row it costs as much as reading and
checking the row. Here each column of a batch is encoded once, by the same JSON encoder, with
C-level maps over the column, and each row's text is joined from its columns' pieces; a column
holding a value of a type this does not know sends the whole batch to the row-by-row way. The
result is the same text, piece for piece (tests/ingest/test_feed.py compares them). A column of
one value all along is one piece with its constant neighbours, and a text column of few values
encodes each value once. When the ids the rows will get are known (a first import on SQLite),
:func:`batch_digests` joins each text with its id and hashes it, in C, so the writer has
nothing left to do for a new row's seal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from hashlib import sha256
from itertools import repeat
from json.encoder import encode_basestring  # the canonical encoder's own string encoder
from math import isfinite
from operator import methodcaller
from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, String, Text

from truce.store.seals import InsertedSeals, SealText
from truce.store.serialize import _utc_text

_NONE = type(None)
_DIGEST = methodcaller("digest")


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
    if found is None:
        return sealer.texts(rows)
    return list(zip(*found, strict=True))


def batch_digests(sealer: InsertedSeals, rows: Sequence[Sequence[Any]], first_id: int) -> bytes:
    """The 32-byte SHA-256 seals of ``rows`` (bound rows) if they get the ids from
    ``first_id`` on, one after the other: what :meth:`InsertedSeals.add` would hash from
    :func:`batch_texts`, made by a parsing process that knows the ids the rows will get."""
    if not rows:
        return b""
    found = _by_column(sealer, rows)
    befores, afters = found if found is not None else zip(*sealer.texts(rows), strict=True)
    ids = map(str, range(first_id, first_id + len(rows)))
    texts = map("".join, zip(befores, ids, afters, strict=True))
    return b"".join(map(_DIGEST, map(sha256, map(str.encode, texts))))


def _encoder(column_type: Any, values: Sequence[Any]) -> Callable[[Any], str] | None:
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
        if kinds <= {str}:  # ISO days as bound: their text as it is
            return _text
        return _day if kinds <= {str, date} else None
    if isinstance(column_type, Float):
        if not kinds <= {float, int}:
            return None
        if not all(map(isfinite, [value for value in values if value is not None])):
            return None  # NaN and infinities: the encoder's own spelling, row by row
        return float.__repr__ if kinds <= {float} else _float
    if isinstance(column_type, Integer):
        return int.__repr__ if kinds <= {int} else None
    if isinstance(column_type, String | Text):
        return _text if kinds <= {str} else None
    return None


class _Pieces:
    """One side of each row's text, a column at a time: a column's pieces (one for each row)
    or, for a column of one value all along, one text, joined to its constant neighbours so
    that each row is one join of few pieces."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.columns: list[Iterable[str]] = []
        self._constant = ""

    def add(self, pieces: Iterable[str] | str) -> None:
        if isinstance(pieces, str):
            self._constant += pieces
            return
        if self._constant:
            self.columns.append(repeat(self._constant, self.count))
            self._constant = ""
        self.columns.append(pieces)

    def joined(self) -> Iterable[str]:
        """Each row's text of this side."""
        columns = [*self.columns, repeat(self._constant, self.count)]
        return map("".join, zip(*columns, strict=True))


def _by_column(
    sealer: InsertedSeals, rows: Sequence[Sequence[Any]]
) -> tuple[list[str], list[str]] | None:
    """Each row's text before its id and after it, or None for a value of an unknown type."""
    count = len(rows)
    bound = list(zip(*rows, strict=True))
    picks = sealer.bound_positions()
    heads = _Pieces(count)
    # Before the id each piece carries a trailing comma, after it a leading one ("" for a
    # null), so each side of a row is one join.
    sides = [_Pieces(count), _Pieces(count)]
    side = 0
    for column, position in zip(sealer.hasher.columns, picks, strict=True):
        if column.name == "id":  # never null; its value is the parent's to add
            heads.add("," + _text("id"))
            side = 1
            continue
        values: Sequence[Any] = bound[position] if position is not None else (None,) * count
        nulls = values.count(None)
        if nulls == count:
            continue
        encode = _encoder(column.type, values)
        if encode is None:
            return None
        name = "," + _text(column.name)
        if values.count(values[0]) == count:  # one value all along (the dataset, a stamp)
            one = encode(values[0])
            sides[side].add("," + one if side else one + ",")
            heads.add(name)
            continue
        distinct = set(values)
        if encode is _text and (nulls or len(distinct) * 4 <= count):
            # Text of few values, or with nulls: each distinct value encoded once.
            spelled = {value: encode(value) for value in distinct if value is not None}
            piece = {value: "," + text if side else text + "," for value, text in spelled.items()}
            piece[None] = ""
            sides[side].add(list(map(piece.__getitem__, values)))
        elif nulls:
            if side:
                sides[side].add(["," + encode(v) if v is not None else "" for v in values])
            else:
                sides[side].add([encode(v) + "," if v is not None else "" for v in values])
        elif side:
            sides[side].add(list(map(",".__add__, map(encode, values))))
        else:
            sides[side].add(list(map(str.__add__, map(encode, values), repeat(",", count))))
        if nulls:
            named = dict.fromkeys(distinct, name)
            named[None] = ""
            heads.add(list(map(named.__getitem__, values)))
        else:
            heads.add(name)
    names = list(heads.joined())
    # "[" names "][" values before the id "," — one text for each set of non-null columns.
    opening = {text: f"[{text[1:]}][" for text in set(names)}
    starts = map(opening.__getitem__, names)
    before, after = sides[0].joined(), sides[1].joined()
    return list(map(str.__add__, starts, before)), list(map(str.__add__, after, repeat("]")))
