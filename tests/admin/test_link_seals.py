"""Link and account rows are bound to the audit chain like records: each writer's rows verify,
and a row of any link table edited, deleted or inserted behind Truce's back is named."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, insert, select, text, update
from typer.testing import CliRunner

from truce.auth import users
from truce.cli import app
from truce.config import sqlite_url
from truce.ingest import import_file
from truce.store import audit, records
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import LINK_KINDS, ActorAlias, AuditEntry, RecordShare
from truce.store.sealcheck import check_records
from truce.store.written import UNATTRIBUTED

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
FILES = (
    ("actors", "actors.yaml"),
    ("sources", "sources.jsonl"),
    ("places", "places.csv"),
    ("zones", "zones.geojson"),
    ("notifications", "notifications.geojson"),
    ("agreements", "agreements.csv"),
    ("events", "events.jsonl"),
)
# The column each tampering changes (text gets a suffix, numbers another valid value).
FORGED = {
    "actor_aliases": "alias",
    "actor_offices": "title",
    "actor_designations": "designation",
    "actor_relationships": "kind",
    "agreement_actors": "role",
    "zone_actors": "role",
    "notification_recipients": "actor_id",
    "record_sources": "span_start",
    "record_shares": "record_id",
    "users": "username",
    "api_tokens": "token_hash",
}


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from truce.auth import passwords

    monkeypatch.setattr(
        passwords, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


def _every_writer(engine: Engine) -> None:
    """Imports of every kind with links, a re-import that changes them, a share and an
    unshare, user and token administration."""
    for kind, name in FILES:
        import_file(engine, kind, DATA / name, actor="test")
    with transaction(engine) as session:
        users.add_user(session, "ana", role="analyst", password="a long passphrase", actor="t")
        users.add_user(session, "bo", role="viewer", password="a long passphrase", actor="t")
        users.set_role(session, "bo", "monitor", actor="t")
        users.disable_user(session, "bo", actor="t")
        row, _ = users.create_token(session, "ana", actor="t")
        _, second_token = users.create_token(session, "ana", name="second", actor="t")
        users.revoke_token(session, row.id, actor="t")
    with transaction(engine) as session:
        # A token's use stamps last_used: no audit entry, and the token still verifies.
        assert users.user_for_token(session, second_token).username == "ana"
        alias = session.scalars(select(ActorAlias).limit(1)).one()
        alias.language = "ar"
        session.add(RecordShare(record_kind="events", record_id=1, party_id=alias.actor_id))
        audit.append(session, actor="t", action="link", record_kind="actors", record_id=1)
    with transaction(engine) as session:
        session.execute(
            RecordShare.__table__.delete().where(RecordShare.party_id == alias.actor_id)
        )
        audit.append(session, actor="t", action="unshare", record_kind="events", record_id=1)


def test_every_writer_leaves_its_link_rows_verifiable(engine: Engine) -> None:
    _every_writer(engine)
    with transaction(engine) as session:
        report = check_records(session)
        assert audit.verify(session).ok
    assert report.ok, report.problems[:3]
    assert report.checked > 60


def test_a_reimport_that_changes_links_still_verifies(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, "actors", DATA / "actors.yaml", actor="test")
    changed = tmp_path / "actors.yaml"
    text_now = (DATA / "actors.yaml").read_text(encoding="utf-8")
    changed.write_text(text_now.replace("Nusra Front", "Nusra Front (the Front)"), "utf-8")
    assert import_file(engine, "actors", changed, actor="test").updated >= 1
    with transaction(engine) as session:
        report = check_records(session)
    assert report.ok, report.problems[:3]


def test_link_rows_written_without_an_audit_entry_are_sealed_at_commit(
    sqlite_engine: Engine,
) -> None:
    assert import_file(sqlite_engine, "actors", DATA / "actors.yaml", actor="test").created
    with transaction(sqlite_engine) as session:
        session.add(ActorAlias(actor_id=1, alias="Unclaimed", normalized="unclaimed"))
    with transaction(sqlite_engine) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None
        assert (last.action, last.actor, last.note) == (
            "seal",
            UNATTRIBUTED,
            "actor_aliases written with no audit entry of their own",
        )
        assert check_records(session).ok


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("links") / "truce.sqlite"
    engine = make_engine(sqlite_url(path))
    migrate(engine)
    with pytest.MonkeyPatch.context() as patch:
        from argon2 import PasswordHasher

        from truce.auth import passwords

        patch.setattr(
            passwords, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        _every_writer(engine)
    engine.dispose()
    yield path


def _tamper(engine: Engine, table_name: str, how: str) -> int:
    """Change, delete or add one row (the newest: no token hangs on the newest user) of the
    table directly; the id of the row."""
    meta = MetaData()
    meta.reflect(engine, only=[table_name])
    table = meta.tables[table_name]
    column = FORGED[table_name]
    with engine.begin() as conn:
        row = conn.execute(select(table).order_by(table.c.id.desc()).limit(1)).mappings().one()
        values = dict(row)
        if column == "actor_id":
            taken = select(table.c.actor_id).where(
                table.c.notification_id == row["notification_id"]
            )
            values[column] = conn.scalar(
                text("SELECT min(id) FROM actors WHERE id NOT IN (SELECT actor_id FROM "
                     "notification_recipients WHERE notification_id = :n)"),
                {"n": row["notification_id"]},
            )  # fmt: skip
            assert values[column] not in conn.scalars(taken).all()
        elif isinstance(row[column], str):
            values[column] = row[column] + " forged"
        else:
            values[column] = (row[column] or 0) + 1000
        if how == "record-edited":
            conn.execute(
                update(table).where(table.c.id == row["id"]).values({column: values[column]})
            )
            return int(row["id"])
        if how == "record-removed":
            conn.execute(table.delete().where(table.c.id == row["id"]))
            return int(row["id"])
        values["id"] = 9000
        conn.execute(insert(table).values(values))
        return 9000


@pytest.mark.parametrize("how", ["record-edited", "record-removed", "record-unaudited"])
@pytest.mark.parametrize("table_name", sorted(LINK_KINDS))
def test_a_link_row_changed_behind_truces_back_is_named(
    built: Path, tmp_path: Path, table_name: str, how: str
) -> None:
    path = tmp_path / "copy.sqlite"
    shutil.copy(built, path)
    engine = make_engine(sqlite_url(path))
    try:
        with transaction(engine) as session:
            assert check_records(session).ok
        row_id = _tamper(engine, table_name, how)
        with transaction(engine) as session:
            report = check_records(session)
        named = [(p.kind, p.record_id, p.code) for p in report.problems]
        assert named == [(table_name, row_id, how)]
    finally:
        engine.dispose()


def test_audit_verify_names_an_edited_alias(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    shutil.copy(built, path)
    engine = make_engine(sqlite_url(path))
    row_id = _tamper(engine, "actor_aliases", "record-edited")
    engine.dispose()
    result = CliRunner().invoke(app, ["--db", sqlite_url(path), "audit", "verify"])
    assert result.exit_code == 1
    assert f"actor_aliases {row_id}: record-edited" in result.output


def test_migration_seals_the_link_rows_already_in_a_store(sqlite_store_url: str) -> None:
    engine = make_engine(sqlite_store_url)
    migrate(engine, revision="0010_record_seals")
    with transaction(engine) as session:
        actor = records.create(session, "actors", {"name": "Older"}, actor="t")
    with engine.begin() as conn:  # as a writer from before link sealing left it
        conn.execute(
            text(
                "INSERT INTO actor_aliases (actor_id, alias, normalized) VALUES (:a, 'Old', 'old')"
            ),
            {"a": actor.id},
        )
    with transaction(engine) as session:
        assert [p.code for p in check_records(session).problems] == ["record-unaudited"]
    migrate(engine)
    with transaction(engine) as session:
        assert check_records(session).ok
        assert audit.verify(session).ok
    engine.dispose()


@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_a_backup_from_before_link_sealing_restores_with_its_links_sealed(
    tmp_path: Path, fmt: str
) -> None:
    old = make_engine(sqlite_url(tmp_path / "old.sqlite"))
    migrate(old, revision="0010_record_seals")
    with transaction(old) as session:
        actor = records.create(session, "actors", {"name": "Older"}, actor="t")
    with old.begin() as conn:  # a link row as a writer from before link sealing left it
        conn.execute(
            text("INSERT INTO actor_aliases (actor_id, alias, normalized) VALUES (:a, 'Old', 'o')"),
            {"a": actor.id},
        )
    url = old.url.render_as_string(hide_password=False)
    archive = tmp_path / "backup.zip"
    runner = CliRunner()
    made = runner.invoke(app, ["--db", url, "backup", str(archive), "--format", fmt])
    assert made.exit_code == 0, made.output
    old.dispose()
    target = sqlite_url(tmp_path / "restored.sqlite")
    done = runner.invoke(app, ["--db", target, "restore", str(archive)])
    assert done.exit_code == 0, done.output
    verified = runner.invoke(app, ["--db", target, "audit", "verify"])
    assert verified.exit_code == 0, verified.output
