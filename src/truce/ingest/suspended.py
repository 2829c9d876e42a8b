"""SQLite's per-row work on ``events`` set aside for a bulk import, inside its transaction.

Row-by-row ``AFTER INSERT`` triggers (the R*Tree of migration 0002, a full-text index) cost
several times the insert itself: :class:`SuspendedTriggers` drops them and does their work
set-wise over the new rows, a chunk at a time as the import writes them rather than all after
the last row, so that the writer fills the indexes while a parsing process reads the next rows.
An import into an empty table builds its plain indexes after its rows (:class:`SuspendedIndexes`).
A rollback restores both untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

_SIMPLE_INSERT_TRIGGER = re.compile(
    r"CREATE\s+TRIGGER\s+(?P<name>\w+)\s+AFTER\s+INSERT\s+ON\s+events\s+"
    r"(?:WHEN\s+(?P<when>.+?)\s+)?BEGIN\s+"
    r"(?P<target>INSERT\s+INTO\s+\w+\s*(?:\([^)]*\))?)\s*VALUES\s*\((?P<values>.+)\)\s*;\s*END\s*\Z",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class SuspendedTriggers:
    """SQLite's row-by-row AFTER INSERT triggers on events, replaced by one set-wise statement.

    Only triggers of the plain form ``[WHEN cond] BEGIN INSERT INTO t (...) VALUES (...); END``
    are suspended (the R*Tree and full-text ones); any other trigger is left to run per row.
    """

    connection: Connection
    first_id: int
    _saved: list[tuple[str, str, str]] = field(default_factory=list)

    def __enter__(self) -> SuspendedTriggers:
        if self.connection.dialect.name != "sqlite":
            return self
        rows = self.connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"
            )
        )
        for name, sql in rows.all():
            match = _SIMPLE_INSERT_TRIGGER.match(sql.strip())
            if match is None:
                continue
            condition = match.group("when") or "1"
            replay = (
                f"{match.group('target')} SELECT {match.group('values')} FROM events AS NEW "
                f"WHERE NEW.id >= ? AND NEW.id <= ? AND ({condition})"
            )
            self._saved.append((name, sql, replay))
        for name, _, _ in self._saved:
            self.connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        return self

    def catch_up(self) -> None:
        """Do the suspended triggers' work for the rows inserted since the last call."""
        if not self._saved:
            return
        last = self.connection.exec_driver_sql("SELECT max(id) FROM events").scalar()
        if last is None or last < self.first_id:
            return
        for _, _, replay in self._saved:
            self.connection.exec_driver_sql(replay, (self.first_id, last))
        self.first_id = last + 1

    def finish(self) -> None:
        """Index the rows inserted since the last :meth:`catch_up` and put the triggers back."""
        self.catch_up()
        for _, sql, _ in self._saved:
            self.connection.exec_driver_sql(sql)
        self._saved.clear()

    def __exit__(self, *exc: object) -> None:
        # On an error the transaction rolls back, and with it the DROP TRIGGER statements.
        if exc[0] is None:
            self.finish()


@dataclass
class SuspendedIndexes:
    """On SQLite, an import into an empty events table builds its plain indexes afterwards.

    Inserting a million rows into an index of random keys (the event date) touches pages all
    over it; sorting once at the end (``CREATE INDEX``) is several times cheaper. Only plain
    (non-unique) indexes are dropped: the unique one on (dataset, external id) still refuses a
    repeated id. The drop is part of the import's transaction, so a rollback restores them.
    """

    connection: Connection
    _saved: list[str] = field(default_factory=list)

    def __enter__(self) -> SuspendedIndexes:
        if self.connection.dialect.name != "sqlite":
            return self
        if self.connection.exec_driver_sql("SELECT 1 FROM events LIMIT 1").first() is not None:
            return self
        rows = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
            "AND sql IS NOT NULL"
        )
        for name, sql in rows.all():
            if re.match(r"\s*CREATE\s+INDEX\s", sql, re.IGNORECASE):
                self._saved.append(sql)
                self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
        return self

    def finish(self) -> None:
        """Build the dropped indexes over the rows now in the table."""
        for sql in self._saved:
            self.connection.exec_driver_sql(sql)
        self._saved.clear()
