"""Events, ACLED-compatible, and the agreements they are alleged to violate.

The first block of columns carries ACLED's 31 export columns under ACLED's own names (so that
an ACLED file round-trips without loss); the second adds what UCDP and Truce need. The spatial
index is an R*Tree on SQLite (``events_rtree``: lon, lat, day) kept in step by triggers, and a
GiST index on PostgreSQL; both are created by the migrations.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from truce.store.models.base import Base, Record


class Event(Record, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_dataset_external", "dataset", "external_id", unique=True),
        Index("ix_events_event_date", "event_date"),
        Index("ix_events_type", "event_type", "sub_event_type"),
    )

    # --- ACLED's export columns --------------------------------------------------------------
    event_id_cnty: Mapped[str | None] = mapped_column(String(64))
    event_date: Mapped[date] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    time_precision: Mapped[int | None] = mapped_column(Integer)  # ACLED: 1 day, 2 week, 3 month
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(300))
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    inter1: Mapped[str | None] = mapped_column(String(64))
    actor2: Mapped[str | None] = mapped_column(String(300))
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    inter2: Mapped[str | None] = mapped_column(String(64))
    interaction: Mapped[str | None] = mapped_column(String(128))
    civilian_targeting: Mapped[str | None] = mapped_column(String(64))
    iso: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    admin3: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)  # ACLED: 1 exact … 3 region
    source: Mapped[str | None] = mapped_column(Text)
    source_scale: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)  # ACLED's figure = our "best"
    tags: Mapped[str | None] = mapped_column(Text)
    timestamp: Mapped[int | None] = mapped_column(Integer)

    # --- Truce and UCDP ----------------------------------------------------------------------
    dataset: Mapped[str] = mapped_column(String(16), default="truce")  # acled | ucdp | truce
    external_id: Mapped[str | None] = mapped_column(String(64))
    date_end: Mapped[date | None] = mapped_column(Date)  # UCDP's date window
    date_precision: Mapped[str] = mapped_column(String(16), default="day")
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    plover_type: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    cameo: Mapped[str | None] = mapped_column(String(8))
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="accepted", index=True)
    row_hash: Mapped[str | None] = mapped_column(String(32))  # detects a changed import row
    extra: Mapped[str | None] = mapped_column(Text)  # JSON of source columns not mapped above


_BOOKKEEPING = ("id", "created_at", "updated_at", "version", "deleted_at")
# An event's own values in table order: the row layout of the bulk writer and of the readers
# that fill it (ACLED, UCDP, Truce's JSON Lines).
EVENT_FIELDS: tuple[str, ...] = tuple(
    column.key for column in Event.__table__.columns if column.key not in _BOOKKEEPING
)
FIELD_INDEX = {name: position for position, name in enumerate(EVENT_FIELDS)}


class EventViolation(Record, Base):
    """An event alleged to violate an agreement, by whom and when."""

    __tablename__ = "event_violations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    alleged_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    alleged_on: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
