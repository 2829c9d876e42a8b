"""The one visibility rule: its SQL text form (the map query) keeps the same records as its
SQLAlchemy form (every other read), for every kind of audience."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine, select

from truce.store import records
from truce.store.db import transaction
from truce.store.models import Actor, Event, RecordShare
from truce.store.query import BBox, map_events
from truce.store.visibility import EVERYONE, PUBLIC, WITHHELD, Audience, names_seen, visible_clause

DAY = date(2016, 9, 19)
AUDIENCES = {
    "everyone": EVERYONE,
    "public": PUBLIC,
    "monitor": Audience.of_role("monitor"),
    "liaison": Audience.of_role("liaison", party_id=1),
    "unknown role": Audience.of_role("nobody"),
}


def _seed(engine: Engine) -> int:
    with transaction(engine) as session:
        party = records.create(session, "actors", {"name": "Party", "kind": "state"}, actor="t")
        for n, classification in enumerate(("public", "restricted", "confidential") * 2):
            event = records.create(
                session,
                "events",
                {"event_date": DAY, "event_type": "Battles", "latitude": 36.0 + n / 10,
                 "longitude": 37.0, "classification": classification},
                actor="t",
            )  # fmt: skip
            if n >= 3:
                session.add(
                    RecordShare(record_kind="events", record_id=event.id, party_id=party.id)
                )
        return party.id


@pytest.mark.parametrize("name", AUDIENCES)
def test_the_map_query_and_the_lists_keep_the_same_events(engine: Engine, name: str) -> None:
    party = _seed(engine)
    audience = AUDIENCES[name]
    if audience.party_id is not None:
        audience = Audience(audience.classifications, party)
    with transaction(engine) as session:
        listed = set(session.scalars(select(Event.id).where(visible_clause(Event, audience))))
        answer = map_events(
            session, BBox(30, 30, 45, 45), since=DAY, until=DAY, audience=audience, limit=100
        )
    mapped = {row["id"] for row in json.loads(answer.rows_json)}
    assert mapped == listed
    assert len(listed) == {"everyone": 6, "public": 2, "monitor": 4, "liaison": 4,
                           "unknown role": 0}[name]  # fmt: skip


def test_a_linked_record_the_reader_may_not_see_is_named_withheld(engine: Engine) -> None:
    with transaction(engine) as session:
        hidden = records.create(
            session, "actors", {"name": "Secret", "classification": "confidential"}, actor="t"
        )
        shown = records.create(session, "actors", {"name": "Open"}, actor="t")
        names = names_seen(session, Actor, [hidden.id, shown.id, None], PUBLIC)
        assert names == {hidden.id: WITHHELD, shown.id: "Open"}
        assert names_seen(session, Actor, [hidden.id], EVERYONE) == {hidden.id: "Secret"}
