from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from truce.store.db import (
    _alembic_config,
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    migrate,
    open_store,
    stored_revision,
)
from truce.store.models import Base


def test_migrations_create_every_table_from_empty(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(engine) is not None
    engine.dispose()


def test_migrations_downgrade_to_empty_and_up_again(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine)
    downgrade(engine)
    assert "events" not in inspect(engine).get_table_names()
    migrate(engine)
    assert "events" in inspect(engine).get_table_names()
    engine.dispose()


def test_sqlite_store_is_in_wal_mode(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_rtree_follows_inserts_updates_and_deletes(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, event_date, event_type, latitude, longitude, dataset,"
                " date_precision, status, created_at, updated_at, version, classification)"
                " VALUES (1, '2016-09-19', 'Battles', 36.15, 36.95, 'truce', 'day', 'accepted',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 'public')"
            )
        )
        box = (
            "SELECT id FROM events_rtree WHERE min_lon >= 36.9 AND max_lon <= 37.0"
            " AND min_lat >= 36.1 AND max_lat <= 36.2"
        )
        assert conn.execute(text(box)).scalars().all() == [1]
        conn.execute(text("UPDATE events SET longitude = 40.1 WHERE id = 1"))
        assert conn.execute(text(box)).scalars().all() == []
        conn.execute(text("DELETE FROM events WHERE id = 1"))
        assert conn.execute(text("SELECT count(*) FROM events_rtree")).scalar() == 0


def test_head_read_from_file_names_is_alembics_head() -> None:
    config = _alembic_config(make_engine("sqlite://"))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_a_store_at_head_is_opened_without_alembic(store_url: str) -> None:
    engine = open_store(store_url)
    assert stored_revision(engine) == head_revision() == current_revision(engine)
    engine.dispose()
    engine = open_store(store_url, create=False)  # at head: one query, no migration
    assert stored_revision(engine) == head_revision()
    engine.dispose()
