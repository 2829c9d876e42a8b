"""A new store made from the packaged statements (store/headschema.py) is the store the
migrations make: same tables, columns, indexes, constraints, triggers, functions and rows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from truce.config import sqlite_url
from truce.store import db
from truce.store.db import (
    create_at_head,
    head_file,
    head_revision,
    make_engine,
    migrate,
    open_store,
    stored_revision,
)
from truce.store.headschema import postgres_schema, recorded

Catalogue = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(params=["sqlite", "postgres"])
def two_empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores of one backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "a.sqlite"), sqlite_url(tmp_path / "b.sqlite")
        return
    first = str(request.getfixturevalue("postgres_store_url"))  # skips when not configured
    with postgres_schema(os.environ["TRUCE_TEST_POSTGRES_URL"]) as second:
        yield first, second


def _rows(connection: Connection, tables: list[str]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for table in sorted(tables):
        rows = connection.exec_driver_sql(f'SELECT * FROM "{table}"').all()
        found.extend((table, *row) for row in sorted(rows, key=repr))
    return found


def _sqlite_catalogue(connection: Connection) -> Catalogue:
    master = connection.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
    ).all()
    tables = [name for kind, name, _, _ in master if kind == "table"]
    pragmas = [
        connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("user_version", "application_id", "auto_vacuum", "page_size")
    ]
    return {
        "sqlite_master": [tuple(row) for row in master],
        "rows": _rows(connection, tables),
        "pragmas": [tuple(pragmas)],
    }


PG_CATALOGUE = {
    "tables": """SELECT table_name, table_type FROM information_schema.tables
        WHERE table_schema = current_schema()""",
    "columns": """SELECT table_name, column_name, ordinal_position, data_type,
        character_maximum_length, numeric_precision, is_nullable, column_default, is_identity
        FROM information_schema.columns WHERE table_schema = current_schema()""",
    "constraints": """SELECT conrelid::regclass::text, conname, contype,
        pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n
        ON n.oid = c.connamespace WHERE n.nspname = current_schema()""",
    "indexes": """SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema()""",
    "triggers": """SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND NOT t.tgisinternal""",
    "functions": """SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()""",
    "sequences": """SELECT sequence_name, data_type, start_value, increment, maximum_value
        FROM information_schema.sequences WHERE sequence_schema = current_schema()""",
    "relations": """SELECT c.relname, c.relkind, c.relpersistence, c.relnatts FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()""",
}


def _postgres_catalogue(connection: Connection) -> Catalogue:
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
    found: Catalogue = {}
    for name, query in PG_CATALOGUE.items():
        rows = connection.exec_driver_sql(query).all()
        # the definitions name the schema, which differs between the two stores
        plain = [tuple(str(v).replace(f"{schema}.", "") for v in row) for row in rows]
        found[name] = sorted(plain)
    tables = [name for name, kind in found["tables"] if kind == "BASE TABLE"]
    found["rows"] = _rows(connection, tables)
    return found


def catalogue(engine: Engine) -> Catalogue:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return _sqlite_catalogue(connection)
        return _postgres_catalogue(connection)


def test_a_store_made_from_the_packaged_statements_is_the_one_the_migrations_make(
    two_empty: tuple[str, str],
) -> None:
    migrated, packaged = (make_engine(url) for url in two_empty)
    migrate(migrated)
    assert create_at_head(packaged)
    made = catalogue(packaged)
    assert made == catalogue(migrated)
    assert ("alembic_version", head_revision()) in made["rows"]
    migrated.dispose()
    packaged.dispose()


def test_the_packaged_statements_are_those_the_migrations_send_now(store_url: str) -> None:
    packaged = head_file(make_url(store_url).get_backend_name()).read_text(encoding="utf-8")
    assert recorded(store_url) == packaged, "run `python -m truce.store.headschema` again"


def test_open_store_makes_a_new_store_without_running_the_migrations(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_migrations(engine: Engine, *, revision: str = "head") -> None:
        raise AssertionError("the migrations ran")

    monkeypatch.setattr(db, "migrate", no_migrations)
    engine = open_store(store_url)
    assert stored_revision(engine) == head_revision()
    engine.dispose()


def test_a_store_that_is_not_empty_is_migrated_instead(sqlite_store_url: str) -> None:
    engine = make_engine(sqlite_store_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    assert not create_at_head(engine)
    assert stored_revision(engine) is None
    engine.dispose()
    engine = open_store(sqlite_store_url)
    assert stored_revision(engine) == head_revision()
    engine.dispose()


def test_statements_of_an_older_revision_are_not_used(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "head_revision", lambda: "9999_newer")
    engine = make_engine(store_url)
    assert not create_at_head(engine)
    assert stored_revision(engine) is None
    engine.dispose()
