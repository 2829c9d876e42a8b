"""Name and id look-ups the importers need: actors by any spelling, records by external id."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy.orm import Session

from truce.formats.issues import FieldError
from truce.names import normalize_name
from truce.store.models import Agreement, Event, Place, Source, Zone
from truce.store.queries_ingest import alias_pairs, id_by_external_id, live_actor_names


class ActorNames:
    """Normalised names → actor id, matched case- and accent-insensitively; a look-up of a name
    as written is remembered. Alone, it serves a parsing process a copy of an index's names."""

    def __init__(self, ids: dict[str, int]) -> None:
        self._ids = ids
        self._memo: dict[str, int | None] = {}

    def find(self, name: str | None) -> int | None:
        """The actor's id, or None (also for an empty name); never raises."""
        if not name:
            return None
        try:
            return self._memo[name]
        except KeyError:
            found = self._ids.get(normalize_name(name))
            self._memo[name] = found
            return found


class ActorIndex(ActorNames):
    """Canonical names and aliases → actor id, read from the store."""

    def __init__(self, session: Session) -> None:
        super().__init__({})
        self.session = session
        self.reload()

    def reload(self) -> None:
        self._ids.clear()
        self._memo.clear()
        for alias, actor_id in alias_pairs(self.session):
            self._ids.setdefault(alias, actor_id)
        # Canonical names win over another actor's alias.
        for name, actor_id in live_actor_names(self.session):
            self._ids[normalize_name(name)] = actor_id

    def snapshot(self) -> dict[str, int]:
        """A copy of the normalised names and their actor ids (for a parsing process)."""
        return dict(self._ids)

    def add(self, name: str, actor_id: int) -> None:
        self._ids[normalize_name(name)] = actor_id
        self._memo.clear()

    def require(self, name: str, column: str) -> int:
        found = self.find(name)
        if found is None:
            raise FieldError(
                "unknown-actor",
                f"no actor is called {name!r}; import the actors first "
                "(truce import actors FILE) or correct the spelling",
                column=column,
                value=name,
            )
        return found

    def require_all(self, names: list[str], column: str) -> list[int]:
        return [self.require(name, column) for name in names]


class ExternalIds:
    """Records of one kind by their external id (sources, agreements, zones, places, events)."""

    _MODELS: ClassVar[dict[str, Any]] = {
        "sources": Source,
        "agreements": Agreement,
        "zones": Zone,
        "places": Place,
    }

    def __init__(self, session: Session) -> None:
        self.session = session

    def require(self, kind: str, external_id: str, column: str) -> int:
        found = self._lookup(kind, external_id)
        if found is None:
            hint = {
                "sources": "truce import sources",
                "agreements": "truce import agreements",
                "zones": "truce import zones",
                "places": "truce import places",
                "events": "truce import events (or acled / ucdp)",
            }[kind]
            raise FieldError(
                "unknown-reference",
                f"no {kind[:-1]} has the id {external_id!r}; import it first ({hint})",
                column=column,
                value=external_id,
            )
        return found

    def _lookup(self, kind: str, external_id: str) -> int | None:
        return _cached(self.session, kind, external_id)


def _cached(session: Session, kind: str, external_id: str) -> int | None:
    model = Event if kind == "events" else ExternalIds._MODELS[kind]
    return id_by_external_id(session, model, external_id)
