"""JSON Lines: one JSON object per line, read with each object's line number, written compactly.

A blank line is skipped; a line that is not JSON, or not an object, is a ``bad-json`` issue on
its line; a last line cut short (no newline, not complete JSON) is ``truncated-file``. Written
objects are compact (no spaces) and keep non-ASCII text as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from truce.formats.source import Source


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


def dump(value: Any) -> str:
    """``value`` as compact JSON (no spaces), non-ASCII text kept as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(items: Iterator[dict[str, Any]], stream: TextIO) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for item in items:
        stream.write(dump(item) + "\n")
        count += 1
    return count
