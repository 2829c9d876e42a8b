"""Spatial and temporal index on events.

SQLite: an R*Tree over (longitude, latitude, day number) kept in step with ``events`` by
triggers, so a bounding box and a time window are answered from one index. PostgreSQL: a GiST
index on the point (longitude, latitude) and the B-tree on the event date from 0001.

Revision ID: 0002_spatial_index
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_spatial_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# Day number: days since 1970-01-01, exact in the R*Tree's 32-bit floats for any real date.
_DAY = "(julianday({col}) - 2440587.5)"
_START = _DAY.format(col="NEW.event_date")
_END = _DAY.format(col="COALESCE(NEW.date_end, NEW.event_date)")

SQLITE_UP = [
    """CREATE VIRTUAL TABLE events_rtree USING rtree(
        id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)""",
    f"""CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
        WHEN NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL
        BEGIN
          INSERT INTO events_rtree VALUES (NEW.id, NEW.longitude, NEW.longitude,
            NEW.latitude, NEW.latitude, {_START}, {_END});
        END""",
    f"""CREATE TRIGGER events_rtree_update AFTER UPDATE OF latitude, longitude, event_date, date_end
        ON events
        BEGIN
          DELETE FROM events_rtree WHERE id = OLD.id;
          INSERT INTO events_rtree SELECT NEW.id, NEW.longitude, NEW.longitude,
            NEW.latitude, NEW.latitude, {_START}, {_END}
            WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
        END""",
    """CREATE TRIGGER events_rtree_delete AFTER DELETE ON events
        BEGIN
          DELETE FROM events_rtree WHERE id = OLD.id;
        END""",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS events_rtree_delete",
    "DROP TRIGGER IF EXISTS events_rtree_update",
    "DROP TRIGGER IF EXISTS events_rtree_insert",
    "DROP TABLE IF EXISTS events_rtree",
]

POSTGRES_UP = [
    "CREATE INDEX ix_events_point ON events USING gist (point(longitude, latitude))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_events_point"]


def upgrade() -> None:
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
