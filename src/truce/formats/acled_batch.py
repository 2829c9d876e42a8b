"""ACLED rows checked a column at a time: the common case of a batch with no bad cell.

:meth:`~truce.formats.acled.AcledLayout.fast_row` checks one record; here a whole batch is
turned around into columns and each check runs over a column with C-level maps (``int``,
``float``, ``date.fromisoformat``, ``min``/``max``), each distinct value looked up once (event
types, actor names). The rows are the same as ``fast_row``'s, made the same way; the first
cell that does not pass makes the whole batch answer None, and the caller then checks its
records one by one (which finds and names every problem).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from itertools import repeat
from math import isnan
from operator import methodcaller
from typing import Any

from truce.formats.acled import _SUB_TYPES, TIME_PRECISION, AcledLayout, Resolver
from truce.store.models import FIELD_INDEX

_SLOT = FIELD_INDEX
_DAYS = re.compile("(?:[^\x00]{4}-[^\x00]{2}-[^\x00]{2}\x00)*")  # texts joined by NULs
_HEX = methodcaller("hexdigest")


class _Bad(Exception):
    """A cell of the batch does not pass: the batch goes row by row."""


def _numbers(
    cells: Sequence[str], kind: Callable[[str], Any], low: float | None, high: float | None
) -> list[Any]:
    """``kind`` of each cell (None for an empty one), all within [low, high]."""
    if "" in cells:
        values = [kind(cell) if cell else None for cell in cells]
        present = [value for value in values if value is not None]
    else:
        values = present = list(map(kind, cells))
    if present and (
        (low is not None and min(present) < low) or (high is not None and max(present) > high)
    ):
        raise _Bad
    return values


def _texts(cells: Sequence[str]) -> Sequence[str | None]:
    """Text cells, empty ones as None; a column of few distinct values holds each value once
    (one string object), which the parsing process's pickle then sends once a batch."""
    distinct = set(cells)
    if len(distinct) * 4 > len(cells):
        return [cell or None for cell in cells] if "" in distinct else cells
    found = {cell: cell or None for cell in distinct}
    return list(map(found.__getitem__, cells))


def _floats(cells: Sequence[str], low: float | None, high: float | None) -> list[float | None]:
    """:func:`_numbers` of ``float``; a NaN, which passes no range check in ``fast_row``
    either, is not clean."""
    values = _numbers(cells, float, low, high)
    if any(map(isnan, [value for value in values if value is not None])):
        raise _Bad
    return values


def clean_rows(
    layout: AcledLayout,
    records: Sequence[list[str]],
    resolve: Resolver,
    *,
    tail: tuple[Any, ...] = (),
) -> list[tuple[Any, ...]] | None:
    """The rows of ``records`` (``fast_row``'s, as tuples, each followed by ``tail``), or None
    if any cell is not clean."""
    try:
        return _rows(layout, records, resolve, tail)
    except (_Bad, ValueError, OverflowError):
        return None


def _rows(
    layout: AcledLayout, records: Sequence[list[str]], resolve: Resolver, tail: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    count = len(records)
    columns = list(zip(*records, strict=True))
    empty = ("",) * count
    at = layout.at

    def column(name: str) -> Sequence[str]:
        position = at[name]
        return columns[position] if position >= 0 else empty

    external = list(map(str.strip, column("event_id_cnty")))
    if not all(external):
        raise _Bad
    texts = column("event_date")
    if _DAYS.fullmatch("\x00".join(texts) + "\x00") is None:  # each ten long, YYYY-MM-DD
        raise _Bad
    days = list(map(date.fromisoformat, texts))
    day_years = [day.year for day in days]
    years = _numbers(column("year"), int, None, None)
    if years != day_years and any(
        year is not None and year != real for year, real in zip(years, day_years, strict=True)
    ):
        raise _Bad
    precision = _numbers(column("time_precision"), int, 1, 3)
    types, subs = column("event_type"), column("sub_event_type")
    for event_type, sub_type in set(zip(types, subs, strict=True)):
        allowed = _SUB_TYPES.get(event_type)
        if allowed is None or (sub_type and sub_type not in allowed):
            raise _Bad
    out: list[Iterable[Any]] = [repeat(value, count) for value in layout.template]
    for slot, position in layout.text_slots:
        out[slot] = _texts(columns[position])
    out[_SLOT["event_id_cnty"]] = out[_SLOT["external_id"]] = external
    out[_SLOT["event_date"]] = texts
    out[_SLOT["year"]] = day_years
    out[_SLOT["time_precision"]] = precision
    labels = {value: TIME_PRECISION.get(value or 1, "day") for value in set(precision)}
    out[_SLOT["date_precision"]] = list(map(labels.__getitem__, precision))
    out[_SLOT["event_type"]] = _texts(types)
    out[_SLOT["sub_event_type"]] = _texts(subs)
    out[_SLOT["iso"]] = _numbers(column("iso"), int, 0, 999)
    out[_SLOT["latitude"]] = _floats(column("latitude"), -90.0, 90.0)
    out[_SLOT["longitude"]] = _floats(column("longitude"), -180.0, 180.0)
    out[_SLOT["geo_precision"]] = _numbers(column("geo_precision"), int, 1, 3)
    out[_SLOT["fatalities"]] = _numbers(column("fatalities"), int, 0, None)
    out[_SLOT["timestamp"]] = _numbers(column("timestamp"), int, 0, None)
    for actor, actor_id in (("actor1", "actor1_id"), ("actor2", "actor2_id")):
        names = column(actor)
        ids = {value: resolve(value or None) for value in set(names)}
        out[_SLOT[actor_id]] = list(map(ids.__getitem__, names))
    if layout.extras:
        out[_SLOT["extra"]] = [_extra(layout, cells) for cells in records]
    out[_SLOT["row_hash"]] = _hashes(layout, records)
    out.extend(repeat(value, count) for value in tail)
    return list(zip(*out, strict=True))


def _extra(layout: AcledLayout, cells: list[str]) -> str | None:
    extra = {name: cells[position] for name, position in layout.extras if cells[position] != ""}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def _hashes(layout: AcledLayout, records: Sequence[list[str]]) -> list[str]:
    if not layout.canonical:
        return list(map(layout.row_hash, records))
    md5 = partial(hashlib.md5, usedforsecurity=False)
    return list(map(_HEX, map(md5, map(str.encode, map("\x1f".join, records)))))
