"""A small store for the web tests: the September 2016 incidents in our own words.

Written through ``truce.store.records`` (audited) like any other write. Ids are returned so
tests never guess them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from truce.auth import add_user
from truce.store import records
from truce.store.db import transaction
from truce.store.models import AgreementActor, RecordShare, RecordSource

PASSWORD = "web-tests-password"
USERS = (
    ("ana", "analyst", None),
    ("mona", "monitor", None),
    ("lia", "liaison", "United States"),
    ("vic", "viewer", None),
    ("root", "admin", None),
)
ACTOR = "test:web-seed"

REPORT = (
    "Aid trucks of a joint UN and Red Crescent convoy were set on fire near Urum al-Kubra, "
    "west of Aleppo, on Monday evening. Witnesses said the attack came from the air and "
    "lasted about two hours. Around twenty people were killed, among them a local Red "
    "Crescent director. The convoy had been cleared with the parties before it set out."
)


@dataclass(frozen=True)
class Seeded:
    convoy_event: int
    restricted_event: int
    coalition_strike: int
    ceasefire: int
    restricted_agreement: int
    shared_agreement: int
    candidate: int
    second_candidate: int
    local_truces: int


def _create(session: Any, kind: str, values: dict[str, Any]) -> int:
    return records.create(session, kind, values, actor=ACTOR).id


def _event(
    session: Any, day: str, kind: str, sub: str, where: str, lat: float, lon: float, **extra: Any
) -> int:
    when = date.fromisoformat(day)
    values = {
        "event_date": when,
        "year": when.year,
        "event_type": kind,
        "sub_event_type": sub,
        "location": where,
        "latitude": lat,
        "longitude": lon,
        "country": "Syria",
        "admin1": "Aleppo" if lat > 36 else "Deir ez-Zor",
        "time_precision": 1,
    } | extra
    return _create(session, "events", values)


def _actors(session: Any) -> dict[str, int]:
    names = {
        "Syrian government": "state",
        "Russia": "state",
        "United States": "state",
        "US-led coalition": "coalition",
        "Jabhat al-Nusra": "rebel group",
        "UN OCHA": "international organisation",
        "Russian Centre for Reconciliation": "state forces",
        "Syrian Arab Red Crescent": "international organisation",
    }
    return {
        name: _create(session, "actors", {"name": name, "kind": kind})
        for name, kind in names.items()
    }


def _agreements(session: Any, a: dict[str, int]) -> tuple[int, int, int, int]:
    ceasefire = _create(
        session,
        "agreements",
        {
            "name": "Cessation of hostilities",
            "kind": "ceasefire",
            "scope": "national",
            "status": "collapsed",
            "signed": date(2016, 2, 22),
            "effective_from": date(2016, 2, 27),
            "provisions": ["fighting stops between the parties", "humanitarian access"],
            "country": "SYR",
        },
    )
    for actor, role in (
        ("Syrian government", "party"),
        ("United States", "mediator"),
        ("Russia", "mediator"),
        ("Jabhat al-Nusra", "excluded"),
    ):
        session.add(AgreementActor(agreement_id=ceasefire, actor_id=a[actor], role=role))
    places = ("Qudsaya", "al-Hameh", "Muadamiyat al-Sham", "Daraya", "al-Waer", "Talbiseh")
    for n, place in enumerate(places):
        truce = _create(
            session,
            "agreements",
            {
                "name": f"Local truce in {place}",
                "kind": "truce" if n % 2 else "reconciliation",
                "scope": "local",
                "signed": date(2016, 3 + n, 1 + 2 * n),
                "location": place,
            },
        )
        session.add(
            AgreementActor(
                agreement_id=truce, actor_id=a["Russian Centre for Reconciliation"], role="mediator"
            )
        )
    restricted = _create(
        session,
        "agreements",
        {
            "name": "Joint centre working terms",
            "kind": "deconfliction",
            "scope": "national",
            "signed": date(2016, 9, 9),
            "classification": "restricted",
        },
    )
    shared = _create(
        session,
        "agreements",
        {
            "name": "Air operations annex",
            "kind": "deconfliction",
            "scope": "national",
            "signed": date(2016, 9, 10),
            "classification": "restricted",
        },
    )
    session.add(
        RecordShare(record_kind="agreements", record_id=shared, party_id=a["United States"])
    )
    return ceasefire, restricted, shared, len(places)


def _claims(session: Any, a: dict[str, int], event: int, source: int) -> None:
    rows = (
        ("2016-09-19", "Syrian Arab Red Crescent", "weapon", "rockets", "asserts", "3"),
        ("2016-09-20", "UN OCHA", "weapon", "aircraft", "asserts", "2"),
        ("2016-09-20", "United States", "perpetrator", "Russian aircraft", "asserts", "3"),
        ("2016-09-21", "Russia", "perpetrator", "Russian aircraft", "denies", "3"),
        ("2016-09-21", "Russia", "weapon", "aircraft", "denies", "4"),
    )
    for day, who, attribute, value, stance, grade in rows:
        _create(
            session,
            "claims",
            {
                "event_id": event,
                "claimant_id": a[who],
                "claimant_name": who,
                "attribute": attribute,
                "value": value,
                "stance": stance,
                "made_on": date.fromisoformat(day),
                "source_id": source,
                "credibility": grade,
            },
        )


def _candidates(session: Any) -> tuple[int, int]:
    source = _create(
        session,
        "sources",
        {
            "kind": "news",
            "title": "Convoy burned west of Aleppo",
            "publisher": "Test Wire",
            "published": date(2016, 9, 20),
            "text": REPORT,
            "sha256": "f" * 64,
        },
    )
    start = REPORT.index("Aid trucks")
    end = REPORT.index("Monday evening") + len("Monday evening")
    event = {
        "id": "e1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": {"start": "2016-09-19", "precision": "day"},
        "place": {
            "name": "Urum al-Kubra",
            "canonical": "Urum al-Kubra",
            "lat": 36.153,
            "lon": 36.934,
        },
        "plover": {"type": "ASSAULT", "mode": "aerial"},
        "text": REPORT[start:end],
        "span": [start, end],
        "confidence": 0.8,
    }
    first = _create(
        session,
        "candidates",
        {
            "source_id": source,
            "kind": "event",
            "payload": event,
            "span_start": start,
            "span_end": end,
            "confidence": 0.8,
            "made_on": date(2016, 9, 20),
        },
    )
    q_start = REPORT.index("Around twenty")
    q_end = REPORT.index("director.") + len("director")
    quantity = {"kind": "killed", "value": 20, "span": [q_start, q_end]}
    second = _create(
        session,
        "candidates",
        {
            "source_id": source,
            "kind": "quantity",
            "payload": quantity,
            "span_start": q_start,
            "span_end": q_end,
            "confidence": 0.6,
        },
    )
    return first, second


def _geo(session: Any, a: dict[str, int]) -> None:
    square = [[[36.95, 36.05], [37.35, 36.05], [37.35, 36.35], [36.95, 36.35], [36.95, 36.05]]]
    _create(
        session,
        "zones",
        {
            "name": "Restricted air area around Aleppo (illustrative)",
            "kind": "restricted-air",
            "restricts": ["Air/drone strike"],
            "geometry": json.dumps({"type": "Polygon", "coordinates": square}),
            "min_lon": 36.95,
            "min_lat": 36.05,
            "max_lon": 37.35,
            "max_lat": 36.35,
            "valid_from": datetime(2016, 9, 12, tzinfo=UTC),
        },
    )
    route = [[37.02, 36.50], [36.98, 36.30], [36.934, 36.153]]
    _create(
        session,
        "notifications",
        {
            "name": "Aid convoy to western Aleppo countryside",
            "kind": "movement",
            "buffer_m": 1500.0,
            "geometry": json.dumps({"type": "LineString", "coordinates": route}),
            "min_lon": 36.934,
            "min_lat": 36.153,
            "max_lon": 37.02,
            "max_lat": 36.50,
            "valid_from": datetime(2016, 9, 19, 6, tzinfo=UTC),
            "valid_to": datetime(2016, 9, 19, 22, tzinfo=UTC),
            "notified_by_id": a["UN OCHA"],
        },
    )


def seed(engine: Engine) -> Seeded:
    """Load the web tests' records and users into an empty, migrated store."""
    with transaction(engine) as session:
        a = _actors(session)
        ceasefire, restricted_agreement, shared_agreement, truces = _agreements(session, a)
        source = _create(
            session,
            "sources",
            {
                "kind": "official statement",
                "publisher": "UN OCHA",
                "title": "Statement on the Aleppo convoy",
                "published": date(2016, 9, 20),
                "reliability": "B",
            },
        )
        urum = _create(
            session,
            "places",
            {
                "external_id": "pl-urum-al-kubra",
                "name": "Urum al-Kubra",
                "other_names": ["Orem al-Kubra", "Urem al-Kubra"],
                "latitude": 36.153,
                "longitude": 36.934,
                "country": "SYR",
                "feature_kind": "town",
            },
        )
        convoy = _event(
            session,
            "2016-09-19",
            "Explosions/Remote violence",
            "Air/drone strike",
            "Urum al-Kubra",
            36.153,
            36.934,
            place_id=urum,
            fatalities=20,
            actor1="Unidentified aircraft",
            notes="An aid convoy was hit while unloading.",
        )
        session.add(RecordSource(record_kind="events", record_id=convoy, source_id=source))
        _event(
            session,
            "2016-09-19",
            "Battles",
            "Armed clash",
            "Ramouseh",
            36.17,
            37.13,
            actor1="Jabhat al-Nusra",
            actor2="Syrian government",
        )
        strike = _event(
            session,
            "2016-09-17",
            "Explosions/Remote violence",
            "Air/drone strike",
            "Deir ez-Zor",
            35.30,
            40.10,
            actor1="US-led coalition",
        )
        _event(
            session,
            "2016-09-17",
            "Battles",
            "Armed clash",
            "Deir ez-Zor",
            35.31,
            40.13,
            actor1="Islamic State",
        )
        _event(
            session,
            "2016-09-22",
            "Explosions/Remote violence",
            "Air/drone strike",
            "Aleppo",
            36.20,
            37.16,
        )
        _event(session, "2016-03-10", "Battles", "Armed clash", "Hama", 35.13, 36.75)
        hidden = _event(
            session,
            "2016-09-20",
            "Strategic developments",
            "Other",
            "Aleppo",
            36.21,
            37.15,
            classification="restricted",
            notes="Hidden from liaisons.",
        )
        _claims(session, a, convoy, source)
        for event, who, day in ((convoy, "United States", 20), (strike, "Russia", 18)):
            _create(
                session,
                "violations",
                {
                    "event_id": event,
                    "agreement_id": ceasefire,
                    "alleged_by_id": a[who],
                    "alleged_on": date(2016, 9, day),
                },
            )
        _create(
            session,
            "statements",
            {
                "speaker_name": "UN envoy",
                "date": date(2016, 9, 23),
                "venue": "Geneva",
                "direct": False,
                "words": "The coming hours or days are decisive.",
            },
        )
        _create(
            session,
            "statements",
            {
                "speaker_name": "US Secretary of State",
                "date": date(2016, 9, 21),
                "venue": "UN Security Council",
                "direct": False,
                "words": "All aircraft should stay grounded over the key areas.",
            },
        )
        first, second = _candidates(session)
        _geo(session, a)
        for name, role, party in USERS:
            add_user(session, name, role=role, password=PASSWORD, party=party, actor=ACTOR)
    return Seeded(
        convoy,
        hidden,
        strike,
        ceasefire,
        restricted_agreement,
        shared_agreement,
        first,
        second,
        truces,
    )
