from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from truce.errors import Conflict, InvalidInput, NotFound
from truce.store import audit, records
from truce.store.db import transaction
from truce.store.models import AuditEntry, Candidate


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


def test_a_batch_of_creates_stores_and_audits_what_creating_each_does(engine: Engine) -> None:
    values = {"kind": "event", "payload": {"text": "Qusayr — قصير", "n": [1, 2.5, None]},
              "span_start": 3, "span_end": 9, "confidence": 0.5}  # fmt: skip
    with transaction(engine) as session:
        source = records.create(session, "sources", {"title": "t", "text": "x"}, actor="t")
        row = {**values, "source_id": source.id}
        one = records.create(session, "candidates", row, actor="t")
        ids = records.create_many(session, "candidates", [row, row], actor="t")
    with transaction(engine) as session:
        query = select(AuditEntry).where(AuditEntry.record_kind == "candidates")
        after = {entry.record_id: entry.after for entry in session.scalars(query)}
        stored = [session.get(Candidate, record_id) for record_id in ids]
        assert audit.verify(session).ok
    stamps = {"id", "created_at", "updated_at"}
    expected = {k: v for k, v in after[str(one.id)].items() if k not in stamps}
    assert expected["status"] == "pending" and expected["version"] == 1  # the defaults
    for record_id, candidate in zip(ids, stored, strict=True):
        assert {k: v for k, v in after[str(record_id)].items() if k not in stamps} == expected
        assert candidate is not None and candidate.payload == values["payload"]
        assert dt.datetime.fromisoformat(after[str(record_id)]["created_at"]).tzinfo is not None
    assert ids == sorted(ids) and ids[0] > one.id
