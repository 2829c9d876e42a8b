"""Spreadsheet-safe CSV: the one writer for every CSV file Truce makes, and the reader's inverse.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV injection). Following OWASP, such a text cell is written with a
leading single quote (``=1+2`` becomes ``'=1+2``) and the whole row is quoted; a cell that
already starts with a quote gets one more, so that :func:`restore_cell` (used by every CSV
import) gives back exactly the text that was exported. A cell that is a plain number (``-3.5``,
``+7``, ``-1e3``) is left alone: a spreadsheet reads it as a number, never as a formula.

Cells holding a carriage return are quoted too: Python's writer quotes only the characters of
its line terminator (``\\n`` here), and a bare CR outside quotes breaks the row on re-import.

Reading: :func:`csv_record_lists` yields the header then every record, in lists, each with
the lines it starts and ends on (records may span lines through quoted newlines) and its cells
restored; a file cut short inside quotes is a ``truncated-file`` issue on the
:class:`~truce.formats.source.Source`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, TextIO

from truce.formats.source import Source

csv.field_size_limit(64 * 1024 * 1024)

FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED_START = FORMULA_START | {"'"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Joined with a unit separator, a row needs a closer look only if some cell starts with a
# character above (or a quote), or holds a CR anywhere.
_SUSPECT = re.compile("(?:^|\x1f)[=+\\-@\t\r']|\r")


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def neutralise(value: str) -> str:
    """``value`` as it is written to a CSV cell: a quote before a formula start (see above)."""
    if value and value[0] in _ESCAPED_START and _NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


def restore_cell(cell: str) -> str:
    """The inverse of :func:`neutralise`: ``'=1+2`` reads as ``=1+2``, ``''x`` as ``'x``."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _ESCAPED_START:
        return cell[1:]
    return cell


def restore_row(cells: list[str]) -> list[str]:
    """Every cell of a read CSV row through :func:`restore_cell` (rows without a leading
    quote, nearly all of them, are returned as they are)."""
    if "\x00'" not in "\x00" + "\x00".join(cells):  # one scan in C, not a loop per cell
        return cells
    return [restore_cell(cell) for cell in cells]


class SafeWriter:
    """``csv.writer``'s ``writerow``/``writerows`` with formula cells neutralised."""

    def __init__(self, stream: TextIO, *, lineterminator: str = "\n") -> None:
        self._plain = csv.writer(stream, lineterminator=lineterminator)
        self._quoted = csv.writer(stream, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [_text(value) for value in row]
        if _SUSPECT.search("\x1f".join(cells)) is None:
            self._plain.writerow(cells)
            return
        safe = [neutralise(cell) for cell in cells]
        if safe != cells or any("\r" in cell for cell in cells):
            self._quoted.writerow(safe)
        else:
            self._plain.writerow(safe)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: TextIO, *, lineterminator: str = "\n") -> SafeWriter:
    """A CSV writer for ``stream`` that neutralises formula cells (every CSV Truce writes)."""
    return SafeWriter(stream, lineterminator=lineterminator)


def write_dicts(stream: TextIO, rows: Sequence[dict[str, Any]]) -> None:
    """A header from the first row's keys, then each row's values in that order."""
    if not rows:
        return
    out = writer(stream)
    fields = list(rows[0])
    out.writerow(fields)
    for row in rows:
        out.writerow([row.get(name) for name in fields])


def write_csv(rows: Iterator[list[str]], stream: TextIO) -> int:
    """Write the header and rows; returns the number of data rows."""
    out = writer(stream)
    count = -1
    for row in rows:
        out.writerow(row)
        count += 1
    return max(count, 0)


@dataclass(slots=True)
class CsvRecord:
    line: int
    end: int
    cells: list[str]
    last: bool = False


def _unreadable(source: Source, start: int, error: csv.Error) -> bool:
    """The issue of a record the reader cannot read; True if the file ends there."""
    message = str(error)
    if "unexpected end of data" in message:
        source.issue(
            "truncated-file",
            start,
            "",
            "the file ends inside a quoted field (it was cut short, or a quote is not closed)",
        )
        return True
    source.issue("bad-row", start, "", f"cannot read this CSV record: {message}")
    return False


def csv_record_lists(
    source: Source, size: int
) -> Iterator[tuple[list[int], list[int], list[list[str]]]]:
    """The header (line 1) then every record, in lists of up to ``size``: (the line each starts
    on, the line each ends on, its cells). A record starts on the line after the one before it
    ends; a list stops at a record the reader cannot read (a ``bad-row`` issue), and a file
    ending inside quotes is a ``truncated-file`` issue."""
    reader = csv.reader(source.text_lines(), strict=True)
    start = 1
    while True:
        ends: list[int] = []
        rows: list[list[str]] = []
        try:
            for cells in islice(reader, size):
                rows.append(cells)
                ends.append(reader.line_num)
        except csv.Error as error:
            if rows:
                yield [start, *map((1).__add__, ends[:-1])], ends, _restored(rows)
                start = ends[-1] + 1
            if _unreadable(source, start, error):
                return
            start = reader.line_num + 1
            continue
        if rows:
            yield [start, *map((1).__add__, ends[:-1])], ends, _restored(rows)
        if len(rows) < size:
            return
        start = ends[-1] + 1


def _restored(rows: list[list[str]]) -> list[list[str]]:
    """:func:`restore_row` of each row, checked for the whole list in one scan."""
    if "\x00'" not in "\x00" + "\x00".join(chain.from_iterable(rows)):
        return rows
    return [restore_row(cells) for cells in rows]
