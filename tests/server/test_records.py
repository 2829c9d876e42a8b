"""The records API: create, read, update with ETag / If-Match, soft delete, filters, pages."""

from __future__ import annotations

import pytest
from server_helpers import SQUARE, Api

EVENT = {"event_date": "2016-09-19", "event_type": "Battles", "latitude": 36.2, "longitude": 37.1}


def _create(api: Api, kind: str, body: dict[str, object], role: str = "analyst") -> dict:
    response = api.client.post(f"/api/v1/{kind}", json=body, headers=api.as_(role))
    assert response.status_code == 201, response.text
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/{kind}/{response.json()['id']}"
    return dict(response.json())


def test_an_event_is_created_read_changed_and_deleted(api: Api) -> None:
    made = _create(api, "events", {**EVENT, "notes": "Convoy struck west of Aleppo."})
    path = f"/api/v1/events/{made['id']}"
    read = api.client.get(path, headers=api.as_("viewer"))
    assert read.json()["notes"] == "Convoy struck west of Aleppo."
    assert read.headers["ETag"] == '"1"'
    changed = api.client.patch(
        path, json={"fatalities": 20}, headers={**api.as_("analyst"), "If-Match": '"1"'}
    )
    assert changed.status_code == 200
    assert (changed.json()["fatalities"], changed.headers["ETag"]) == (20, '"2"')
    gone = api.client.delete(path, headers={**api.as_("analyst"), "If-Match": '"2"'})
    assert gone.status_code == 204
    assert api.client.get(path, headers=api.as_("analyst")).status_code == 404


