"""Validation problems as data: one :class:`Issue` per bad cell, row or file.

Every importer yields issues instead of raising at the first one, so a user sees every bad row
of a file at once. ``str(issue)`` reads ``FILE:LINE: COLUMN: reason [code]``; lines count from 1
(the header of a CSV file is line 1; a GeoJSON file's issues name the feature's index instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Stable codes; docs/import.md explains each. Tests assert on these, never on message text.
CODES = (
    "empty-file",
    "bad-encoding",
    "truncated-file",
    "bad-json",
    "bad-yaml",
    "bad-row",
    "missing-column",
    "missing-value",
    "wrong-type",
    "bad-date",
    "impossible-date",
    "bad-range",
    "out-of-range",
    "unknown-value",
    "unknown-field",
    "duplicate-id",
    "deleted-record",
    "unknown-actor",
    "unknown-reference",
    "null-properties",
    "invalid-geometry",
)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where it is (file, line from 1, column or field) and what is wrong."""

    code: str
    file: str
    line: int
    column: str
    value: str
    message: str
    unit: str = "line"  # "feature" in GeoJSON files: ``line`` is then the feature's index from 0

    def __str__(self) -> str:
        column = f" {self.column}:" if self.column else ""
        where = f"{self.line}" if self.unit == "line" else f" {self.unit} {self.line}"
        return f"{self.file}:{where}:{column} {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "unit": self.unit,
        }


class FieldError(ValueError):
    """A cell or field failed validation; the importer turns it into an :class:`Issue`."""

    def __init__(self, code: str, message: str, *, column: str = "", value: object = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.column = column
        self.value = "" if value is None else str(value)


def summary(file: str, issues: Sequence[Issue]) -> str:
    lines = {issue.line for issue in issues}
    rows = "row" if len(lines) == 1 else "rows"
    if any(issue.unit == "feature" for issue in issues):
        unit = "features count from 0"
    elif file.lower().endswith((".csv", ".tsv")):
        unit = "lines count from 1, the header is line 1"
    else:
        unit = "lines count from 1"
    return (
        f"{file}: {len(issues)} problem(s) in {len(lines)} {rows} ({unit}); nothing was "
        "imported (fix them, or pass --skip-invalid REJECTS.csv to import the good rows)"
    )
