"""What the pages show, from the store: visibility, registry figures, incident, dashboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from web_seed import Seeded, seed

from truce.auth import Principal
from truce.config import sqlite_url
from truce.errors import NotFound
from truce.server.web.dashboard import buffered, dashboard, weekly
from truce.server.web.incident import incident
from truce.server.web.registry import AgreementFilter, agreement_page, registry
from truce.server.web.statements import search
from truce.store.db import make_engine, migrate, transaction
from truce.store.headschema import postgres_schema

ANALYST = Principal(id=1, username="ana", role="analyst")
VIEWER = Principal(id=4, username="vic", role="viewer")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, Seeded]]:
    """One seeded store per backend for the whole module (these tests only read)."""
    base = os.environ.get("TRUCE_TEST_POSTGRES_URL")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = sqlite_url(tmp_path_factory.mktemp("page-data") / "truce.sqlite")
        elif base is None:
            pytest.skip(
                "PostgreSQL tests need TRUCE_TEST_POSTGRES_URL"
                " (e.g. postgresql://postgres@127.0.0.1/test)"
            )
        else:
            url = stack.enter_context(postgres_schema(base, prefix="t"))
        store = make_engine(url)
        migrate(store)
        yield store, seed(store)
        store.dispose()


@pytest.fixture
def engine(seeded_store: tuple[Engine, Seeded]) -> Engine:
    return seeded_store[0]


@pytest.fixture
def seeded(seeded_store: tuple[Engine, Seeded]) -> Seeded:
    return seeded_store[1]


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with transaction(engine) as s:
        yield s


def liaison(session: Session) -> Principal:
    from sqlalchemy import select

    from truce.store.models import User

    user = session.scalars(select(User).where(User.username == "lia")).one()
    return Principal.of(user)


def test_incident_shows_claims_oldest_first_with_violations(
    seeded: Seeded, session: Session
) -> None:
    found = incident(session, ANALYST, seeded.convoy_event)
    days = [c["made_on"].isoformat() for c in found.claims]
    assert days == sorted(days) and len(days) == 5
    assert found.attributes == ["weapon", "perpetrator"]
    assert [v["alleged_by"] for v in found.violations] == ["United States"]
    assert [s["publisher"] for s in found.sources] == ["UN OCHA"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [("admin", True), ("analyst", True), ("monitor", True), ("liaison", False), ("viewer", False)],
)
def test_restricted_event_is_hidden_from_roles_below_monitor(
    seeded: Seeded, session: Session, role: str, sees: bool
) -> None:
    who = liaison(session) if role == "liaison" else Principal(id=9, username="x", role=role)
    if sees:
        assert (
            incident(session, who, seeded.restricted_event).event["id"] == seeded.restricted_event
        )
    else:
        with pytest.raises(NotFound):
            incident(session, who, seeded.restricted_event)


def test_liaison_sees_the_agreement_shared_with_their_party_only(
    seeded: Seeded, session: Session
) -> None:
    who = liaison(session)
    ids = {row["id"] for row in registry(session, who, AgreementFilter()).rows}
    assert seeded.shared_agreement in ids
    assert seeded.restricted_agreement not in ids
    assert agreement_page(session, who, seeded.shared_agreement).agreement["name"]
    with pytest.raises(NotFound):
        agreement_page(session, who, seeded.restricted_agreement)


def test_registry_counts_local_agreements_since_the_national_ceasefire(
    seeded: Seeded, session: Session
) -> None:
    found = registry(session, ANALYST, AgreementFilter(scope="local"))
    assert found.total == seeded.local_truces == 6
    assert found.rate.since is not None and found.rate.since.isoformat() == "2016-02-27"
    # six agreements from 27 Feb to 11 Aug 2016 (166 days)
    assert found.rate.text == "6 since 27 Feb 2016, 1.1 a month"
    assert found.cumulative[-1] == ("2016-08-11", 6)


@pytest.mark.parametrize(
    ("wanted", "count"),
    [
        (AgreementFilter(kind="truce"), 3),
        (AgreementFilter(kind="reconciliation"), 3),
        (AgreementFilter(scope="national"), 3),
        (AgreementFilter(q="waer"), 1),
        (AgreementFilter(status="collapsed"), 1),
    ],
)
def test_registry_filters(
    seeded: Seeded, session: Session, wanted: AgreementFilter, count: int
) -> None:
    assert registry(session, ANALYST, wanted).total == count


def test_registry_filters_by_mediator(seeded: Seeded, session: Session) -> None:
    found = registry(session, ANALYST, AgreementFilter())
    centre = {name: i for i, name in found.mediators}["Russian Centre for Reconciliation"]
    assert registry(session, ANALYST, AgreementFilter(mediator=centre)).total == 6


def test_a_hidden_mediator_matches_nothing_like_a_missing_one(
    seeded: Seeded, session: Session
) -> None:
    from truce.store.models import Actor

    found = registry(session, ANALYST, AgreementFilter())
    centre = {name: i for i, name in found.mediators}["Russian Centre for Reconciliation"]
    actor = session.get(Actor, centre)
    assert actor is not None
    before = actor.classification
    actor.classification = "confidential"
    session.flush()
    try:
        missing = registry(session, VIEWER, AgreementFilter(mediator=10**9)).total
        assert registry(session, VIEWER, AgreementFilter(mediator=centre)).total == missing == 0
        assert registry(session, ANALYST, AgreementFilter(mediator=centre)).total == 6
    finally:
        actor.classification = before
        session.flush()


def test_dashboard_series_and_map_layers(seeded: Seeded, session: Session) -> None:
    data = dashboard(session, ANALYST)
    assert data.agreements[-1][1] == 9
    assert sum(count for _, count in data.violations) == 2
    assert [f["properties"]["part"] for f in data.notifications["features"]] == ["line", "buffer"]
    assert data.zones["features"][0]["properties"]["kind"] == "restricted-air"
    assert (data.first_day, data.last_day) == ("2016-03-10", "2016-09-22")
    assert dashboard(session, VIEWER).agreements[-1][1] == 7  # the two restricted ones hidden


def test_weekly_counts_fill_empty_weeks_with_zero() -> None:
    from datetime import date

    series = weekly([date(2016, 9, 19), date(2016, 9, 21), date(2016, 10, 5)])
    assert series == [("2016-09-19", 2), ("2016-09-26", 0), ("2016-10-03", 1)]


def test_a_buffered_route_is_a_polygon_about_the_buffer_wide() -> None:
    from shapely.geometry import shape

    line = {"type": "LineString", "coordinates": [[36.9, 36.1], [37.0, 36.1]]}
    area = shape(buffered(line, 1000.0))
    assert area.geom_type == "Polygon"
    # 1 km either side of the line: 2 km of latitude is about 0.018 degrees
    assert 0.017 < area.bounds[3] - area.bounds[1] < 0.019


@pytest.mark.parametrize(
    ("q", "count"),
    [("", 2), ("aircraft", 1), ("GENEVA", 1), ("envoy", 1), ("nothing like this", 0)],
)
def test_statements_search_words_speaker_and_venue(
    seeded: Seeded, session: Session, q: str, count: int
) -> None:
    total, hits = search(session, VIEWER, q)
    assert total == count == len(hits)


@pytest.mark.parametrize(
    ("who", "expected"), [(ANALYST, {"Ramouseh", "Aleppo"}), (VIEWER, {"Ramouseh"})]
)
def test_nearby_events_leave_out_what_the_viewer_may_not_see(
    seeded: Seeded, engine: Engine, who: Principal, expected: set[str]
) -> None:
    from truce.server.web.analysis import nearby

    report = nearby(engine, who, seeded.convoy_event, km=30.0, hours=48.0)
    assert {n.event.location for n in report.neighbours} == expected
    assert nearby(engine, who, seeded.convoy_event, km=5.0, hours=24.0).neighbours == ()


def test_the_list_pages_filter_sources_by_grade_and_events_by_words(seeded_store) -> None:
    from truce.server.web.listings import EventFilter, SourceFilter, events, sources

    engine, _ = seeded_store
    with transaction(engine) as session:
        graded = sources(session, ANALYST, SourceFilter(grade="B"), page=1)
        assert [s.title for s in graded.rows] == ["Statement on the Aleppo convoy"]
        assert sources(session, ANALYST, SourceFilter(q="convoy burned"), page=1).count == 1
        convoy = events(session, ANALYST, EventFilter(q="convoy unloading"), page=1)
        assert convoy.count == 1 and convoy.pages == 1
        everything = events(session, ANALYST, EventFilter(), page=1).count
        assert events(session, VIEWER, EventFilter(), page=1).count < everything  # restricted
