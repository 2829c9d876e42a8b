"""Each role sees exactly what it should, on every list and get endpoint of every kind.

For every kind we store five records: public, restricted, confidential, a confidential one
shared with the liaison's party and a restricted one shared with another party.
"""

from __future__ import annotations

import pytest
from server_helpers import Api, parents, values

from truce.server.schemas import API_KINDS
from truce.store import records
from truce.store.db import transaction
from truce.store.models import RecordShare
from truce.vocab import ROLES

LABELS = ("public", "restricted", "confidential", "shared-mine", "shared-other")
SEES: dict[str, set[str]] = {
    "admin": set(LABELS),
    "analyst": set(LABELS),
    "monitor": {"public", "restricted", "shared-other"},
    "liaison": {"public", "shared-mine"},
    "viewer": {"public"},
}
CLASSIFICATION = {
    "public": "public",
    "restricted": "restricted",
    "confidential": "confidential",
    "shared-mine": "confidential",
    "shared-other": "restricted",
}


def _seed(api: Api, kind: str) -> dict[str, int]:
    ids: dict[str, int] = {}
    with transaction(api.engine) as session:
        refs = parents(session)
        for label in LABELS:
            row = dict(values(kind, label, refs), classification=CLASSIFICATION[label])
            ids[label] = records.create(session, kind, row, actor="test").id
        session.add(
            RecordShare(record_kind=kind, record_id=ids["shared-mine"], party_id=api.party_id)
        )
        session.add(
            RecordShare(
                record_kind=kind, record_id=ids["shared-other"], party_id=api.other_party_id
            )
        )
    return ids


@pytest.mark.parametrize("kind", API_KINDS)
def test_each_role_lists_and_reads_exactly_what_it_may_see(api: Api, kind: str) -> None:
    ids = _seed(api, kind)
    mine = set(ids.values())
    for role in ROLES:
        expected = {ids[label] for label in SEES[role]}
        listed = api.client.get(f"/api/v1/{kind}?limit=1000", headers=api.as_(role))
        assert listed.status_code == 200, listed.text
        assert {r["id"] for r in listed.json()["data"]} & mine == expected, role
        for label, record_id in ids.items():
            got = api.client.get(f"/api/v1/{kind}/{record_id}", headers=api.as_(role))
            want = 200 if label in SEES[role] else 404
            assert got.status_code == want, (role, label, got.text)


@pytest.mark.parametrize("kind", API_KINDS)
def test_anonymous_callers_get_401_on_every_list_and_get(api: Api, kind: str) -> None:
    for path in (f"/api/v1/{kind}", f"/api/v1/{kind}/1"):
        response = api.client.get(path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        ("admin", "agreements", 201),
        ("analyst", "statements", 201),
        ("monitor", "events", 201),
        ("monitor", "statements", 403),
        ("liaison", "events", 403),
        ("viewer", "sources", 403),
    ],
)
def test_only_writers_create(api: Api, role: str, kind: str, status: int) -> None:
    body = {
        "agreements": {"name": "Local truce", "kind": "truce", "scope": "local"},
        "statements": {"speaker_name": "A", "words": "We hold our fire."},
        "events": {"event_date": "2016-09-19", "event_type": "Battles"},
        "sources": {"title": "Report"},
    }[kind]
    response = api.client.post(f"/api/v1/{kind}", json=body, headers=api.as_(role))
    assert response.status_code == status, response.text


@pytest.mark.parametrize("role", ["monitor", "liaison", "viewer"])
def test_only_admins_and_analysts_update_or_delete(api: Api, role: str) -> None:
    created = api.client.post(
        "/api/v1/sources", json={"title": "Report"}, headers=api.as_("analyst")
    ).json()
    path = f"/api/v1/sources/{created['id']}"
    headers = {**api.as_(role), "If-Match": '"1"'}
    assert api.client.patch(path, json={"title": "x"}, headers=headers).status_code == 403
    assert api.client.delete(path, headers=headers).status_code == 403


def test_sharing_a_record_makes_it_visible_to_that_partys_liaison(api: Api) -> None:
    created = api.client.post(
        "/api/v1/events",
        json={"event_date": "2016-09-19", "event_type": "Battles", "classification": "restricted"},
        headers=api.as_("analyst"),
    ).json()
    path = f"/api/v1/events/{created['id']}"
    assert api.client.get(path, headers=api.as_("liaison")).status_code == 404
    shared = api.client.post(
        f"{path}/shares", json={"party_id": api.party_id}, headers=api.as_("analyst")
    )
    assert shared.json() == {"data": [{"party_id": api.party_id}], "count": 1}
    assert api.client.get(path, headers=api.as_("liaison")).status_code == 200
    assert (
        api.client.delete(f"{path}/shares/{api.party_id}", headers=api.as_("analyst")).status_code
        == 204
    )
    assert api.client.get(path, headers=api.as_("liaison")).status_code == 404
