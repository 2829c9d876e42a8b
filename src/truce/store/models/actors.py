"""Actors: canonical names, every spelling, offices over time, designations, relationships."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from truce.store.models.base import Base, Record


class Actor(Record, Base):
    __tablename__ = "actors"

    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    country: Mapped[str | None] = mapped_column(String(3))  # ISO 3166-1 alpha-3
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    description: Mapped[str | None] = mapped_column(Text)

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", lazy="selectin"
    )
    offices: Mapped[list[Office]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        foreign_keys="Office.person_id",
        lazy="selectin",
    )
    designations: Mapped[list[Designation]] = relationship(
        back_populates="actor",
        cascade="all, delete-orphan",
        foreign_keys="Designation.actor_id",
        lazy="selectin",
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300), index=True)
    language: Mapped[str | None] = mapped_column(String(16))

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Office(Base):
    """A person holds an office (in an organisation) from a date to a date."""

    __tablename__ = "actor_offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL")
    )
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Actor] = relationship(back_populates="offices", foreign_keys=[person_id])


class Designation(Base):
    """An actor designated (e.g. as a terrorist organisation) by someone, from/to dates."""

    __tablename__ = "actor_designations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    designation: Mapped[str] = mapped_column(String(200))
    designated_by: Mapped[str] = mapped_column(String(200))
    designated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL")
    )
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))

    actor: Mapped[Actor] = relationship(back_populates="designations", foreign_keys=[actor_id])


class Relationship(Base):
    """subject ``kind`` object (backs, allied with, embedded with, part of …), from/to dates."""

    __tablename__ = "actor_relationships"
    __table_args__ = (Index("ix_actor_relationships_pair", "subject_id", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
