from datetime import date

import pytest
from sqlalchemy import select

from truce.errors import Conflict
from truce.services.ingest import ingest_text
from truce.store import records
from truce.store.candidates import (
    accept_candidate,
    list_candidates,
    reject_candidate,
)
from truce.store.db import transaction
from truce.store.models import AuditEntry, Claim, Event, RecordSource, Statement

PUBLISHED = date(2016, 9, 21)


@pytest.fixture
def ingested(engine, report, registry, gazetteer):
    with transaction(engine) as session:
        records.create(
            session,
            "actors",
            {"name": "Syrian Arab Red Crescent", "kind": "international organisation"},
            actor="t",
        )
    result = ingest_text(
        engine,
        report,
        published=PUBLISHED,
        title="report",
        actor="tester",
        registry=registry,
        gazetteer=gazetteer,
    )
    return result


def _first(session, kind, **match):
    for row in list_candidates(session, kind=kind, limit=1000):
        if all(row.payload.get(k) == v for k, v in match.items()):
            return row
    raise AssertionError(f"no {kind} candidate with {match}")


def test_ingesting_the_same_text_twice_is_idempotent(engine, ingested, report, registry, gazetteer):
    again = ingest_text(
        engine, report, published=PUBLISHED, actor="tester", registry=registry, gazetteer=gazetteer
    )
    assert (again.source_id, again.created, again.candidates) == (
        ingested.source_id,
        False,
        ingested.candidates,
    )
    with transaction(engine) as session:
        assert len(list_candidates(session, limit=1000)) == ingested.candidates


def test_the_queue_filters_by_kind_and_source(engine, ingested):
    with transaction(engine) as session:
        events = list_candidates(session, kind="event", source_id=ingested.source_id, limit=1000)
        assert events and {c.kind for c in events} == {"event"}
        assert list_candidates(session, source_id=ingested.source_id + 99) == []


def test_accepting_an_event_creates_it_linked_to_source_and_span(engine, ingested):
    with transaction(engine) as session:
        candidate = next(
            row
            for row in list_candidates(session, kind="event", limit=1000)
            if (row.payload.get("place") or {}).get("name") == "Urum al-Kubra"
        )
        accepted = accept_candidate(session, candidate.id, actor="analyst", note="checked")
        event = session.get(Event, accepted.record_id)
        assert (
            event is not None
            and event.event_date == date(2016, 9, 19)
            and event.location == "Urum al-Kubra"
        )
        assert event.actor2_id is not None
        link = session.scalar(select(RecordSource).where(RecordSource.record_kind == "events"))
        assert (link.record_id, link.span_start, link.span_end) == (
            event.id,
            candidate.span_start,
            candidate.span_end,
        )
        assert accepted.status == "accepted" and accepted.review_note == "checked"
        actions = {(a.action, a.record_kind) for a in session.scalars(select(AuditEntry))}
        assert ("create", "events") in actions and ("update", "candidates") in actions


def test_a_claim_needs_its_event_accepted_first(engine, ingested):
    with transaction(engine) as session:
        claim = _first(session, "claim", attribute="weapon", value="artillery")
        with pytest.raises(Conflict, match="accept that event first"):
            accept_candidate(session, claim.id, actor="analyst")
    with transaction(engine) as session:
        event = _first(session, "event", id=claim.payload["event"])
        accept_candidate(session, event.id, actor="analyst")
        accepted = accept_candidate(session, claim.id, actor="analyst")
        assert session.get(Claim, accepted.record_id).value == "artillery"


def test_a_statement_is_stored_with_its_words_and_span(engine, ingested):
    with transaction(engine) as session:
        candidate = _first(session, "statement", direct=True)
        accepted = accept_candidate(session, candidate.id, actor="analyst")
        statement = session.get(Statement, accepted.record_id)
        assert statement.speaker_name == "Sergey Lavrov" and statement.direct
        assert (statement.span_start, statement.span_end) == (
            candidate.span_start,
            candidate.span_end,
        )


def test_rejected_candidates_leave_the_queue_and_cannot_be_reviewed_twice(engine, ingested):
    with transaction(engine) as session:
        candidate = list_candidates(session, kind="quantity")[0]
        reject_candidate(session, candidate.id, actor="analyst")
        assert candidate.id not in [c.id for c in list_candidates(session, kind="quantity")]
        with pytest.raises(Conflict, match="already rejected"):
            accept_candidate(session, candidate.id, actor="analyst")
