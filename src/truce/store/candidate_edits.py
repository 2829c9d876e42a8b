"""Editing a pending candidate before it is accepted, and the records it may duplicate.

``edit_candidate`` changes fields of a candidate's payload (date, place, actors, type,
fatalities, words) the way extraction would have written them, audited as an update of the
candidate. ``matching_events`` lists the live events an event candidate would duplicate: the
same day, the same event type and the same place — by gazetteer entry (any of its spellings:
"Douma" is "Dūmā") or by the spelling itself.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from truce.errors import Conflict, InvalidInput
from truce.names import normalize_name
from truce.store import records
from truce.store.models import Actor, ActorAlias, Candidate, Event, Place, Source
from truce.vocab import ACLED_EVENT_TYPES

if TYPE_CHECKING:
    from truce.extract import Gazetteer

Visibility = Callable[[type[Event]], ColumnElement[bool]]


@dataclass(frozen=True)
class CandidateEdit:
    """The fields an analyst may change; None leaves a field as extraction found it."""

    date: date | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    actor1: str | None = None
    actor2: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    fatalities: int | None = None
    words: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def pending(session: Session, candidate_id: int) -> Candidate:
    candidate = records.get(session, "candidates", candidate_id)
    assert isinstance(candidate, Candidate)
    if candidate.status != "pending":
        raise Conflict(f"candidate {candidate_id} is already {candidate.status}: only pending ones")
    return candidate


def edit_candidate(
    session: Session,
    candidate_id: int,
    edit: CandidateEdit,
    *,
    actor: str,
    gazetteer: Gazetteer,
    expected_version: int | None = None,
) -> Candidate:
    """Apply ``edit`` to a pending candidate's payload (audited; stale versions refused)."""
    candidate = pending(session, candidate_id)
    if edit.is_empty():
        raise InvalidInput(
            "nothing to change: give a date, place, actor, type, fatalities or words"
        )
    payload = deepcopy(candidate.payload)
    if candidate.kind == "event":
        _edit_event(session, payload, edit, gazetteer)
    elif candidate.kind == "statement":
        _edit_statement(session, payload, edit)
    else:
        named = [f.name for f in fields(edit) if getattr(edit, f.name) is not None]
        if named != ["date"] or candidate.kind == "quantity":
            raise InvalidInput(
                f"a {candidate.kind} candidate has no {', '.join(named)} to edit: "
                "edit events (date, place, actors, type, fatalities, words) and statements "
                "(date, speaker as actor1, words); agreements and claims take a date only"
            )
    if edit.date is not None:
        payload["date"] = _day(edit.date)
    values: dict[str, Any] = {"payload": payload}
    if edit.date is not None:
        values["made_on"] = edit.date
    updated = records.update_record(
        session, "candidates", candidate.id, values, actor=actor, expected_version=expected_version
    )
    assert isinstance(updated, Candidate)
    return updated


def _day(day: date) -> dict[str, Any]:
    iso = day.isoformat()
    return {"start": iso, "end": iso, "precision": "day", "text": None, "span": None}


def _edit_event(
    session: Session, payload: dict[str, Any], edit: CandidateEdit, gazetteer: Gazetteer
) -> None:
    if edit.event_type is not None or edit.sub_event_type is not None:
        kind = edit.event_type or payload.get("event_type")
        sub = edit.sub_event_type
        if kind not in ACLED_EVENT_TYPES:
            raise InvalidInput(
                f"event_type {kind!r} is not one of: {', '.join(ACLED_EVENT_TYPES)}",
                detail={"field": "event_type"},
            )
        if sub and sub not in ACLED_EVENT_TYPES[kind]:
            raise InvalidInput(
                f"sub_event_type {sub!r} is not a kind of {kind}: use one of "
                f"{', '.join(ACLED_EVENT_TYPES[kind])}",
                detail={"field": "sub_event_type"},
            )
        if edit.event_type is not None and edit.event_type != payload.get("event_type"):
            payload["sub_event_type"] = None
        payload["event_type"] = kind
        if sub is not None:
            payload["sub_event_type"] = sub or None
    if edit.place is not None or edit.latitude is not None or edit.longitude is not None:
        payload["place"] = _place(payload.get("place"), edit, gazetteer)
    for key in ("actor1", "actor2"):
        name = getattr(edit, key)
        if name is not None:
            payload[key] = _actor(session, payload.get(key), name)
    if edit.fatalities is not None:
        if edit.fatalities < 0:
            raise InvalidInput(
                "fatalities: give a count of 0 or more", detail={"field": "fatalities"}
            )
        payload["fatalities"] = {"low": None, "best": edit.fatalities, "high": None}
    if edit.words is not None:
        payload["text"] = edit.words.strip()


