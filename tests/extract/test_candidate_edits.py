from datetime import date

import pytest
from sqlalchemy import select

from truce.errors import Conflict, InvalidInput
from truce.services.ingest import ingest_text
from truce.store import records
from truce.store.candidate_edits import CandidateEdit, candidate_matches, edit_candidate
from truce.store.candidates import (
    PossibleDuplicate,
    accept_candidate,
    list_candidates,
)
from truce.store.db import transaction
from truce.store.models import AuditEntry, Candidate, Event, RecordSource, Source

UNDATED = "Government aircraft struck a market in Douma, killing 12 civilians, residents said."
DAY = date(2016, 9, 20)


@pytest.fixture
def undated(engine, registry, gazetteer) -> Candidate:
    ingest_text(engine, UNDATED, published=None, actor="tester", registry=registry,
                gazetteer=gazetteer)  # fmt: skip
    with transaction(engine) as session:
        (event,) = list_candidates(session, kind="event")
        return event


def _existing_douma(engine, *, event_type: str = "Explosions/Remote violence") -> int:
    with transaction(engine) as session:
        values = {"event_date": DAY, "event_type": event_type, "location": "Douma",
                  "latitude": 33.57, "longitude": 36.40, "status": "accepted"}  # fmt: skip
        return records.create(session, "events", values, actor="t").id


def test_an_undated_event_asks_for_a_date_and_accepts_once_given(engine, undated, gazetteer):
    with transaction(engine) as session, pytest.raises(InvalidInput, match="give it a date"):
        accept_candidate(session, undated.id, actor="ana")
    with transaction(engine) as session:
        edited = edit_candidate(session, undated.id, CandidateEdit(date=DAY), actor="ana",
                                gazetteer=gazetteer, expected_version=undated.version)  # fmt: skip
        assert edited.payload["date"]["start"] == "2016-09-20"
        assert edited.made_on == DAY
    with transaction(engine) as session:
        done = accept_candidate(session, undated.id, actor="ana")
        event = session.get(Event, done.record_id)
        assert (event.event_date, event.location) == (DAY, "Dūmā")
        audited = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_kind == "candidates", AuditEntry.record_id == str(undated.id)
            )
        ).all()
        assert [a.action for a in audited] == ["create", "update", "update"]


def test_editing_place_actors_type_fatalities_and_words(engine, undated, gazetteer):
    edit = CandidateEdit(date=DAY, place="Aleppo", actor1="Russian air force", actor2="",
                         sub_event_type="Shelling/artillery/missile attack", fatalities=3,
                         words="Shells hit a market in Aleppo.")  # fmt: skip
    with transaction(engine) as session:
        payload = edit_candidate(
            session, undated.id, edit, actor="ana", gazetteer=gazetteer
        ).payload
    assert payload["place"]["canonical"] == "Ḩalab" and payload["place"]["lat"] is not None
    assert payload["actor1"]["name"] == "Russian air force" and payload["actor2"] is None
    assert payload["sub_event_type"] == "Shelling/artillery/missile attack"
    assert payload["fatalities"]["best"] == 3
    assert payload["text"] == "Shells hit a market in Aleppo."


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (CandidateEdit(place="Nowhere-at-all-ville"), "place"),
        (CandidateEdit(event_type="Picnics"), "event_type"),
        (CandidateEdit(event_type="Battles", sub_event_type="Looting"), "sub_event_type"),
        (CandidateEdit(fatalities=-1), "fatalities"),
        (CandidateEdit(latitude=91, longitude=0), "latitude"),
    ],
)
def test_bad_edits_name_their_field(engine, undated, gazetteer, edit, field):
    with transaction(engine) as session, pytest.raises(InvalidInput) as raised:
        edit_candidate(session, undated.id, edit, actor="ana", gazetteer=gazetteer)
    assert raised.value.detail == {"field": field}


def test_a_stale_or_reviewed_candidate_is_not_edited(engine, undated, gazetteer):
    with transaction(engine) as session, pytest.raises(Conflict):
        edit_candidate(session, undated.id, CandidateEdit(date=DAY), actor="ana",
                       gazetteer=gazetteer, expected_version=undated.version + 5)  # fmt: skip
    with transaction(engine) as session:
        edit_candidate(
            session, undated.id, CandidateEdit(date=DAY), actor="ana", gazetteer=gazetteer
        )
        accept_candidate(session, undated.id, actor="ana")
    with transaction(engine) as session, pytest.raises(Conflict, match="already accepted"):
        edit_candidate(session, undated.id, CandidateEdit(fatalities=1), actor="ana",
                       gazetteer=gazetteer)  # fmt: skip


def test_a_match_by_another_spelling_is_offered_as_a_merge(engine, undated, gazetteer):
    existing = _existing_douma(engine)  # "Douma"; the candidate says "Dūmā" (gazetteer name)
    with transaction(engine) as session:
        edit_candidate(
            session, undated.id, CandidateEdit(date=DAY), actor="ana", gazetteer=gazetteer
        )
    with transaction(engine) as session, pytest.raises(PossibleDuplicate) as raised:
        accept_candidate(session, undated.id, actor="ana")
    assert raised.value.detail == {"matches": [existing]}
    with transaction(engine) as session:
        done = accept_candidate(session, undated.id, actor="ana", merge_into=existing)
        assert (done.status, done.record_kind, done.record_id) == ("accepted", "events", existing)
        linked = session.scalars(
            select(RecordSource.source_id).where(RecordSource.record_id == existing)
        ).all()
        assert linked == [done.source_id]
        logged = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.record_kind == "events", AuditEntry.record_id == str(existing)
            )
        ).all()
        assert logged == ["create", "link-source"]
        assert session.scalar(select(Event.id).where(Event.id != existing)) is None


def test_another_type_is_no_duplicate_and_create_new_overrides_a_match(engine, undated, gazetteer):
    _existing_douma(engine, event_type="Battles")
    with transaction(engine) as session:
        edit_candidate(
            session, undated.id, CandidateEdit(date=DAY), actor="ana", gazetteer=gazetteer
        )
        matches = candidate_matches(
            session, session.get(Candidate, undated.id), gazetteer=gazetteer
        )
        assert matches == []
    _existing_douma(engine)
    with transaction(engine) as session:
        done = accept_candidate(session, undated.id, actor="ana", create_new=True)
        assert done.record_id is not None
        assert len(session.scalars(select(Event)).all()) == 3


def test_sending_an_undated_report_again_with_a_date_dates_it(engine, undated, registry, gazetteer):
    again = ingest_text(engine, UNDATED, published=DAY, actor="ana", registry=registry,
                        gazetteer=gazetteer)  # fmt: skip
    assert (again.created, again.dated) == (False, True)
    with transaction(engine) as session:
        assert session.get(Source, again.source_id).published == DAY
        done = accept_candidate(session, undated.id, actor="ana")
        assert session.get(Event, done.record_id).event_date == DAY
