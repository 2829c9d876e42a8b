"""Streaming readers that keep every record's line number and report broken files as issues.

Bytes are decoded line by line, so a non-UTF-8 byte is reported on its own line and the rest of
the file is still checked. CSV records may span lines (quoted newlines); a record's line is the
line it starts on. A cell that an export neutralised against spreadsheet formulas (``'=1+2``)
reads as the text it was (``=1+2``): see :mod:`truce.csvcells`.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truce.csvcells import restore_row
from truce.ingest.issues import Issue

Progress = Callable[[int, int], None]

csv.field_size_limit(64 * 1024 * 1024)


@dataclass
class Source:
    """A file being read: its name for messages, its size, and the issues found while reading."""

    path: Path
    progress: Progress | None = None
    issues: list[Issue] = field(default_factory=list)
    bad_lines: dict[int, str] = field(default_factory=dict)
    done: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def issue(self, code: str, line: int, column: str, message: str, value: object = "") -> Issue:
        found = Issue(code, self.name, line, column, "" if value is None else str(value), message)
        self.issues.append(found)
        return found

    def text_lines(self) -> Iterator[str]:
        """Decoded lines (newlines kept); a bad byte is an issue and decoded as U+FFFD."""
        number = 0
        total = self.size
        report = self.progress
        with self.path.open("rb") as handle:
            update = self.digest.update
            for raw in handle:
                number += 1
                self.done += len(raw)
                update(raw)
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    self.bad_lines[number] = (
                        f"byte {error.start + 1} of line {number} is not UTF-8; "
                        "save the file as UTF-8"
                    )
                    line = raw.decode("utf-8", "replace")
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                if report is not None and number % 8192 == 0:
                    report(self.done, total)
                yield line
        if report is not None:
            report(self.done, total)

    def encoding_problem(self, first: int, last: int) -> str | None:
        """The message of a non-UTF-8 line among lines ``first..last``, if any."""
        if not self.bad_lines:
            return None
        for number in range(first, last + 1):
            if number in self.bad_lines:
                return self.bad_lines[number]
        return None

    def empty(self) -> bool:
        """True (and an empty-file issue) when the file has nothing but white space."""
        with self.path.open("rb") as handle:
            head = handle.read(4096)
        if head.strip().lstrip(b"\xef\xbb\xbf").strip():
            return False
        self.issue("empty-file", 1, "", "the file is empty; expected a header line and rows")
        return True


@dataclass(slots=True)
class CsvRecord:
    line: int
    end: int
    cells: list[str]
    last: bool = False


def csv_records(source: Source) -> Iterator[CsvRecord]:
    """The header (line 1) then every record; a file ending inside quotes is truncated-file."""
    lines = source.text_lines()
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = str(error)
            if "unexpected end of data" in message:
                source.issue(
                    "truncated-file",
                    start,
                    "",
                    "the file ends inside a quoted field (it was cut short, or a quote is "
                    "not closed)",
                )
                return
            source.issue("bad-row", start, "", f"cannot read this CSV record: {message}")
            start = reader.line_num + 1
            continue
        yield CsvRecord(start, reader.line_num, restore_row(cells))
        start = reader.line_num + 1


def with_last(records: Iterator[CsvRecord]) -> Iterator[CsvRecord]:
    """The same records, the final one marked ``last`` (a short last row is a truncated file)."""
    held: CsvRecord | None = None
    for record in records:
        if held is not None:
            yield held
        held = record
    if held is not None:
        held.last = True
        yield held


@dataclass(frozen=True, slots=True)
class JsonRecord:
    line: int
    value: Any
    raw: str


def jsonl_records(source: Source) -> Iterator[JsonRecord]:
    """Every non-blank line decoded as JSON; an object is expected, others are bad-json."""
    last: tuple[int, str] | None = None
    pending: list[JsonRecord] = []
    for number, line in enumerate(source.text_lines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        last = (number, line)
        if number in source.bad_lines:
            source.issue("bad-encoding", number, "", source.bad_lines[number])
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as error:
            if not line.endswith("\n"):  # the final line, cut short
                pending.append(JsonRecord(number, None, stripped))
                continue
            source.issue(
                "bad-json", number, "", f"not valid JSON (column {error.colno}): {error.msg}"
            )
            continue
        if not isinstance(value, dict):
            source.issue(
                "bad-json", number, "", f"expected a JSON object, got {type(value).__name__}"
            )
            continue
        yield JsonRecord(number, value, stripped)
    for record in pending:
        source.issue(
            "truncated-file",
            record.line,
            "",
            "the last line is not complete JSON (the file was cut short)",
        )
    if last is None:
        source.issue("empty-file", 1, "", "the file is empty; expected one JSON object per line")


def whole_text(source: Source) -> str | None:
    """The whole file as text (GeoJSON, YAML: small files), or None after an issue."""
    chunks = list(source.text_lines())
    if source.bad_lines:
        for number, message in source.bad_lines.items():
            source.issue("bad-encoding", number, "", message)
        return None
    content = "".join(chunks)
    if not content.strip():
        source.issue("empty-file", 1, "", "the file is empty")
        return None
    return content


def json_document(source: Source) -> Any:
    content = whole_text(source)
    if content is None:
        return None
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        if error.pos >= len(content.rstrip()):
            source.issue(
                "truncated-file",
                error.lineno,
                "",
                "the JSON document ends before it is complete (the file was cut short)",
            )
        else:
            source.issue(
                "bad-json", error.lineno, "", f"not valid JSON (column {error.colno}): {error.msg}"
            )
        return None
