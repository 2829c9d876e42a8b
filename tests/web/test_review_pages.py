"""The review queue over HTTP, no browser: a dateless report, edits, filters, paging, merges."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from web_seed import PASSWORD, seed

from truce.config import sqlite_url
from truce.server.app import create_app
from truce.store.db import open_store, transaction
from truce.store.models import AuditEntry, Candidate, Event, RecordSource, Source

UNDATED = "Shelling hit a bakery in Douma, killing 4 civilians, residents said."


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_store(sqlite_url(tmp_path_factory.mktemp("review") / "truce.sqlite"))
    seed(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def ana(engine: Engine) -> TestClient:
    client = TestClient(create_app(engine=engine), follow_redirects=False)
    answer = client.post("/api/v1/auth/login", json={"username": "ana", "password": PASSWORD})
    assert answer.status_code == 200
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]  # as the pages' forms do
    return client


def _event_candidate(engine: Engine, source_id: int) -> Candidate:
    with transaction(engine) as session:
        return session.scalars(
            select(Candidate).where(Candidate.source_id == source_id, Candidate.kind == "event")
        ).one()


def _add(client: TestClient, text: str, **form: str) -> int:
    answer = client.post("/review/add", data={"text": text, **form})
    assert answer.status_code == 303, answer.text
    return int(re.search(r"added=(\d+)", answer.headers["location"]).group(1))


def test_a_report_without_a_date_asks_for_one_before_it_is_stored(
    ana: TestClient, engine: Engine
) -> None:
    page = ana.post("/review/add", data={"text": UNDATED})
    assert page.status_code == 200
    assert 'id="needs-published"' in page.text and "This report has no date" in page.text
    assert UNDATED in page.text  # the text is kept in the form
    with transaction(engine) as session:
        assert session.scalar(select(Source.id).where(Source.text == UNDATED)) is None
    source = _add(ana, UNDATED, undated="true")
    listed = ana.get(f"/review?added={source}")
    assert "Report stored as source" in listed.text
    shown = {int(n) for n in re.findall(r'data-candidate-id="(\d+)"', listed.text)}
    with transaction(engine) as session:
        mine = set(session.scalars(select(Candidate.id).where(Candidate.source_id == source)))
    assert shown == mine  # only this report's candidates
    card = _event_candidate(engine, source).id
    assert "Needs a date" in listed.text
    assert f'action="/review/{card}/accept"' not in listed.text  # no dead end: date it first


def test_an_event_is_dated_and_edited_in_the_queue_then_accepted(
    ana: TestClient, engine: Engine
) -> None:
    source = _add(ana, UNDATED.replace("bakery", "school"), undated="true")
    candidate = _event_candidate(engine, source)
    back = f"/review?report={source}"
    form = {"version": str(candidate.version), "date": "2016-09-20", "back": back}
    answer = ana.post(f"/review/{candidate.id}/edit", data=form)
    assert answer.status_code == 303 and answer.headers["location"].startswith(back)
    stale = ana.post(f"/review/{candidate.id}/edit", data={**form, "fatalities": "2"})
    assert stale.status_code == 409 and "read it again" in stale.text
    page = ana.get(back)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    fields = {"version": version, "date": "2016-09-20", "place": "Aleppo", "fatalities": "6",
              "event_type": "Explosions/Remote violence", "actor1": "Government forces",
              "sub_event_type": "Shelling/artillery/missile attack", "back": back}  # fmt: skip
    assert ana.post(f"/review/{candidate.id}/edit", data=fields).status_code == 303
    bad = ana.post(f"/review/{candidate.id}/edit", data={**fields, "version": str(int(version) + 1),
                                                         "fatalities": "many"})  # fmt: skip
    assert bad.status_code == 422 and "fatalities" in bad.text
    accepted = ana.post(f"/review/{candidate.id}/accept", data={"back": back})
    assert accepted.status_code == 303
    with transaction(engine) as session:
        done = session.get(Candidate, candidate.id)
        event = session.get(Event, done.record_id)
        assert (event.location, event.fatalities, str(event.event_date)) == (
            "Ḩalab",
            6,
            "2016-09-20",
        )
        edits = session.scalar(
            select(func.count()).where(
                AuditEntry.record_kind == "candidates",
                AuditEntry.record_id == str(candidate.id),
                AuditEntry.action == "update",
            )
        )
        assert edits == 3  # two edits and the decision


def test_a_duplicate_is_offered_as_a_merge(ana: TestClient, engine: Engine) -> None:
    first = _add(ana, "Shelling hit a clinic in Douma, killing 3.", published="2016-09-22")
    made = ana.post(f"/review/{_event_candidate(engine, first).id}/accept", data={})
    assert made.status_code == 303
    event_id = _event_candidate(engine, first).record_id
    second = _add(ana, "A clinic in Duma was shelled, with 3 dead.", published="2016-09-22")
    candidate = _event_candidate(engine, second)
    page = ana.get(f"/review?report={second}")
    assert f'href="/events/{event_id}"' in page.text and f"Merge into #{event_id}" in page.text
    assert "Create new anyway" in page.text
    plain = ana.post(f"/review/{candidate.id}/accept", data={})
    assert plain.status_code == 409 and "possible-duplicate" in plain.text
    merged = ana.post(f"/review/{candidate.id}/accept", data={"merge_into": str(event_id)})
    assert merged.status_code == 303
    with transaction(engine) as session:
        assert session.get(Candidate, candidate.id).record_id == event_id
        sources = session.scalars(
            select(RecordSource.source_id).where(RecordSource.record_id == event_id)
        ).all()
        assert sorted(sources) == [first, second]


def test_the_queue_filters_by_kind_and_pages_by_twenty(ana: TestClient) -> None:
    text = " ".join(f"Shelling hit village number {n} near Idlib, killing {n} people." for n in
                    range(1, 16))  # fmt: skip
    source = _add(ana, text, published="2016-09-23")
    whole = ana.get(f"/review?report={source}")
    count = int(re.search(r'id="review-count" data-count="(\d+)"', whole.text).group(1))
    assert count > 20
    assert whole.text.count('class="card candidate"') == 20
    assert f'href="/review?status=pending&amp;report={source}&amp;page=2"' in whole.text
    pages = -(-count // 20)
    last = ana.get(f"/review?report={source}&page={pages}")
    assert last.text.count('class="card candidate"') == count - 20 * (pages - 1)
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text
    quantities = ana.get(f"/review?report={source}&kind=quantity")
    assert "data-candidate-id" in quantities.text
    assert '<span class="tag">event</span>' not in quantities.text
    assert ana.get("/review?kind=rumour").status_code == 422
