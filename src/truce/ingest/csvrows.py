"""The well-formed records of a CSV file, each with the header; problems become issues.

Read by the importing process, or by the parsing process of a large import
(:mod:`truce.ingest.feed`), which stands in for the :class:`~truce.ingest.run.Run`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from truce.formats.csvfile import CsvRecord, csv_record_lists
from truce.formats.issues import FieldError
from truce.formats.source import Source


class HeaderSink(Protocol):
    def set_fields(self, fields: Sequence[str]) -> None: ...


class Reading(Protocol):
    """What reading a CSV file reports to: an import's Run, or the parsing process."""

    source: Source
    fatal: bool

    @property
    def rejects(self) -> HeaderSink | None: ...

    def file_issue(self, code: str, line: int, column: str, message: str) -> None: ...

    def reject(
        self,
        line: int,
        errors: Sequence[FieldError],
        raw: Sequence[str],
        *,
        unit: str = "line",
    ) -> None: ...

    def absorb_reader_issues(self) -> None: ...


def csv_rows(run: Reading, required: tuple[str, ...] = ()) -> Iterator[tuple[CsvRecord, list[str]]]:
    """(record, header) for every well-formed CSV record; problems become issues. The records
    of :func:`csv_batches`, one at a time (each named by the line it starts on)."""
    for header, lines, records in csv_batches(run, required, size=READ_AHEAD):
        for line, cells in zip(lines, records, strict=True):
            yield CsvRecord(line, line, cells), header


READ_AHEAD = 256  # records csv_rows reads at a time


Batch = tuple[list[str], list[int], list[list[str]]]  # (header, lines, each record's cells)


def csv_batches(run: Reading, required: tuple[str, ...] = (), *, size: int) -> Iterator[Batch]:
    """The header and every well-formed CSV record, in lists of ``size`` (the last may be
    shorter); problems become issues: a missing required column (nothing is read), a record
    of the wrong width or with a byte that is not UTF-8 (rejected, a short last row being a
    truncated file). A list of records that all pass (nearly always) is checked at once."""
    source = run.source
    if source.empty():
        run.absorb_reader_issues()
        return
    header: list[str] | None = None
    width = 0
    held: CsvRecord | None = None  # of the wrong width: its error waits for the next record
    lines: list[int] = []
    records: list[list[str]] = []
    for starts, ends, rows in csv_record_lists(source, size):
        if header is None:
            header = [cell.strip() for cell in rows[0]]
            if not _header_ok(run, header, required):
                return
            width = len(header)
            starts, ends, rows = starts[1:], ends[1:], rows[1:]
        if held is None and not source.bad_lines and set(map(len, rows)) <= {width}:
            lines += starts
            records += rows
        else:
            for start, end, cells in zip(starts, ends, rows, strict=True):
                if held is not None:
                    run.reject(held.line, [_width_error(held, width)], held.cells)
                    held = None
                bad = source.encoding_problem(start, end)
                if bad is not None:
                    run.reject(start, [FieldError("bad-encoding", bad)], cells)
                elif len(cells) != width:
                    held = CsvRecord(start, end, cells)
                else:
                    lines.append(start)
                    records.append(cells)
                    if len(records) >= size:
                        yield header, lines, records
                        lines, records = [], []
        while len(records) >= size:
            yield header, lines[:size], records[:size]
            lines, records = lines[size:], records[size:]
    if header is None:
        run.absorb_reader_issues()
        run.fatal = True
        return
    if held is not None:
        held.last = True
        run.reject(held.line, [_width_error(held, width)], held.cells)
    run.absorb_reader_issues()  # before the last records, as csv_rows reports them
    if records:
        yield header, lines, records


def _header_ok(run: Reading, header: list[str], required: tuple[str, ...]) -> bool:
    """Whether every required column is in the header (each missing one is a file issue)."""
    if run.rejects is not None:
        run.rejects.set_fields(header)
    missing = [name for name in required if name not in header]
    for name in missing:
        run.file_issue(
            "missing-column",
            1,
            name,
            f"the column {name} is missing (required: {', '.join(required)})",
        )
    return not missing


def _width_error(record: CsvRecord, width: int) -> FieldError:
    count = len(record.cells)
    if record.last and count < width:
        return FieldError(
            "truncated-file",
            f"the last row has {count} of the header's {width} cells: the file was cut short",
            column="",
        )
    if count == 1 and record.cells == [""]:
        return FieldError("bad-row", "blank line inside the data")
    return FieldError("bad-row", f"has {count} cells but the header has {width}")
