"""Sources, the links from any record to the sources it rests on, and per-party sharing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truce.store.models.base import Base, Record


class Source(Record, Base):
    __tablename__ = "sources"

    kind: Mapped[str] = mapped_column(String(32), default="news")
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str] = mapped_column(String(16), default="day")
    language: Mapped[str | None] = mapped_column(String(16))
    retrieved: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    text: Mapped[str | None] = mapped_column(Text)
    reliability: Mapped[str | None] = mapped_column(String(1))  # Admiralty A-F
    notes: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)


class RecordSource(Base):
    """A record rests on a source, optionally on one span of its text."""

    __tablename__ = "record_sources"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_id", "source_id", "span_start", "span_end"),
        Index("ix_record_sources_record", "record_kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class RecordShare(Base):
    """A restricted or confidential record shared with one party (an actor)."""

    __tablename__ = "record_shares"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_id", "party_id"),
        Index("ix_record_shares_record", "record_kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    party_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
