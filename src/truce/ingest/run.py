"""One import of one file: its transaction, issues, rejects, counts and audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from truce.formats.issues import FieldError, Issue
from truce.formats.rejects import RejectsWriter
from truce.formats.source import Source
from truce.ingest.kinds import Context
from truce.ingest.resolve import ActorIndex, ExternalIds
from truce.store.seals import Seal

KEEP_ISSUES = 1000  # issues kept for the error message; the rejects file gets every one
# File-level problems: nothing in the file can be imported, even with --skip-invalid.
FATAL = frozenset({"empty-file", "missing-column", "bad-yaml"})


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Run:
    session: Session
    source: Source
    kind: str
    actor: str
    rejects: RejectsWriter | None
    counts: Counts = field(default_factory=Counts)
    issue_count: int = 0
    fatal: bool = False
    kept: list[Issue] = field(default_factory=list)
    _absorbed: int = 0
    _ctx: Context | None = None
    # The hashes of the rows a bulk writer wrote, for the import's audit entry (a stream).
    seals: Iterable[Seal] | None = None

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            self._ctx = Context(self.session, ActorIndex(self.session), ExternalIds(self.session))
        return self._ctx

    @property
    def issues(self) -> list[Issue]:
        return self.kept

    def file_issue(self, code: str, line: int, column: str, message: str) -> None:
        """A problem with the whole file: the import fails even with --skip-invalid."""
        self.fatal = True
        self._keep(Issue(code, self.source.name, line, column, "", message))

    def _keep(self, issue: Issue) -> None:
        self.issue_count += 1
        if len(self.kept) < KEEP_ISSUES:
            self.kept.append(issue)

    def reject(
        self,
        line: int,
        errors: Sequence[FieldError],
        raw: Sequence[str],
        *,
        unit: str = "line",
    ) -> None:
        """A bad row: every problem becomes an issue; the row goes to the rejects file."""
        found = [
            Issue(
                error.code, self.source.name, line, error.column, error.value, error.message, unit
            )
            for error in errors
        ]
        for issue in found:
            self._keep(issue)
        self.counts.rejected += 1
        if self.rejects is not None:
            self.rejects.write(found, raw)

    def absorb_reader_issues(self) -> None:
        """Issues the reader found itself (bad JSON lines, an empty file…) since the last call:
        a file-level one fails the import, any other rejects its row."""
        new = self.source.issues[self._absorbed :]
        self._absorbed = len(self.source.issues)
        for issue in new:
            self._keep(issue)
            if issue.code in FATAL:
                self.fatal = True
                continue
            self.counts.rejected += 1
            if self.rejects is not None:
                self.rejects.write([issue], [issue.value])


@dataclass(frozen=True)
class ImportReport:
    """What one import did: rows created, updated, unchanged and rejected."""

    kind: str
    path: Path
    sha256: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    issues: tuple[Issue, ...]
    rejects: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": str(self.path),
            "sha256": self.sha256,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rejects": str(self.rejects) if self.rejects else None,
            **self.extra,
        }
