"""Each importer's good path: created on first import, unchanged on the second."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import DATA, LOAD_ORDER, load
from sqlalchemy import Engine, func, select

from truce.store import audit
from truce.store.db import transaction
from truce.store.models import (
    Actor,
    AgreementActor,
    Claim,
    Designation,
    Event,
    EventViolation,
    Notification,
    NotificationRecipient,
    Office,
    RecordShare,
    Relationship,
    Statement,
    Zone,
    ZoneActor,
)
from truce.store.sealcheck import check_records

EXPECTED = {
    "actors": 9,
    "sources": 2,
    "zones": 2,
    "agreements": 2,
    "notifications": 2,
    "acled": 3,
    "events": 2,
    "statements": 1,
    "claims": 2,
}


def test_every_fixture_imports_and_a_second_import_changes_nothing(engine: Engine) -> None:
    for kind, name in LOAD_ORDER:
        first = load(engine, kind, DATA / name)
        assert (first.created, first.rejected) == (EXPECTED[kind], 0), kind
        second = load(engine, kind, DATA / name)
        assert (second.created, second.updated, second.unchanged) == (0, 0, EXPECTED[kind]), kind


def test_actors_keep_aliases_offices_designations_and_relationships(engine: Engine) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    with transaction(engine) as session:
        nusra = session.scalars(select(Actor).where(Actor.name == "Jabhat al-Nusra")).one()
        assert {a.alias for a in nusra.aliases} >= {"Nusra Front", "Jabhat Fateh al-Sham"}
        saa = session.scalars(select(Actor).where(Actor.name == "Syrian Arab Army")).one()
        government = session.scalars(select(Actor).where(Actor.name == "Government of Syria"))
        assert saa.parent_id == government.one().id
        office = session.scalars(select(Office)).one()
        assert (office.title, str(office.start)) == ("Minister of Foreign Affairs", "2004-03-09")
        designation = session.scalars(select(Designation)).one()
        assert designation.designated_by_id is not None
        relation = session.scalars(select(Relationship)).one()
        assert (relation.kind, relation.subject_id) == ("allied with", nusra.id)


def test_agreement_roles_resolve_aliases(engine: Engine) -> None:
    for kind, name in LOAD_ORDER[:4]:
        load(engine, kind, DATA / name)
    with transaction(engine) as session:
        roles = session.execute(select(AgreementActor.role, func.count()).group_by("role")).all()
    assert dict(roles) == {"party": 2, "mediator": 3, "guarantor": 2, "excluded": 1}


def test_zones_and_notifications_keep_geometry_bounds_and_actors(engine: Engine) -> None:
    for kind, name in LOAD_ORDER[:5]:
        load(engine, kind, DATA / name)
    with transaction(engine) as session:
        zone = session.scalars(select(Zone).where(Zone.external_id == "zone-air")).one()
        assert (zone.min_lon, zone.max_lat, zone.restricts) == (36.9, 36.4, ["Air/drone strike"])
        control = session.scalars(select(Zone).where(Zone.external_id == "zone-control")).one()
        assert control.properties == {"colour": "red"}
        assert session.scalar(select(func.count()).select_from(ZoneActor)) == 2
        convoy = session.scalars(select(Notification).where(Notification.kind == "movement"))
        convoy_row = convoy.one()
        assert convoy_row.buffer_m == 500
        # 06:00 at +03:00 is stored as 03:00 UTC on both stores.
        assert convoy_row.valid_from is not None and convoy_row.valid_from.hour in (3,)
        assert session.scalar(select(func.count()).select_from(NotificationRecipient)) == 2


def test_restricted_source_is_shared_with_its_parties(engine: Engine) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    load(engine, "sources", DATA / "sources.jsonl")
    with transaction(engine) as session:
        shares = session.scalars(select(RecordShare).where(RecordShare.record_kind == "sources"))
        assert len(shares.all()) == 2


def test_acled_rows_keep_every_column_and_extra_ones(engine: Engine) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    load(engine, "acled", DATA / "acled.csv")
    with transaction(engine) as session:
        events = {e.external_id: e for e in session.scalars(select(Event))}
    strike = events["SYR101"]
    assert (strike.dataset, strike.event_id_cnty, strike.fatalities) == ("acled", "SYR101", 62)
    assert (strike.iso, strike.geo_precision, strike.timestamp) == (760, 2, 1474329600)
    assert json.loads(strike.extra or "{}") == {"my_extra": "kept"}
    assert strike.actor2_id is not None  # "Syrian Arab Army" is in the registry
    convoy = events["SYR102"]
    assert str(convoy.event_date) == "2016-09-19"  # written as "19 September 2016"
    assert convoy.notes == "An aid convoy was struck;\nabout twenty people were killed."
    assert events["SYR103"].fatalities is None


def test_sqlite_spatial_index_holds_every_located_event(sqlite_engine: Engine) -> None:
    load(sqlite_engine, "acled", DATA / "acled.csv")
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM events_rtree").scalar() == 3


def test_events_jsonl_writes_violations_and_sources(engine: Engine) -> None:
    for kind, name in LOAD_ORDER[:4]:
        load(engine, kind, DATA / name)
    load(engine, "events", DATA / "events.jsonl")
    with transaction(engine) as session:
        violation = session.scalars(select(EventViolation)).one()
        assert violation.alleged_by_id is not None and str(violation.alleged_on) == "2016-09-20"
        convoy = session.scalars(select(Event).where(Event.external_id == "ev-convoy")).one()
        assert (convoy.fatalities_low, convoy.fatalities, convoy.fatalities_high) == (18, 20, 21)
        assert convoy.status == "disputed" and convoy.dataset == "truce"


def test_statements_and_claims_resolve_speakers_events_and_sources(engine: Engine) -> None:
    for kind, name in LOAD_ORDER:
        load(engine, kind, DATA / name)
    with transaction(engine) as session:
        statement = session.scalars(select(Statement)).one()
        assert statement.speaker_id is not None and statement.direct is False
        assert (statement.span_start, statement.span_end) == (0, 20)
        claims = session.scalars(select(Claim).order_by(Claim.external_id)).all()
        assert [c.stance for c in claims] == ["asserts", "denies"]
        assert {c.credibility for c in claims} == {"3"}
        assert len({c.event_id for c in claims}) == 1


@pytest.mark.parametrize("kind", ["actors", "sources", "acled"])
def test_each_import_appends_an_audit_entry_naming_the_file(engine: Engine, kind: str) -> None:
    name = dict(LOAD_ORDER)[kind]
    if kind != "actors":
        load(engine, "actors", DATA / "actors.yaml")
    report = load(engine, kind, DATA / name)
    with transaction(engine) as session:
        assert audit.verify(session).ok and check_records(session).ok
        from truce.store.models import AuditEntry

        imports = select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.seq)
        entry = session.scalars(imports).all()[-1]
    assert entry.note is not None and name in entry.note and report.sha256 in entry.note
    assert entry.after is not None and entry.after["created"] == report.created


def test_violations_of_a_classified_event_are_classified_at_least_as_high(
    engine: Engine, tmp_path: Path
) -> None:
    for kind, name in LOAD_ORDER[:4]:
        load(engine, kind, DATA / name)
    rows = [json.loads(line) for line in (DATA / "events.jsonl").read_text().splitlines()]
    rows[0]["classification"] = "confidential"
    secret = tmp_path / "events.jsonl"
    secret.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    load(engine, "events", secret)
    with transaction(engine) as session:
        violation = session.scalars(select(EventViolation)).one()
        assert violation.classification == "confidential"
