"""Server area: the per-install secrets table and full-text search.

- ``server_secrets``: named secrets made on first use (the session-cookie signing key), so no
  secret ever sits in the repository or in a settings file.
- Full-text search over statements (words, speaker, venue), sources (title, publisher, text)
  and events (notes, location, actors): on SQLite three external-content FTS5 tables kept in
  step by triggers; on PostgreSQL GIN indexes on ``to_tsvector('simple', …)`` of the same
  columns (the expressions must match ``truce.store.query.FTS_COLUMNS``).

Revision ID: 0007_server
Revises: 0006_assess
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_server"
down_revision = "0006_assess"
branch_labels = None
depends_on = None

FTS_COLUMNS = {
    "statements": ("words", "speaker_name", "venue"),
    "sources": ("title", "publisher", "text"),
    "events": ("notes", "location", "actor1", "actor2"),
}


def _sqlite_up(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2')",
        f"""CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
              INSERT INTO {fts}(rowid, {cols}) VALUES (NEW.id, {new});
            END""",
        f"""CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
              INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', OLD.id, {old});
            END""",
        f"""CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN
              INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', OLD.id, {old});
              INSERT INTO {fts}(rowid, {cols}) VALUES (NEW.id, {new});
            END""",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_down(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def tsvector_sql(columns: tuple[str, ...]) -> str:
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('simple', {joined})"


def upgrade() -> None:
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in FTS_COLUMNS.items():
        if sqlite:
            for statement in _sqlite_up(table, columns):
                op.execute(statement)
        else:
            op.execute(
                f"CREATE INDEX ix_{table}_fts ON {table} USING gin ({tsvector_sql(columns)})"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in FTS_COLUMNS:
        if sqlite:
            for statement in _sqlite_down(table):
                op.execute(statement)
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
    op.drop_table("server_secrets")
