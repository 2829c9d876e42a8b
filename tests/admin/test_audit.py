"""truce audit verify finds entries, and records, edited, deleted or inserted directly in the
database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from typer.testing import CliRunner

from truce.cli import app
from truce.ingest import import_file
from truce.store import records
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import AuditEntry
from truce.store.seals import seals_of

runner = CliRunner()


def _three_writes(engine: Engine) -> str:
    with transaction(engine) as session:
        for name in ("Party A", "Party B", "Party C"):
            records.create(session, "actors", {"name": name}, actor="test")
    return engine.url.render_as_string(hide_password=False)


TAMPERING = {
    "edited": ["UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"],
    "deleted": ["DELETE FROM audit_log WHERE seq = 2"],
    "inserted": [
        "UPDATE audit_log SET seq = seq + 10 WHERE seq >= 2",
        "INSERT INTO audit_log (seq, at, actor, action, record_kind, record_id, prev_hash, hash)"
        # The forged hash differs from entry 1's in its first digit (hashes are unique).
        " SELECT 2, at, actor, action, record_kind, '99', hash,"
        " CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(hash, 2)"
        " FROM audit_log WHERE seq = 1",
        "UPDATE audit_log SET seq = seq - 9 WHERE seq >= 12",
    ],
}
EXPECTED = {"edited": "edited", "deleted": "inserted-or-deleted", "inserted": "edited"}


def test_an_untouched_log_verifies(engine: Engine) -> None:
    result = runner.invoke(app, ["--db", _three_writes(engine), "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact: 3 entries" in result.output


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_with_the_log_is_reported(engine: Engine, how: str) -> None:
    url = _three_writes(engine)
    with engine.begin() as conn:
        for statement in TAMPERING[how]:
            conn.execute(text(statement))
    result = runner.invoke(app, ["--db", url, "audit", "verify"])
    assert result.exit_code == 1
    assert "entry 2" in result.output
    assert EXPECTED[how] in result.output


def test_removing_the_newest_entries_is_caught_with_the_recorded_head(engine: Engine) -> None:
    url = _three_writes(engine)
    head = runner.invoke(app, ["--db", url, "audit", "head"]).output.strip()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    # The record it wrote still has its hash under entry 3: that alone gives it away now.
    alone = runner.invoke(app, ["--db", url, "audit", "verify"])
    assert alone.exit_code == 1
    assert "entry 3: seals-edited" in alone.output
    result = runner.invoke(app, ["--db", url, "audit", "verify", "--head", head])
    assert result.exit_code == 1
    assert "head-mismatch" in result.output


# --- the records, not only the log ------------------------------------------------------------

ACLED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "acled.csv"


def _verify(url: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", url, "audit", "verify"])
    return result.exit_code, result.output


def test_a_record_edited_behind_truces_back_is_named_with_its_field(engine: Engine) -> None:
    url = _three_writes(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE actors SET name = 'Party Z' WHERE id = 2"))
    code, output = _verify(url)
    assert code == 1
    assert "actors 2: record-edited" in output
    assert "name changed" in output
    assert "actors 1" not in output and "actors 3" not in output


def test_an_imported_event_edited_behind_truces_back_is_named(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    import_file(engine, "acled", ACLED, actor="test")
    assert _verify(url)[0] == 0
    with engine.begin() as conn:
        target = conn.scalar(text("SELECT min(id) FROM events"))
        conn.execute(text("UPDATE events SET fatalities = 999 WHERE id = :id"), {"id": target})
    code, output = _verify(url)
    assert code == 1
    assert f"events {target}: record-edited" in output
    assert "acled.csv" in output  # the import that wrote it


def test_a_record_deleted_behind_truces_back_is_named(engine: Engine) -> None:
    url = _three_writes(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM actors WHERE id = 3"))
    code, output = _verify(url)
    assert code == 1
    assert "actors 3: record-removed" in output


def test_a_record_inserted_without_an_audit_entry_is_named(engine: Engine) -> None:
    url = _three_writes(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO actors (id, name, kind, created_at, updated_at, version, "
                "classification) VALUES (40, 'Ghost', 'other', :now, :now, 1, 'public')"
            ),
            {"now": datetime(2016, 9, 19)},
        )
    code, output = _verify(url)
    assert code == 1
    assert "actors 40: record-unaudited" in output


def test_a_record_hash_rewritten_to_match_an_edit_is_caught_by_the_chain(engine: Engine) -> None:
    url = _three_writes(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE actors SET name = 'Party Z' WHERE id = 2"))
    with transaction(engine) as session:  # what the edited row now hashes to
        forged = seals_of(session, "actors", [2])[0][2]
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE audit_records SET hash = :h WHERE record_kind = 'actors' AND record_id = 2"
            ),
            {"h": forged},
        )
    code, output = _verify(url)
    assert code == 1
    assert "seals-edited" in output
    assert "actors 2" not in output  # the record matches the forged hash; the chain does not


def test_audited_updates_and_deletes_keep_records_verifiable(engine: Engine) -> None:
    url = _three_writes(engine)
    with transaction(engine) as session:
        records.update_record(session, "actors", 1, {"name": "Party A2"}, actor="test")
        records.soft_delete(session, "actors", 3, actor="test")
    code, output = _verify(url)
    assert code == 0, output
    assert "3 records match" in output


def test_migration_seals_the_records_already_in_a_store(sqlite_store_url: str) -> None:
    sqlite_engine = make_engine(sqlite_store_url)
    migrate(sqlite_engine, revision="0009_sessions")
    with sqlite_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO actors (name, kind, created_at, updated_at, version, "
                "classification) VALUES ('Older', 'other', :now, :now, 1, 'public')"
            ),
            {"now": datetime(2016, 9, 19, 12, 30)},
        )
    migrate(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    code, output = _verify(url)
    assert code == 0, output
    with transaction(sqlite_engine) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and (last.action, last.actor) == ("seal", "migration 0010")
    sqlite_engine.dispose()


def test_records_updated_by_a_second_import_still_verify(engine: Engine, tmp_path: Path) -> None:
    url = engine.url.render_as_string(hide_password=False)
    import_file(engine, "acled", ACLED, actor="test")
    changed = tmp_path / "acled.csv"
    changed.write_text(
        ACLED.read_text(encoding="utf-8").replace("SYR103,2016-09-19", "SYR103,2016-09-20"),
        encoding="utf-8",
    )
    again = import_file(engine, "acled", changed, actor="test")
    assert (again.created, again.updated) == (0, 1)
    code, output = _verify(url)
    assert code == 0, output
