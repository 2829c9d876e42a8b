"""The one visibility rule on the paths the adversarial test broke: ``near`` by id and by
external id, writers' classifications, references to hidden records, a liaison's stats."""

from __future__ import annotations

from datetime import date
from typing import Any

from server_helpers import Api

from truce.store import records
from truce.store.db import transaction
from truce.store.models import RecordShare

DAY = date(2016, 9, 19)


def _event(api: Api, classification: str, external_id: str) -> int:
    values = {
        "event_date": "2016-09-19",
        "event_type": "Battles",
        "latitude": 36.2,
        "longitude": 37.1,
        "classification": classification,
        "external_id": external_id,
    }
    answer = api.client.post("/api/v1/events", json=values, headers=api.as_("admin"))
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_near_answers_a_hidden_event_like_a_missing_one_by_id_and_by_external_id(
    api: Api,
) -> None:
    hidden = _event(api, "confidential", "secret-strike")
    _event(api, "public", "open-strike")
    for role in ("viewer", "monitor", "liaison"):
        for ref in (str(hidden), "secret-strike"):
            answer = api.client.get(f"/api/v1/near/{ref}", headers=api.as_(role))
            missing = api.client.get("/api/v1/near/no-such-event", headers=api.as_(role))
            assert answer.status_code == missing.status_code == 404, (role, ref)
            assert "secret" not in answer.text.replace("secret-strike", "")
    seen = api.client.get("/api/v1/near/open-strike", headers=api.as_("viewer")).json()
    assert all(n["event"]["id"] != hidden for n in seen["neighbours"])
    assert api.client.get(f"/api/v1/near/{hidden}", headers=api.as_("analyst")).status_code == 200


def test_a_monitor_may_not_classify_a_record_above_restricted(api: Api) -> None:
    body: dict[str, Any] = {"event_date": "2016-09-19", "event_type": "Battles"}
    too_high = api.client.post(
        "/api/v1/events", json=body | {"classification": "confidential"}, headers=api.as_("monitor")
    )
    assert too_high.status_code == 403 and too_high.json()["error"]["code"] == "forbidden"
    allowed = api.client.post(
        "/api/v1/events", json=body | {"classification": "restricted"}, headers=api.as_("monitor")
    )
    assert allowed.status_code == 201


def test_a_reference_to_a_hidden_record_answers_exactly_like_a_missing_one(api: Api) -> None:
    hidden = _event(api, "confidential", "secret-strike")
    agreement = api.client.post(
        "/api/v1/agreements",
        json={"name": "open truce", "kind": "truce", "scope": "local"},
        headers=api.as_("admin"),
    ).json()["id"]
    missing = hidden + 1000

    def allege(event_id: int) -> Any:
        body = {"event_id": event_id, "agreement_id": agreement}
        return api.client.post("/api/v1/violations", json=body, headers=api.as_("monitor"))

    to_hidden, to_missing = allege(hidden), allege(missing)
    assert to_hidden.status_code == to_missing.status_code == 409
    hidden_error = to_hidden.json()["error"]
    missing_error = to_missing.json()["error"]
    assert hidden_error["message"].replace(str(hidden), "N") == missing_error["message"].replace(
        str(missing), "N"
    )
    assert hidden_error["code"] == missing_error["code"]


def test_a_violation_of_a_confidential_event_is_confidential(api: Api) -> None:
    hidden = _event(api, "confidential", "secret-strike")
    agreement = api.client.post(
        "/api/v1/agreements",
        json={"name": "open truce", "kind": "truce", "scope": "local"},
        headers=api.as_("admin"),
    ).json()["id"]
    body = {"event_id": hidden, "agreement_id": agreement, "classification": "public"}
    made = api.client.post("/api/v1/violations", json=body, headers=api.as_("analyst"))
    assert made.status_code == 201 and made.json()["classification"] == "confidential"
    listed = api.client.get("/api/v1/violations", headers=api.as_("viewer")).json()
    assert listed["count"] == 0


def test_a_liaisons_stats_count_the_records_shared_with_their_party(api: Api) -> None:
    shared = _event(api, "confidential", "shared-strike")
    with transaction(api.engine) as session:
        session.add(RecordShare(record_kind="events", record_id=shared, party_id=api.party_id))
        hidden = {"event_date": DAY, "event_type": "Battles", "classification": "confidential"}
        records.create(session, "events", hidden, actor="t")

    def events(role: str) -> int:
        stats = api.client.get("/api/v1/stats", headers=api.as_(role)).json()
        return int(stats["records"]["events"])

    assert (events("viewer"), events("liaison"), events("admin")) == (0, 1, 2)


def test_a_public_record_shows_no_id_of_a_hidden_record_it_links_to(api: Api) -> None:
    with transaction(api.engine) as session:
        place = records.create(
            session,
            "places",
            {"name": "hidden hamlet", "classification": "confidential"},
            actor="t",
        )
        event = records.create(
            session,
            "events",
            {"event_date": DAY, "event_type": "Battles", "place_id": place.id},
            actor="t",
        )
    seen = api.client.get(f"/api/v1/events/{event.id}", headers=api.as_("viewer")).json()
    assert seen["place_id"] is None
    full = api.client.get(f"/api/v1/events/{event.id}", headers=api.as_("analyst")).json()
    assert full["place_id"] == place.id


def test_filtering_by_a_hidden_actors_name_matches_like_an_unknown_name(api: Api) -> None:
    with transaction(api.engine) as session:
        secret = {"name": "Quiet Brigade", "classification": "confidential"}
        actor = records.create(session, "actors", secret, actor="t")
        battle = {"event_date": DAY, "event_type": "Battles", "actor1_id": actor.id}
        records.create(session, "events", battle, actor="t")

    def count(role: str, name: str) -> int:
        listed = api.client.get("/api/v1/events", params={"actor": name}, headers=api.as_(role))
        return int(listed.json()["count"])

    assert count("viewer", "Quiet Brigade") == count("viewer", "Nobody at all") == 0
    assert count("analyst", "Quiet Brigade") == 1
