from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from truce.errors import Conflict, InvalidInput, NotFound
from truce.store import audit, records
from truce.store.db import transaction


def _new_event(engine: Engine) -> int:
    with transaction(engine) as session:
        event = records.create(
            session,
            "events",
            {"event_date": dt.date(2016, 9, 19), "event_type": "Battles", "external_id": "e1"},
            actor="tester",
        )
        return event.id


def test_update_with_the_current_version_bumps_it(engine: Engine) -> None:
    event_id = _new_event(engine)
    with transaction(engine) as session:
        event = records.update_record(
            session, "events", event_id, {"notes": "checked"}, actor="t", expected_version=1
        )
        assert event.version == 2 and event.notes == "checked"


def test_stale_update_is_refused_with_conflict(engine: Engine) -> None:
    event_id = _new_event(engine)
    with transaction(engine) as session:
        records.update_record(session, "events", event_id, {"notes": "a"}, actor="t")
    with pytest.raises(Conflict), transaction(engine) as session:
        records.update_record(
            session, "events", event_id, {"notes": "b"}, actor="t", expected_version=1
        )


def test_soft_deleted_record_is_hidden_but_kept(engine: Engine) -> None:
    event_id = _new_event(engine)
    with transaction(engine) as session:
        records.soft_delete(session, "events", event_id, actor="t")
    with pytest.raises(NotFound), transaction(engine) as session:
        records.get(session, "events", event_id)
    with transaction(engine) as session:
        assert records.get(session, "events", event_id, include_deleted=True).deleted_at


def test_every_write_is_audited_in_one_chain(engine: Engine) -> None:
    event_id = _new_event(engine)
    with transaction(engine) as session:
        records.update_record(session, "events", event_id, {"notes": "x"}, actor="t")
        records.soft_delete(session, "events", event_id, actor="t")
    with transaction(engine) as session:
        report = audit.verify(session)
    assert report.ok and report.entries == 3


@pytest.mark.parametrize("values", [{"nonsense": 1}, {"version": 7}])
def test_unknown_or_protected_fields_are_refused(engine: Engine, values: dict[str, int]) -> None:
    event_id = _new_event(engine)
    with pytest.raises(InvalidInput), transaction(engine) as session:
        records.update_record(session, "events", event_id, values, actor="t")
