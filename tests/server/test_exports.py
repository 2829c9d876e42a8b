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
