"""truce audit verify finds entries edited, deleted or inserted directly in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from truce.cli import app
from truce.store import records
from truce.store.db import transaction

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
    assert runner.invoke(app, ["--db", url, "audit", "verify"]).exit_code == 0
    result = runner.invoke(app, ["--db", url, "audit", "verify", "--head", head])
    assert result.exit_code == 1
    assert "head-mismatch" in result.output
