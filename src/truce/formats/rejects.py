"""The rejects file of ``--skip-invalid``: each rejected row with its line, column, code and reason.

A CSV file (written through :mod:`truce.formats.csvfile`, so it is spreadsheet-safe) whose first
columns say where and why, followed by the rejected row's own cells: a CSV import's header, or
one ``record`` column holding a JSON Lines or GeoJSON record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from truce.formats import csvfile
from truce.formats.issues import Issue


class RejectsWriter:
    """Writes rejected rows with their line, column, code and reason (``--skip-invalid``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csvfile.writer(self._handle, lineterminator="\r\n")
        self._fields: list[str] = []
        self._started = False
        self.rows = 0

    def set_fields(self, fields: Sequence[str]) -> None:
        """The columns of the rejected rows (a CSV file's header); else one ``record`` column."""
        self._fields = list(fields)

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self._writer.writerow(
                ["line", "column", "code", "reason", *(self._fields or ["record"])]
            )

    def write(self, issues: Iterable[Issue], row: Sequence[str]) -> None:
        self._start()
        for issue in issues:
            self._writer.writerow([issue.line, issue.column, issue.code, issue.message, *row])
            self.rows += 1

    def close(self) -> None:
        self._start()
        self._handle.close()
