"""Statements, claims about events, assessments, and extraction candidates awaiting review."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truce.store.models.base import Base, Record


class Statement(Record, Base):
    __tablename__ = "statements"

    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    speaker_name: Mapped[str] = mapped_column(String(300))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(16), default="day")
    venue: Mapped[str | None] = mapped_column(String(300))
    words: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(16), default="en")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class Claim(Record, Base):
    """What a claimant asserts, denies or questions about one attribute of an event."""

    __tablename__ = "claims"

    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    claimant_name: Mapped[str | None] = mapped_column(String(300))
    attribute: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(16), default="asserts")
    made_on: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    credibility: Mapped[str | None] = mapped_column(String(1))  # Admiralty information grade 1-6
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class Assessment(Record, Base):
    """A competing-hypotheses assessment of one attribute of one event."""

    __tablename__ = "assessments"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attribute: Mapped[str] = mapped_column(String(32))
    hypotheses: Mapped[list[object]] = mapped_column(JSON, default=list)
    matrix: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    scores: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    conclusion: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(String(32))
    assessed_by: Mapped[str | None] = mapped_column(String(100))
    assessed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Candidate(Record, Base):
    """A record proposed by extraction, waiting for an analyst to accept or reject it."""

    __tablename__ = "candidates"

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    confidence: Mapped[float | None]
    record_kind: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[int | None] = mapped_column(Integer)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str | None] = mapped_column(Text)
    made_on: Mapped[date | None] = mapped_column(Date)
