"""Test helpers of the server tests: an API client per role, the smallest valid record of
each kind."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.auth import users
from truce.server.app import create_app
from truce.store import records
from truce.store.db import transaction
from truce.vocab import ROLES

PASSWORD = "correct horse battery"


@dataclass
class Api:
    """A test client with a bearer token per role (``api.as_(role)`` headers)."""

    client: TestClient
    engine: Engine
    tokens: dict[str, str]
    party_id: int
    other_party_id: int

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def make_api(engine: Engine) -> Api:
    with transaction(engine) as session:
        party = records.create(session, "actors", {"name": "Party A", "kind": "state"}, actor="t")
        other = records.create(session, "actors", {"name": "Party B", "kind": "state"}, actor="t")
        party_id, other_id = party.id, other.id
        tokens: dict[str, str] = {}
        for role in ROLES:
            users.add_user(
                session,
                role,
                role=role,
                password=PASSWORD,
                party=party_id if role == "liaison" else None,
                actor="test",
            )
            tokens[role] = users.create_token(session, role, actor="test")[1]
    client = TestClient(create_app(engine=engine), raise_server_exceptions=False)
    return Api(client, engine, tokens, party_id, other_id)


SQUARE = {"type": "Polygon", "coordinates": [[[36, 36], [37, 36], [37, 37], [36, 37], [36, 36]]]}
BOX = {"min_lon": 36.0, "min_lat": 36.0, "max_lon": 37.0, "max_lat": 37.0}


def parents(session: Session) -> dict[str, int]:
    """An event and an agreement for violations, claims and assessments to point at (the
    event public: what is derived from it is classified at least as high)."""
    event = records.create(
        session,
        "events",
        {
            "event_date": date(2016, 9, 19),
            "event_type": "Battles",
            "classification": "public",
        },
        actor="test",
    )
    agreement = records.create(
        session,
        "agreements",
        {"name": "parent", "kind": "truce", "scope": "local", "classification": "confidential"},
        actor="test",
    )
    return {"event_id": event.id, "agreement_id": agreement.id}


def values(kind: str, label: str, ids: dict[str, int]) -> dict[str, Any]:
    """Valid store values for one record of ``kind`` (``label`` keeps unique names unique)."""
    day = date(2016, 9, 19)
    table: dict[str, dict[str, Any]] = {
        "sources": {"title": f"report {label}"},
        "actors": {"name": f"actor {label}"},
        "places": {"name": f"place {label}", "latitude": 36.2, "longitude": 37.1},
        "zones": {"name": f"zone {label}", "kind": "no-fly", "geometry": json.dumps(SQUARE), **BOX},
        "notifications": {
            "name": f"site {label}",
            "kind": "site",
            "geometry": json.dumps(SQUARE),
            **BOX,
        },
        "agreements": {"name": f"truce {label}", "kind": "truce", "scope": "local"},
        "events": {"event_date": day, "event_type": "Battles", "notes": f"clash {label}"},
        "violations": {"event_id": ids["event_id"], "agreement_id": ids["agreement_id"]},
        "statements": {"speaker_name": "A. Speaker", "words": f"we said {label}"},
        "claims": {"event_id": ids["event_id"], "attribute": "weapon", "value": label},
        "assessments": {"event_id": ids["event_id"], "attribute": "weapon"},
    }
    return table[kind]


def post_event(api: Api, day: str, lat: float, classification: str, **extra: Any) -> None:
    """A battle at (lat, 37.0) on ``day``, written by the analyst."""
    body = {
        "event_date": day,
        "event_type": "Battles",
        "latitude": lat,
        "longitude": 37.0,
        "actor1": "Army",
        "classification": classification,
        **extra,
    }
    answer = api.client.post("/api/v1/events", json=body, headers=api.as_("analyst"))
    assert answer.status_code == 201, answer.text
