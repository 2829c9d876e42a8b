"""Backups with a manifest, and restores that check integrity before they change anything.

A backup is one zip file holding ``manifest.json`` and the data:

- SQLite: ``store.sqlite``, a consistent copy made with SQLite's online backup API (the store
  stays usable while it runs);
- PostgreSQL (or ``fmt="jsonl"`` on SQLite): ``tables.jsonl``, every table's rows in dependency
  order, one ``{"table": …, "row": {…}}`` a line.

The manifest records the data's SHA-256, the row count of every table, the audit log's length
and head hash, and the schema revision. :func:`restore` checks the hash, then loads the data
into an empty store inside one transaction, checks counts, the audit chain and every record
against the hash its newest audited write left (:mod:`truce.store.sealcheck`: so an edited
backup is refused even if its manifest's hash was recomputed), and only then commits (SQLite
copies are checked in a temporary file and moved into place). A backup is only made of a store
whose chain and records verify. A backup made before record hashing (no ``audit_records``) is
checked against its chain, and its records are sealed as restored (as migration 0010 does).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, MetaData, Table, func, insert, select, text
from sqlalchemy.orm import Session

from truce import __version__
from truce.errors import AuditBroken, ConfigError, Conflict, InvalidInput
from truce.store import audit
from truce.store.audit import seal_everything
from truce.store.db import current_revision, is_sqlite, make_engine, migrate, transaction
from truce.store.models import LINK_KINDS, RECORD_KINDS, AuditEntry
from truce.store.sealcheck import check_records

FORMAT = "truce.backup/1"
SKIP_TABLES = frozenset({"alembic_version", "events_rtree"})
_CHUNK = 1 << 20
SEALS = "audit_records"  # the table of record hashes (migration 0010)
LINKS_SEALED = 11  # link and account rows are sealed from migration 0011 on


def _links_sealed(revision: str | None) -> bool:
    """Whether a store at this schema revision already sealed its link and account rows."""
    number = (revision or "")[:4]
    return number.isdigit() and int(number) >= LINKS_SEALED


def _sealed_kinds(revision: str | None) -> tuple[str, ...] | None:
    """The kinds to check in a store at ``revision`` (None: all of them); a store from before
    migration 0011 sealed its records only, its links are sealed when it is migrated."""
    return None if _links_sealed(revision) else tuple(sorted(RECORD_KINDS))


@dataclass(frozen=True)
class Manifest:
    format: str
    created: str
    truce_version: str
    dialect: str
    revision: str | None
    data: str  # member name: store.sqlite | tables.jsonl
    sha256: str
    counts: dict[str, int]
    audit_entries: int
    audit_head: str

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text_: str, *, where: str) -> Manifest:
        try:
            raw = json.loads(text_)
            return cls(**{k: raw[k] for k in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidInput(
                f"{where}: manifest.json is not a Truce backup manifest ({error})"
            ) from None


def _user_tables(engine: Engine) -> list[Table]:
    """Every table of the store in dependency order (parents first), indexes excluded."""
    meta = MetaData()
    meta.reflect(engine)
    tables = [t for t in meta.sorted_tables if t.name not in SKIP_TABLES]
    return [t for t in tables if not _is_fts_shadow(t.name)]


def _is_fts_shadow(name: str) -> bool:
    return "_fts" in name or name.startswith("sqlite_") or name.startswith("events_rtree")


def _counts(engine: Engine, tables: list[Table]) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables}


def _audit_head(engine: Engine) -> tuple[int, str]:
    kinds = _sealed_kinds(current_revision(engine))
    with transaction(engine) as session:
        report = audit.verify(session)
        records = check_records(session, kinds=kinds)
    if not report.ok:
        first = report.problems[0]
        raise AuditBroken(
            f"the audit log is broken at entry {first.seq} ({first.code}): run `truce audit "
            "verify`; a backup of a tampered store would hide the tampering",
            detail=[p.__dict__ for p in report.problems],
        )
    if not records.ok:
        found = records.problems[0]
        raise AuditBroken(
            f"{found.kind} {found.record_id} does not match the audit trail ({found.code}; "
            f"{records.problem_count} record(s) in all): run `truce audit verify`; a backup of "
            "a tampered store would hide the tampering",
            detail=[p.__dict__ for p in records.problems[:20]],
        )
    return report.entries, report.head


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _dump_jsonl(engine: Engine, tables: list[Table], path: Path) -> None:
    with engine.connect() as conn, path.open("w", encoding="utf-8") as fh:
        for table in tables:
            order = list(table.primary_key.columns) or list(table.columns)
            for row in conn.execute(select(table).order_by(*order)).mappings():
                line = {"table": table.name, "row": {k: _jsonable(v) for k, v in row.items()}}
                fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise ConfigError("only a SQLite file can be backed up, not an in-memory store")
    return Path(database)


def backup(engine: Engine, destination: Path, *, fmt: str | None = None) -> Manifest:
    """Write a backup of the store to ``destination`` (a zip file) and return its manifest."""
    fmt = fmt or ("sqlite" if is_sqlite(engine) else "jsonl")
    if fmt not in ("sqlite", "jsonl"):
        raise InvalidInput(f"--format: {fmt!r} is not one of sqlite, jsonl")
    if fmt == "sqlite" and not is_sqlite(engine):
        raise InvalidInput("--format sqlite: only a SQLite store backs up as a SQLite file")
    entries, head = _audit_head(engine)
    tables = _user_tables(engine)
    with tempfile.TemporaryDirectory(prefix="truce-backup-") as tmp:
        data = Path(tmp) / ("store.sqlite" if fmt == "sqlite" else "tables.jsonl")
        if fmt == "sqlite":
            source = sqlite3.connect(_sqlite_path(engine))
            target = sqlite3.connect(data)
            with target:
                source.backup(target)
            source.close()
            target.close()
            copy = make_engine(f"sqlite:///{data}")
            counts = _counts(copy, tables)
            copy.dispose()
        else:
            _dump_jsonl(engine, tables, data)
            counts = _counts(engine, tables)
        manifest = Manifest(
            format=FORMAT,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            truce_version=__version__,
            dialect=engine.dialect.name,
            revision=current_revision(engine),
            data=data.name,
            sha256=_sha256(data),
            counts=counts,
            audit_entries=entries,
            audit_head=head,
        )
        partial = destination.with_name(destination.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, data.name)
            archive.writestr("manifest.json", manifest.to_json())
        os.replace(partial, destination)
    return manifest


def read_manifest(path: Path) -> Manifest:
    try:
        with zipfile.ZipFile(path) as archive:
            return Manifest.from_json(archive.read("manifest.json").decode(), where=str(path))
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise InvalidInput(f"{path}: not a Truce backup ({error})") from None


def _extract_checked(path: Path, manifest: Manifest, folder: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        try:
            archive.extract(manifest.data, folder)
        except KeyError:
            raise InvalidInput(f"{path}: the backup has no {manifest.data}") from None
    data = folder / manifest.data
    found = _sha256(data)
    if found != manifest.sha256:
        raise AuditBroken(
            f"{path}: {manifest.data} has SHA-256 {found[:16]}…, the manifest says "
            f"{manifest.sha256[:16]}…: the backup was altered or damaged; nothing was restored"
        )
    return data


def _check_empty(engine: Engine) -> None:
    with transaction(engine) as session:
        if session.scalar(select(func.count()).select_from(AuditEntry)):
            raise Conflict("restore goes into an empty store: this one has an audit log already")
        for kind, model in RECORD_KINDS.items():
            if session.scalar(select(func.count()).select_from(model)):
                raise Conflict(f"restore goes into an empty store: this one has {kind}")


def _check_loaded(engine: Engine, manifest: Manifest, *, connection: Any) -> None:
    for name, expected in manifest.counts.items():
        found = connection.scalar(text(f'SELECT count(*) FROM "{name}"'))
        if found != expected:
            raise AuditBroken(f"table {name}: {found} rows restored, the manifest says {expected}")
    session = Session(bind=connection)
    report = audit.verify(session, expected_head=manifest.audit_head)
    if not report.ok:
        first = report.problems[0]
        raise AuditBroken(
            f"the backup's audit log is broken at entry {first.seq} ({first.code}); "
            "nothing was restored",
            detail=[p.__dict__ for p in report.problems],
        )
    if SEALS not in manifest.counts:  # made before record hashing: nothing to check against
        return
    records = check_records(session, kinds=_sealed_kinds(manifest.revision))
    if not records.ok:
        found = records.problems[0]
        raise AuditBroken(
            f"the backup's {found.kind} {found.record_id} does not match its own audit trail "
            f"({found.code}: {found.message}); {records.problem_count} record(s) in all; "
            "nothing was restored",
            detail=[p.__dict__ for p in records.problems[:20]],
        )


def restore(path: Path, target_url: str) -> Manifest:
    """Restore the backup at ``path`` into the empty store at ``target_url``."""
    manifest = read_manifest(path)
    if manifest.format != FORMAT:
        raise InvalidInput(f"{path}: backup format {manifest.format!r}, expected {FORMAT}")
    engine = make_engine(target_url)
    try:
        with tempfile.TemporaryDirectory(prefix="truce-restore-") as tmp:
            data = _extract_checked(path, manifest, Path(tmp))
            if manifest.data == "store.sqlite":
                _restore_sqlite_file(engine, data, manifest)
            else:
                migrate(engine)
                _check_empty(engine)
                _load_jsonl(engine, data, manifest)
    finally:
        engine.dispose()
    return manifest


def _restore_sqlite_file(engine: Engine, data: Path, manifest: Manifest) -> None:
    if not is_sqlite(engine):
        raise InvalidInput(
            "this backup is a SQLite file: restore it into a SQLite store, or make a "
            "portable one with `truce backup --format jsonl`"
        )
    target = _sqlite_path(engine)
    if target.exists():
        migrate(engine)
        _check_empty(engine)
    copy = make_engine(f"sqlite:///{data}")
    try:
        with copy.connect() as conn:
            _check_loaded(copy, manifest, connection=conn)
        migrate(copy)
    finally:
        copy.dispose()
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(data, staged)
    os.replace(staged, target)


def _converter(table: Table) -> dict[str, type]:
    return {
        c.name: (datetime if isinstance(c.type, DateTime) else date)
        for c in table.columns
        if isinstance(c.type, Date | DateTime)
    }


def _parse(value: Any, kind: type) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    return date.fromisoformat(value[:10])


def _load_jsonl(engine: Engine, data: Path, manifest: Manifest) -> None:
    tables = {t.name: t for t in _user_tables(engine)}
    converters = {name: _converter(t) for name, t in tables.items()}
    with engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        current: str | None = None
        with data.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    item = json.loads(line)
                    name, row = item["table"], item["row"]
                except (ValueError, KeyError, TypeError):
                    raise InvalidInput(f"{data.name} line {number}: not a table row") from None
                if name not in tables:
                    raise InvalidInput(f"{data.name} line {number}: unknown table {name!r}")
                if name != current and batch and current is not None:
                    conn.execute(insert(tables[current]), batch)
                    batch = []
                current = name
                conv = converters[name]
                batch.append({k: _parse(v, conv[k]) if k in conv else v for k, v in row.items()})
                if len(batch) >= 1000:
                    conn.execute(insert(tables[name]), batch)
                    batch = []
        if batch and current is not None:
            conn.execute(insert(tables[current]), batch)
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, list(tables.values()))
        _check_loaded(engine, manifest, connection=conn)
        if SEALS not in manifest.counts:
            seal_everything(
                Session(bind=conn),
                actor="restore",
                note=f"record hashes of the records restored from a backup of {manifest.created}"
                " made before record hashing",
            )
        elif not _links_sealed(manifest.revision):
            seal_everything(
                Session(bind=conn),
                actor="restore",
                note=f"hashes of the link and account rows restored from a backup of "
                f"{manifest.created} made before they were sealed",
                kinds=sorted(LINK_KINDS),
            )


def _reset_sequences(conn: Any, tables: list[Table]) -> None:
    for table in tables:
        if "id" not in table.columns:
            continue
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false) '
                "WHERE pg_get_serial_sequence(:t, 'id') IS NOT NULL"
            ),
            {"t": table.name},
        )
