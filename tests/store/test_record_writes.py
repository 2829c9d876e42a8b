from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from truce.errors import Conflict, InvalidInput, NotFound
from truce.store import audit, records, seals
from truce.store.db import transaction
from truce.store.models import AuditEntry, AuditRecord, Candidate


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


def _stored_seals(engine: Engine, kind: str) -> dict[int, str | None]:
    """The newest stored seal of each record of ``kind``."""
    with transaction(engine) as session:
        query = select(AuditRecord.record_id, AuditRecord.hash).where(
            AuditRecord.record_kind == kind
        )
        return {row[0]: row[1] for row in session.execute(query.order_by(AuditRecord.seq))}


@pytest.fixture
def read_back(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds whose new rows were read back for their seals, in order."""
    kinds: list[str] = []
    real = seals.seals_of
    monkeypatch.setattr(
        seals, "seals_of", lambda s, kind, ids: kinds.append(kind) or real(s, kind, ids)
    )
    return kinds


def test_a_batch_is_sealed_from_its_values_as_reading_it_back_would(
    engine: Engine, read_back: list[str]
) -> None:
    sources = [{"title": "Qusayr — قصير", "text": "x\ny", "published": dt.date(2016, 9, 19)},
               {"title": None, "text": "plain", "url": "https://example.org/a"}]  # fmt: skip
    payloads = [{"text": "caf\u00e9 \u2028 \"q\" \\", "n": [1, 2.5, None, True, {"z": -3}]},
                {"nested": {"b": [], "a": {}}, "big": 10**20, "small": 1e-7}]  # fmt: skip
    with transaction(engine) as session:
        ids = records.create_many(session, "sources", sources, actor="t")
        rows = [{"source_id": ids[0], "kind": "event", "payload": payload, "confidence": confidence,
                 "span_start": 3, "span_end": None, "made_on": dt.date(2016, 9, 1)}
                for payload in payloads for confidence in (0.5, 1, None)]  # fmt: skip
        candidate_ids = records.create_many(session, "candidates", rows, actor="t")
    assert read_back == []  # hashed from the values written
    with transaction(engine) as session:
        assert audit.verify(session).ok
        for kind, made in (("sources", ids), ("candidates", candidate_ids)):
            expected = {seal[1]: seal[2] for seal in seals.seals_of(session, kind, made)}
            assert _stored_seals(engine, kind) == expected


def test_a_batch_with_a_value_not_vouched_for_is_read_back(
    engine: Engine, read_back: list[str]
) -> None:
    with transaction(engine) as session:
        source = records.create_many(session, "sources", [{"text": "t"}], actor="t")[0]
        read_back.clear()
        # SQLite keeps -0.0 as 0.0: a value whose stored form is not taken on trust
        row = {"source_id": source, "kind": "event", "payload": {}, "confidence": -0.0}
        made = records.create_many(session, "candidates", [row], actor="t")
    assert read_back == ["candidates"]
    with transaction(engine) as session:
        assert audit.verify(session).ok
        expected = {seal[1]: seal[2] for seal in seals.seals_of(session, "candidates", made)}
    assert _stored_seals(engine, "candidates") == expected
