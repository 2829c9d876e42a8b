"""truce backup and truce restore: a round trip, and refusals before anything changes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from typer.testing import CliRunner

from truce.cli import app
from truce.config import sqlite_url
from truce.store import records
from truce.store.db import make_engine, transaction
from truce.store.models import AuditEntry, Event

runner = CliRunner()


def _fill(engine: Engine) -> str:
    with transaction(engine) as session:
        actor = records.create(session, "actors", {"name": "Syrian Army"}, actor="test")
        for day in (17, 19):
            records.create(
                session,
                "events",
                {
                    "event_date": date(2016, 9, day),
                    "event_type": "Battles",
                    "actor1_id": actor.id,
                    "latitude": 36.2,
                    "longitude": 37.1,
                    "notes": f"clash on the {day}th",
                },
                actor="test",
            )
    return engine.url.render_as_string(hide_password=False)


def _counts(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as session:
        events = session.scalar(select(func.count()).select_from(Event))
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
    return int(events or 0), int(entries or 0)


@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_a_sqlite_store_round_trips_through_a_backup(
    sqlite_engine: Engine, tmp_path: Path, fmt: str
) -> None:
    url = _fill(sqlite_engine)
    archive = tmp_path / "backup.zip"
    made = runner.invoke(app, ["--db", url, "backup", str(archive), "--format", fmt])
    assert made.exit_code == 0, made.output
    target = sqlite_url(tmp_path / "restored.sqlite")
    done = runner.invoke(app, ["--db", target, "restore", str(archive)])
    assert done.exit_code == 0, done.output
    restored = make_engine(target)
    assert _counts(restored) == _counts(sqlite_engine) == (2, 3)
    assert runner.invoke(app, ["--db", target, "audit", "verify"]).exit_code == 0
    with restored.connect() as conn:  # the spatial and full-text indexes came along
        assert conn.scalar(text("SELECT count(*) FROM events_rtree")) == 2
        hits = conn.scalar(text("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'clash'"))
        assert hits == 2
    restored.dispose()


def test_a_jsonl_backup_restores_into_postgresql(
    sqlite_engine: Engine, postgres_store_url: str, tmp_path: Path
) -> None:
    url = _fill(sqlite_engine)
    archive = tmp_path / "backup.zip"
    assert (
        runner.invoke(app, ["--db", url, "backup", str(archive), "--format", "jsonl"]).exit_code
        == 0
    )
    done = runner.invoke(app, ["--db", postgres_store_url, "restore", str(archive)])
    assert done.exit_code == 0, done.output
    target = make_engine(postgres_store_url)
    assert _counts(target) == (2, 3)
    with transaction(target) as session:  # sequences continue after the restored ids
        made = records.create(session, "actors", {"name": "Another"}, actor="test")
        assert made.id == 2
    target.dispose()


def test_a_backup_changed_after_it_was_made_is_refused(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    url = _fill(sqlite_engine)
    archive = tmp_path / "backup.zip"
    runner.invoke(app, ["--db", url, "backup", str(archive), "--format", "jsonl"])
    with zipfile.ZipFile(archive) as src:
        manifest = src.read("manifest.json")
        data = src.read("tables.jsonl").replace(b"clash on the 17th", b"clash on the 18th")
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(altered, "w") as dst:
        dst.writestr("manifest.json", manifest)
        dst.writestr("tables.jsonl", data)
    target = tmp_path / "restored.sqlite"
    result = runner.invoke(app, ["--db", sqlite_url(target), "restore", str(altered)])
    assert result.exit_code == 1
    assert "altered or damaged" in result.output
    assert not target.exists() or _counts(make_engine(sqlite_url(target))) == (0, 0)


def test_restore_refuses_a_store_that_is_not_empty(sqlite_engine: Engine, tmp_path: Path) -> None:
    url = _fill(sqlite_engine)
    archive = tmp_path / "backup.zip"
    runner.invoke(app, ["--db", url, "backup", str(archive)])
    result = runner.invoke(app, ["--db", url, "restore", str(archive)])
    assert result.exit_code == 2
    assert "empty store" in result.output
    assert _counts(sqlite_engine) == (2, 3)


def _rewrite(archive: Path, altered: Path, edit: Callable[[bytes], bytes]) -> None:
    """A copy of the backup with its data edited and the manifest's SHA-256 recomputed."""
    with zipfile.ZipFile(archive) as src:
        manifest = json.loads(src.read("manifest.json"))
        name = manifest["data"]
        data = src.read(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        data = edit(path.read_bytes()) if name.endswith(".jsonl") else _edit_sqlite(path, edit)
    manifest["sha256"] = hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(altered, "w") as dst:
        dst.writestr("manifest.json", json.dumps(manifest))
        dst.writestr(name, data)


def _edit_event_rows(data: bytes) -> bytes:
    """The events table's rows only (the audit log's copy of the values stays as it was)."""
    lines = data.splitlines(keepends=True)
    return b"".join(
        line.replace(b"on the 17th", b"on the 18th") if b'"table": "events"' in line else line
        for line in lines
    )


def _edit_sqlite(path: Path, _edit: Callable[[bytes], bytes]) -> bytes:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE events SET notes = 'clash on the 18th' WHERE notes LIKE '%17th'")
    conn.close()  # checkpoints the write-ahead log into the file
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_an_edited_backup_with_a_recomputed_manifest_is_refused_naming_the_record(
    sqlite_engine: Engine, tmp_path: Path, fmt: str
) -> None:
    url = _fill(sqlite_engine)
    archive = tmp_path / "backup.zip"
    made = runner.invoke(app, ["--db", url, "backup", str(archive), "--format", fmt])
    assert made.exit_code == 0, made.output
    altered = tmp_path / "altered.zip"
    _rewrite(archive, altered, _edit_event_rows)
    target = tmp_path / "restored.sqlite"
    result = runner.invoke(app, ["--db", sqlite_url(target), "restore", str(altered)])
    assert result.exit_code == 1
    assert "events 1 does not match its own audit trail" in result.output
    assert "notes changed" in result.output
    assert "nothing was restored" in result.output
    assert not target.exists() or _counts(make_engine(sqlite_url(target))) == (0, 0)


def test_a_store_with_an_edited_record_is_not_backed_up(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    url = _fill(sqlite_engine)
    with sqlite_engine.begin() as conn:
        conn.execute(text("UPDATE events SET fatalities = 999 WHERE id = 1"))
    result = runner.invoke(app, ["--db", url, "backup", str(tmp_path / "b.zip")])
    assert result.exit_code == 1
    assert "events 1 does not match the audit trail" in result.output
    assert not (tmp_path / "b.zip").exists()
