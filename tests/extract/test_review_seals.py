"""Review's writes (accepting a candidate, merging it into an event, ingesting a report) leave
their records and links verifiable by ``truce audit verify``."""

from datetime import date

from sqlalchemy import func, select

from truce.services.ingest import ingest_text
from truce.store import audit, records
from truce.store.candidate_edits import CandidateEdit, edit_candidate
from truce.store.candidates import accept_candidate, list_candidates
from truce.store.db import transaction
from truce.store.models import RecordSource
from truce.store.sealcheck import check_records

TEXTS = (
    "Government aircraft struck a market in Douma, killing 12 civilians, residents said.",
    "Rebels shelled a checkpoint in Douma, killing two soldiers, a monitor said.",
)
DAY = date(2016, 9, 20)


def test_accepting_and_merging_candidates_keeps_links_verifiable(engine, registry, gazetteer):
    for text in TEXTS:
        ingest_text(engine, text, published=DAY, actor="t", registry=registry,
                    gazetteer=gazetteer)  # fmt: skip
    with transaction(engine) as session:
        first, second = list_candidates(session, kind="event")[:2]
        values = {"event_date": DAY, "event_type": "Battles", "location": "Elsewhere",
                  "latitude": 35.0, "longitude": 38.0, "status": "accepted"}  # fmt: skip
        existing = records.create(session, "events", values, actor="t").id
    with transaction(engine) as session:
        edit_candidate(session, first.id, CandidateEdit(date=DAY), actor="ana",
                       gazetteer=gazetteer)  # fmt: skip
        accept_candidate(session, first.id, actor="ana", create_new=True)
        accept_candidate(session, second.id, actor="ana", merge_into=existing)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(RecordSource)) >= 2
        report = check_records(session)
        assert audit.verify(session).ok
    assert report.ok, report.problems[:3]