def test_a_stale_update_gets_409_and_changes_nothing(api: Api) -> None:
    made = _create(api, "sources", {"title": "First title"})
    path = f"/api/v1/sources/{made['id']}"
    headers = {**api.as_("analyst"), "If-Match": '"1"'}
    assert api.client.patch(path, json={"title": "Mine"}, headers=headers).status_code == 200
    stale = api.client.patch(path, json={"title": "Theirs"}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert stale.json()["error"]["detail"] == {"current_version": 2}
    assert api.client.get(path, headers=api.as_("analyst")).json()["title"] == "Mine"


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_an_update_without_if_match_gets_428(api: Api, method: str) -> None:
    made = _create(api, "sources", {"title": "A"})
    response = api.client.request(
        method, f"/api/v1/sources/{made['id']}", json={"title": "B"}, headers=api.as_("analyst")
    )
    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition-required"


def test_put_replaces_the_record_and_clears_what_it_leaves_out(api: Api) -> None:
    made = _create(api, "statements", {"speaker_name": "A", "words": "One.", "venue": "UN"})
    path = f"/api/v1/statements/{made['id']}"
    replaced = api.client.put(
        path,
        json={"speaker_name": "B", "words": "Two."},
        headers={**api.as_("analyst"), "If-Match": 'W/"1"'},
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert (body["speaker_name"], body["words"], body["venue"], body["version"]) == (
        "B",
        "Two.",
        None,
        2,
    )


def test_every_write_is_audited_under_the_users_name(api: Api) -> None:
    from truce.store.db import transaction
    from truce.store.models import AuditEntry

    made = _create(api, "agreements", {"name": "Local truce", "kind": "truce", "scope": "local"})
    with transaction(api.engine) as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        assert entry is not None
        assert (entry.actor, entry.action, entry.record_kind, entry.record_id) == (
            "user:analyst",
            "create",
            "agreements",
            str(made["id"]),
        )


def test_a_zone_gets_its_bounding_box_from_its_geometry(api: Api) -> None:
    made = _create(api, "zones", {"name": "No-fly A", "kind": "no-fly", "geometry": SQUARE})
    assert (made["min_lon"], made["min_lat"], made["max_lon"], made["max_lat"]) == (36, 36, 37, 37)


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("events", {**EVENT, "latitude": 91}, "latitude"),
        ("events", {**EVENT, "event_type": "Picnic"}, "event_type"),
        ("events", {**EVENT, "colour": "red"}, "colour"),
        ("events", {"event_type": "Battles"}, "event_date"),
        ("agreements", {"name": "x", "kind": "truce", "scope": "galactic"}, "scope"),
        ("zones", {"name": "z", "kind": "no-fly", "geometry": {"type": "Polygon"}}, "geometry"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    api: Api, kind: str, body: dict[str, object], field: str
) -> None:
    response = api.client.post(f"/api/v1/{kind}", json=body, headers=api.as_("analyst"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid-input"
    assert field in error["message"]


def _ids(api: Api, query: str, kind: str = "events") -> list[int]:
    response = api.client.get(f"/api/v1/{kind}?{query}", headers=api.as_("analyst"))
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["data"]]


def test_events_filter_by_box_window_actor_type_status_and_words(api: Api) -> None:
    aleppo = _create(
        api,
        "events",
        {**EVENT, "actor1": "Syrian Army", "notes": "Aid convoy struck near Urum al-Kubra."},
    )["id"]
    deir = _create(
        api,
        "events",
        {
            "event_date": "2016-09-17",
            "event_type": "Explosions/Remote violence",
            "latitude": 35.3,
            "longitude": 40.1,
            "actor1": "Coalition",
            "notes": "Air strike on army positions.",
            "status": "disputed",
        },
    )["id"]
    assert _ids(api, "bbox=36,35,38,37") == [aleppo]
    assert _ids(api, "bbox=39,34,41,36&since=2016-09-17&until=2016-09-17") == [deir]
    assert _ids(api, "bbox=39,34,41,36&since=2016-09-18") == []
    assert _ids(api, "since=2016-09-18") == [aleppo]
    assert _ids(api, "actor=coalition") == [deir]
    assert _ids(api, "type=Battles") == [aleppo]
    assert _ids(api, "status=disputed") == [deir]
    assert _ids(api, "q=convoy") == [aleppo]
    assert _ids(api, "q=air strike") == [deir]


def test_statements_and_sources_are_searched_by_words(api: Api) -> None:
    said = _create(
        api, "statements", {"speaker_name": "Envoy", "words": "The next hours are crucial."}
    )
    _create(api, "statements", {"speaker_name": "Minister", "words": "A blatant violation."})
    assert _ids(api, "q=crucial hours", "statements") == [said["id"]]
    src = _create(api, "sources", {"title": "Convoy report", "text": "Trucks burned overnight."})
    assert _ids(api, "q=trucks", "sources") == [src["id"]]


def test_pages_give_data_and_the_total_count(api: Api) -> None:
    for day in range(1, 8):
        _create(api, "events", {**EVENT, "event_date": f"2016-09-{day:02d}"})
    page = api.client.get("/api/v1/events?limit=3&offset=3", headers=api.as_("viewer")).json()
    assert page["count"] == 7
    assert [r["event_date"] for r in page["data"]] == ["2016-09-04", "2016-09-03", "2016-09-02"]


@pytest.mark.parametrize(
    ("query", "status"),
    [("bbox=1,2,3", 422), ("bbox=1,5,3,2", 422), ("limit=5000", 422), ("since=yesterday", 422)],
)
def test_bad_filters_are_refused(api: Api, query: str, status: int) -> None:
    response = api.client.get(f"/api/v1/events?{query}", headers=api.as_("viewer"))
    assert response.status_code == status
    assert response.json()["error"]["code"] == "invalid-input"


def test_the_map_query_returns_visible_events_in_the_box_and_window(api: Api) -> None:
    inside = _create(api, "events", EVENT)["id"]
    _create(api, "events", {**EVENT, "classification": "restricted"})
    _create(api, "events", {**EVENT, "event_date": "2016-10-19"})
    _create(api, "events", {**EVENT, "latitude": 30.0})
    query = "/api/v1/map/events?bbox=36,35,38,37&since=2016-09-18&until=2016-09-20"
    page = api.client.get(query, headers=api.as_("viewer")).json()
    assert [r["id"] for r in page["data"]] == [inside]
    assert page["data"][0]["event_date"] == "2016-09-19"
    assert api.client.get(query, headers=api.as_("monitor")).json()["count"] == 2
    assert api.client.get(query + "&limit=1", headers=api.as_("admin")).json()["truncated"]
