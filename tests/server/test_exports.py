"""Exports over HTTP: truce export's files, limited to what the caller may see and narrowed
like the records list."""

from __future__ import annotations

import csv
import io
import json

import pytest
from server_helpers import Api, post_event


def _events(api: Api) -> None:
    post_event(api, "2016-09-19", 36.20, "public", notes="an aid convoy was hit")
    post_event(api, "2016-09-19", 35.10, "public", notes="clashes on the road")
    post_event(api, "2016-09-20", 36.22, "restricted", notes="a strike on a depot")


def _acled(api: Api, role: str, query: str = "") -> list[dict[str, str]]:
    response = api.client.get(f"/api/v1/export/acled{query}", headers=api.as_(role))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="truce-acled.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.headers["x-truce-count"] == str(len(rows))
    return rows


def test_an_export_holds_what_the_caller_may_see(api: Api) -> None:
    _events(api)
    assert len(_acled(api, "analyst")) == 3
    assert [r["notes"] for r in _acled(api, "viewer")] == [
        "an aid convoy was hit",
        "clashes on the road",
    ]
    assert len(_acled(api, "liaison")) == 2
    answer = api.client.post(
        "/api/v1/events/3/shares",
        json={"party_id": api.party_id},
        headers=api.as_("analyst"),
    )
    assert answer.status_code in (200, 201), answer.text
    assert len(_acled(api, "liaison")) == 3  # shared with the liaison's party


def test_an_export_is_narrowed_like_the_records_list(api: Api) -> None:
    _events(api)
    boxed = _acled(api, "analyst", "?bbox=36.5,36,37.5,37")
    assert sorted(r["notes"] for r in boxed) == ["a strike on a depot", "an aid convoy was hit"]
    words = _acled(api, "analyst", "?q=convoy&until=2016-09-19")
    assert [r["notes"] for r in words] == ["an aid convoy was hit"]
    geo = api.client.get(
        "/api/v1/export/geojson?kind=events&since=2016-09-20", headers=api.as_("analyst")
    )
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = json.loads(geo.text)["features"]
    assert [f["properties"]["notes"] for f in features] == ["a strike on a depot"]
    assert features[0]["geometry"]["coordinates"] == [37.0, 36.22]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/geojson?kind=agreements", "kind"),
        ("/acled?since=2016-09-21&until=2016-09-19", "since"),
        ("/acled?bbox=1,2,3", "bbox"),
    ],
)
def test_a_bad_export_request_says_what_to_change(api: Api, query: str, field: str) -> None:
    response = api.client.get(f"/api/v1/export{query}", headers=api.as_("viewer"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"]
    assert field in json.dumps(error)


def test_an_export_needs_a_signed_in_caller(api: Api) -> None:
    assert api.client.get("/api/v1/export/acled").status_code == 401


def test_a_window_takes_the_same_events_on_the_list_the_map_the_exports_and_the_analyses(
    api: Api,
) -> None:
    """One rule for a time window: an event that began before it and lasted into it is in it,
    wherever the window is asked for."""
    from datetime import date

    from truce.store.db import transaction
    from truce.store.queries_analyze import Filters, event_rows

    post_event(api, "2016-09-15", 36.2, "public", notes="a siege", date_end="2016-09-21")
    post_event(api, "2016-09-16", 36.3, "public", notes="a raid")
    post_event(api, "2016-09-20", 36.4, "public", notes="a strike")
    window = "since=2016-09-19&until=2016-09-22"
    headers = api.as_("analyst")
    listed = api.client.get(f"/api/v1/events?{window}", headers=headers).json()["data"]
    assert sorted(e["notes"] for e in listed) == ["a siege", "a strike"]
    wanted = sorted(e["id"] for e in listed)
    mapped = api.client.get(f"/api/v1/map/events?{window}&bbox=30,30,45,45", headers=headers)
    assert sorted(e["id"] for e in mapped.json()["data"]) == wanted
    assert sorted(r["notes"] for r in _acled(api, "analyst", f"?{window}")) == [
        "a siege",
        "a strike",
    ]
    geo = api.client.get(f"/api/v1/export/geojson?kind=events&{window}", headers=headers)
    assert sorted(f["properties"]["notes"] for f in geo.json()["features"]) == [
        "a siege",
        "a strike",
    ]
    with transaction(api.engine) as session:
        rows = event_rows(session, Filters(since=date(2016, 9, 19), until=date(2016, 9, 22)))
    assert sorted(row.id for row in rows) == wanted