def _edit_statement(session: Session, payload: dict[str, Any], edit: CandidateEdit) -> None:
    if edit.words is not None:
        if not edit.words.strip():
            raise InvalidInput("words: a statement needs its words", detail={"field": "words"})
        payload["words"] = edit.words.strip()
    if edit.actor1 is not None:
        payload["speaker"] = _actor(session, payload.get("speaker"), edit.actor1)
    unused = [n for n in ("place", "actor2", "event_type", "fatalities") if getattr(edit, n)]
    if unused:
        raise InvalidInput(f"a statement has no {', '.join(unused)}: edit its date, speaker, words")


def _place(old: Any, edit: CandidateEdit, gazetteer: Gazetteer) -> dict[str, Any] | None:
    place = dict(old) if isinstance(old, dict) else {}
    if edit.place is not None:
        name = edit.place.strip()
        if not name:
            return None
        found = gazetteer.lookup(name)
        best = max(found, key=lambda p: (p.curated, p.population)) if found else None
        place = {"name": name, "canonical": best.name if best else None,
                 "lat": best.lat if best else None, "lon": best.lon if best else None,
                 "precision": best.precision if best else None,
                 "country": best.country if best else None, "span": None}  # fmt: skip
        if best is None and (edit.latitude is None or edit.longitude is None):
            raise InvalidInput(
                f"place {name!r} is not in the gazetteer: check its spelling, or give its "
                "latitude and longitude too",
                detail={"field": "place"},
            )
    if edit.latitude is not None or edit.longitude is not None:
        if edit.latitude is None or edit.longitude is None:
            raise InvalidInput("give both latitude and longitude", detail={"field": "latitude"})
        if not (-90 <= edit.latitude <= 90 and -180 <= edit.longitude <= 180):
            raise InvalidInput(
                "latitude must lie in -90..90 and longitude in -180..180",
                detail={"field": "latitude"},
            )
        place.update(lat=edit.latitude, lon=edit.longitude, precision="site")
    return place


def _actor(session: Session, old: Any, name: str) -> dict[str, Any] | None:
    name = name.strip()
    if not name:
        return None
    known = session.scalar(
        select(Actor.name)
        .outerjoin(ActorAlias, ActorAlias.actor_id == Actor.id)
        .where(Actor.deleted_at.is_(None), or_(Actor.name == name, ActorAlias.alias == name))
        .limit(1)
    )
    ref = dict(old) if isinstance(old, dict) else {}
    ref.update(name=name, canonical=known, span=None)
    return ref


# --- duplicates -------------------------------------------------------------------------------


def _spellings(names: list[str], gazetteer: Gazetteer) -> tuple[set[str], set[str]]:
    """Folded spellings and gazetteer ids of a place known by any of ``names``."""
    spellings = {normalize_name(n) for n in names if n}
    ids: set[str] = set()
    for name in names:
        for entry in gazetteer.lookup(name) if name else ():
            ids.add(entry.id)
            spellings.update(normalize_name(n) for n in entry.names)
    return spellings, ids


def matching_events(
    session: Session,
    *,
    day: date,
    event_type: str,
    place_names: list[str],
    gazetteer: Gazetteer,
    visibility: Visibility | None = None,
) -> list[Event]:
    """Live events of ``day`` and ``event_type`` at the place called any of ``place_names``."""
    spellings, ids = _spellings(place_names, gazetteer)
    if not spellings:
        return []
    query = select(Event).where(
        Event.event_date == day, Event.event_type == event_type, Event.deleted_at.is_(None)
    )
    if visibility is not None:
        query = query.where(visibility(Event))
    found = []
    for event in session.scalars(query.order_by(Event.id)):
        names = [event.location or ""]
        place = session.get(Place, event.place_id) if event.place_id else None
        if place is not None:
            names += [place.name, *(str(n) for n in place.other_names or [])]
        theirs, their_ids = _spellings(names, gazetteer)
        if place is not None and place.gazetteer_id:
            their_ids.add(place.gazetteer_id)
        if theirs & spellings or their_ids & ids:
            found.append(event)
    return found


def candidate_matches(
    session: Session,
    candidate: Candidate,
    *,
    gazetteer: Gazetteer,
    visibility: Visibility | None = None,
) -> list[Event]:
    """The events an event candidate would duplicate ([] for other kinds or an undated one)."""
    if candidate.kind != "event":
        return []
    payload = candidate.payload
    when = payload.get("date")
    day = date.fromisoformat(when["start"]) if isinstance(when, dict) else None
    if day is None:
        source = session.get(Source, candidate.source_id)
        day = source.published if source is not None else None
    place: Any = payload.get("place") or {}
    names = [str(n) for n in (place.get("name"), place.get("canonical")) if n]
    if day is None or not names or not payload.get("event_type"):
        return []
    return matching_events(
        session,
        day=day,
        event_type=str(payload["event_type"]),
        place_names=names,
        gazetteer=gazetteer,
        visibility=visibility,
    )
