"""The store's actors as the extractor's actor registry (:class:`truce.extract.Registry`):
every live actor with its aliases, offices held (from–to, and of which organisation), whether
it is designated a terrorist organisation, and its parent.

The extractor takes a registry and never reads the store; the store builds one from its rows
here (the arrow points from the store down to the extractor, never back).
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from truce.extract.registry import ActorEntry, OfficeTerm, Registry
from truce.store.db import transaction
from truce.store.models import Actor


def live_actors(session: Session) -> list[Actor]:
    """Every actor not deleted (their aliases, offices and designations load on access)."""
    return list(session.scalars(select(Actor).where(Actor.deleted_at.is_(None))).all())


def store_registry(engine: Engine) -> Registry:
    """Every live actor of the store (aliases and offices included) as a registry."""
    return Registry.from_entries(store_actors(engine))


def store_actors(engine: Engine) -> list[ActorEntry]:
    """Every live actor of the store (aliases and offices included) as registry entries (what
    worker processes build their registry from)."""
    with transaction(engine) as session:
        return actor_entries(live_actors(session))


def actor_entries(actors: list[Actor]) -> list[ActorEntry]:
    """The registry entries of ``actors`` (an office's organisation named if it is among them)."""
    names = {a.id: a.name for a in actors}
    return [
        ActorEntry(
            name=a.name, kind=a.kind, country=a.country,
            aliases=tuple(alias.alias for alias in a.aliases),
            offices=tuple(
                OfficeTerm(
                    title=o.title, start=o.start, end=o.end,
                    organisation=names.get(o.organisation_id) if o.organisation_id else None,
                )
                for o in a.offices
            ),
            designated=any("terror" in d.designation for d in a.designations),
            parent=names.get(a.parent_id) if a.parent_id else None,
        )
        for a in actors
    ]  # fmt: skip
