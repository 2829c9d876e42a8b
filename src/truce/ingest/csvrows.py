"""The well-formed records of a CSV file, each with the header; problems become issues.

Read by the importing process, or by the parsing process of a large import
(:mod:`truce.ingest.feed`), which stands in for the :class:`~truce.ingest.run.Run`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from truce.formats.csvfile import CsvRecord, csv_records, with_last
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
    """(record, header) for every well-formed CSV record; problems become issues."""
    source = run.source
    if source.empty():
        run.absorb_reader_issues()
        return
    records = with_last(csv_records(source))
    header_record = next(records, None)
    if header_record is None:
        run.absorb_reader_issues()
        run.fatal = True
        return
    header = [cell.strip() for cell in header_record.cells]
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
    if missing:
        return
    width = len(header)
    for record in records:
        bad = source.encoding_problem(record.line, record.end)
        if bad is not None:
            run.reject(record.line, [FieldError("bad-encoding", bad)], record.cells)
            continue
        if len(record.cells) != width:
            run.reject(record.line, [_width_error(record, width)], record.cells)
            continue
        yield record, header
    run.absorb_reader_issues()


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
