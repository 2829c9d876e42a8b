"""Places, zones and deconfliction notifications.

Geometries are stored as GeoJSON text with their bounding box in four indexed columns, so both
SQLite and PostgreSQL can pre-filter by box before shapely does the exact test.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from truce.store.models.base import Base, Record


class Place(Record, Base):
    __tablename__ = "places"
    __table_args__ = (Index("ix_places_external_id", "external_id", unique=True),)

    external_id: Mapped[str | None] = mapped_column(String(200))  # the id its file gave it
    name: Mapped[str] = mapped_column(String(300), index=True)
    other_names: Mapped[list[object]] = mapped_column(JSON, default=list)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    admin3: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(3))
    feature_kind: Mapped[str | None] = mapped_column(String(32))
    gazetteer_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class Bounded:
    """A GeoJSON geometry with its bounding box."""

    geometry: Mapped[str] = mapped_column(Text)  # GeoJSON geometry object as text
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)


class Zone(Record, Bounded, Base):
    __tablename__ = "zones"
    __table_args__ = (Index("ix_zones_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),)

    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Event kinds a restricted zone forbids to its bound actors, e.g. ["Air/drone strike"].
    restricts: Mapped[list[object]] = mapped_column(JSON, default=list)
    properties: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)


class ZoneActor(Base):
    """An actor a zone binds (must not act in it) or that controls it."""

    __tablename__ = "zone_actors"
    __table_args__ = (UniqueConstraint("zone_id", "actor_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class Notification(Record, Bounded, Base):
    """A notified static site or movement (a route with a buffer and a time window)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),)

    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))  # site | movement
    buffer_m: Mapped[float] = mapped_column(Float, default=0.0)
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notified_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    notified_on: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    properties: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)


class NotificationRecipient(Base):
    __tablename__ = "notification_recipients"
    __table_args__ = (UniqueConstraint("notification_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
