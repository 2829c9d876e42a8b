"""Build the demo store: a fresh SQLite file holding every demo file, loaded through the importers.

The files are loaded in dependency order (actors before the records that name them, sources
before the records that cite them, places and zones before the agreements that point at them, events
before the claims about them) with :func:`truce.ingest.import_file`, exactly as a user's own
files would be. The plain-text reports then go through extraction into the review queue.

The store is built in a temporary file next to the target and moved into place only when every
file has loaded, so a failed build never leaves a half-loaded demo behind. An existing file is
replaced only if an earlier ``truce demo`` made it, or when the caller says ``fresh``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from truce.config import sqlite_url
from truce.errors import ConfigError, Conflict
from truce.extract import load_gazetteer
from truce.ingest import import_file
from truce.services.ingest import ingest_text
from truce.store import audit
from truce.store.db import (
    check_sqlite_path,
    downgrade,
    is_initialised,
    make_engine,
    migrate,
    transaction,
)
from truce.store.registry import store_registry

# (import kind, file) in the order they must load.
DEMO_FILES: tuple[tuple[str, str], ...] = (
    ("actors", "actors.yaml"),
    ("sources", "sources.jsonl"),
    ("places", "places.jsonl"),
    ("zones", "zones.geojson"),
    ("agreements", "agreements.jsonl"),
    ("agreements", "local_agreements.csv"),
    ("notifications", "notifications.geojson"),
    ("acled", "events_acled.csv"),
    ("events", "incidents.jsonl"),
    ("claims", "claims.jsonl"),
    ("statements", "statements.jsonl"),
)
DEMO_MARK = "demo"  # the audit action that marks a store as built by `truce demo`
REPORT_PREFIX = "report-"


@dataclass(frozen=True)
class Loaded:
    """What one demo file added to the store."""

    kind: str
    file: str
    created: int
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


Step = Callable[[str, str], None]  # called with (kind, file) before each file loads


@contextmanager
def demo_directory() -> Iterator[Path]:
    """The folder of the packaged demo files, as a real path."""
    with resources.as_file(resources.files("truce.demo")) as folder:
        yield Path(folder)


def report_files(folder: Path) -> list[tuple[Path, date]]:
    """The demo's plain-text reports with the publication day their name carries."""
    found = []
    for path in sorted(folder.glob(f"{REPORT_PREFIX}*.txt")):
        stamp = path.stem[len(REPORT_PREFIX) : len(REPORT_PREFIX) + 10]
        try:
            found.append((path, date.fromisoformat(stamp)))
        except ValueError:
            raise ConfigError(f"{path}: demo report names start report-YYYY-MM-DD") from None
    return found


def load_demo(
    engine: Engine, *, actor: str, reports: bool = True, step: Step | None = None
) -> list[Loaded]:
    """Load every demo file into the (migrated) store behind ``engine``."""
    loaded: list[Loaded] = []
    with demo_directory() as folder:
        for kind, name in DEMO_FILES:
            if step is not None:
                step(kind, name)
            report = import_file(engine, kind, folder / name, actor=actor)
            loaded.append(Loaded(kind, name, report.created, report.updated, report.unchanged))
        if reports:
            loaded.extend(_ingest_reports(engine, folder, actor=actor, step=step))
    with transaction(engine) as session:
        audit.append(
            session,
            actor=actor,
            action=DEMO_MARK,
            record_kind="store",
            after={item.file: item.created for item in loaded},
            note="built by truce demo",
        )
    return loaded


def _ingest_reports(
    engine: Engine, folder: Path, *, actor: str, step: Step | None
) -> Iterator[Loaded]:
    files = report_files(folder)
    if not files:
        return
    if step is not None:
        step("reports", f"{len(files)} plain-text reports (extraction)")
    registry, gazetteer = store_registry(engine), load_gazetteer()
    for path, published in files:
        text = path.read_text(encoding="utf-8")
        result = ingest_text(
            engine, text, published=published, title=path.stem, actor=actor,
            registry=registry, gazetteer=gazetteer,
        )  # fmt: skip
        yield Loaded("candidates", path.name, result.candidates)


def build_demo_in(
    engine: Engine, *, fresh: bool, actor: str, reports: bool = True, step: Step | None = None
) -> list[Loaded]:
    """Load the demo into a database server's store (PostgreSQL) and return what was loaded.

    An empty database (or one without Truce's tables) is loaded at once; a store an earlier
    ``truce demo`` filled is emptied first; any other store only with ``fresh``. Emptying drops
    Truce's tables (every migration undone) and creates them again.
    """
    if is_initialised(engine):
        with engine.connect() as connection:
            filled = audit.count_entries(connection) > 0
            marked = audit.has_action(connection, DEMO_MARK)
        if filled and not marked and not fresh:
            raise Conflict(
                f"{engine.url.render_as_string()} already holds records that `truce demo` did "
                "not load; pass --fresh to empty it first, or choose another database with --db"
            )
        if filled:
            downgrade(engine)
    migrate(engine)
    return load_demo(engine, actor=actor, reports=reports, step=step)


def is_demo_store(path: Path) -> bool:
    """Whether ``path`` is a SQLite store that ``truce demo`` built (read-only check)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = connection.execute(
            "SELECT 1 FROM audit_log WHERE action = ? LIMIT 1", (DEMO_MARK,)
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return row is not None


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        candidate.unlink(missing_ok=True)


def build_demo(
    path: Path, *, fresh: bool, actor: str, reports: bool = True, step: Step | None = None
) -> list[Loaded]:
    """Create the demo store at ``path`` (a SQLite file) and return what was loaded.

    An existing file is replaced when an earlier ``truce demo`` made it; any other file only
    with ``fresh`` (it may be someone's real store).
    """
    path = path.expanduser().resolve()
    check_sqlite_path(path)
    if path.exists() and not fresh and not is_demo_store(path):
        raise Conflict(
            f"{path} already holds a database that `truce demo` did not make; "
            "pass --fresh to replace it, or choose another file with --db"
        )
    partial = path.with_name(f".{path.name}.partial")
    _remove(partial)
    engine = make_engine(sqlite_url(partial))
    try:
        migrate(engine)
        loaded = load_demo(engine, actor=actor, reports=reports, step=step)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        engine.dispose()
        _remove(partial)
        raise
    engine.dispose()
    _remove(path)
    os.replace(partial, path)
    _remove(partial)
    return loaded
