"""The analyses, extraction and the review queue over HTTP, limited to what the caller sees."""

from __future__ import annotations

import pytest
from server_helpers import Api, post_event

REPORT = (
    "Aleppo, 20 September 2016. An aid convoy was struck near Urum al-Kubra yesterday, "
    "killing about 20 people. The United States blamed Russian aircraft; Russia denied it."
)


def _seed(api: Api) -> None:
    h = api.as_("analyst")
    post_event(api, "2016-09-19", 36.20, "public")
    post_event(api, "2016-09-19", 36.21, "public")
    post_event(api, "2016-09-20", 36.22, "restricted")
    agreement = api.client.post(
        "/api/v1/agreements",
        json={"name": "Local truce", "kind": "truce", "scope": "local", "signed": "2016-09-10"},
        headers=h,
    ).json()
    api.client.post(
        "/api/v1/violations", json={"event_id": 1, "agreement_id": agreement["id"]}, headers=h
    )
    api.client.post(
        "/api/v1/claims", json={"event_id": 1, "attribute": "weapon", "value": "rockets"}, headers=h
    )


@pytest.mark.parametrize(
    ("path", "key", "analyst", "viewer"),
    [
        ("/api/v1/cooccur?km=5&hours=48", "pairs", 3, 1),
        ("/api/v1/near/1?km=10&hours=48", "neighbours", 2, 1),
        ("/api/v1/checks/zones", "events", 3, 2),
        ("/api/v1/checks/deconfliction", "events", 3, 2),
    ],
)
def test_analyses_count_only_what_the_caller_may_see(
    sqlite_api: Api, path: str, key: str, analyst: int, viewer: int
) -> None:
    _seed(sqlite_api)
    for role, expected in (("analyst", analyst), ("viewer", viewer)):
        response = sqlite_api.client.get(path, headers=sqlite_api.as_(role))
        assert response.status_code == 200, response.text
        found = response.json()[key]
        assert (len(found) if isinstance(found, list) else found) == expected, role


def test_health_stats_and_assess_answer(sqlite_api: Api) -> None:
    _seed(sqlite_api)
    h = sqlite_api.as_("analyst")
    health = sqlite_api.client.get("/api/v1/health?since=2016-09-01&until=2016-09-30", headers=h)
    assert health.json()["allegations"]["current"] == 1
    assert sqlite_api.client.get("/api/v1/stats", headers=h).json()["records"]["events"] == 3
    assessed = sqlite_api.client.get("/api/v1/assess/1?attribute=weapon", headers=h).json()
    assert assessed["conclusion"] == "ground fire"  # the broadest hypothesis; rockets within it
    assert assessed["narrower"][0]["hypothesis"] == "rockets"
    saved = sqlite_api.client.post("/api/v1/assess/1?attribute=weapon", headers=h)
    assert saved.status_code == 201 and saved.json()["record_id"]
    refused = sqlite_api.client.post("/api/v1/assess/1", headers=sqlite_api.as_("viewer"))
    assert refused.status_code == 403


def test_extract_returns_the_contract_json_and_stores_nothing(sqlite_api: Api) -> None:
    response = sqlite_api.client.post(
        "/api/v1/extract",
        json={"text": REPORT, "published": "2016-09-20"},
        headers=sqlite_api.as_("analyst"),
    )
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["schema"] == "truce.extraction/1" and doc["events"]
    count = sqlite_api.client.get("/api/v1/sources", headers=sqlite_api.as_("analyst"))
    assert count.json()["count"] == 0


def test_an_ingested_text_is_reviewed_through_the_queue(sqlite_api: Api) -> None:
    h = sqlite_api.as_("analyst")
    made = sqlite_api.client.post(
        "/api/v1/ingest",
        json={"text": REPORT, "published": "2016-09-20", "title": "Convoy"},
        headers=h,
    )
    assert made.status_code == 201 and made.json()["candidates"] > 0
    again = sqlite_api.client.post("/api/v1/ingest", json={"text": REPORT}, headers=h)
    assert again.status_code == 200 and again.json()["created"] is False
    page = sqlite_api.client.get("/api/v1/candidates?kind=event", headers=h).json()
    queue = page["data"]
    assert page["count"] == len(queue) > 0
    accepted = sqlite_api.client.post(
        f"/api/v1/candidates/{queue[0]['id']}/accept", json={"note": "checked"}, headers=h
    ).json()
    assert accepted["status"] == "accepted" and accepted["record_kind"] == "events"
    event = sqlite_api.client.get(f"/api/v1/events/{accepted['record_id']}", headers=h)
    assert event.status_code == 200
    twice = sqlite_api.client.post(
        f"/api/v1/candidates/{queue[0]['id']}/reject", json={}, headers=h
    )
    assert twice.status_code in (409, 422)
    assert (
        sqlite_api.client.get("/api/v1/candidates", headers=sqlite_api.as_("monitor")).status_code
        == 403
    )


def test_a_web_page_is_ingested_with_its_title_date_and_address(sqlite_api: Api) -> None:
    h = sqlite_api.as_("analyst")
    page = (
        '<html><head><meta property="article:published_time" content="2016-09-20T09:00Z">'
        '<link rel="canonical" href="https://monitor.example/convoy"><title>Convoy hit</title>'
        "</head><body><nav>Home | World</nav><article><p>"
        + REPORT
        + "</p></article><script>track()</script></body></html>"
    )
    made = sqlite_api.client.post(
        "/api/v1/ingest", json={"text": page, "format": "html"}, headers=h
    )
    assert made.status_code == 201, made.text
    source = sqlite_api.client.get(f"/api/v1/sources/{made.json()['source_id']}", headers=h)
    found = source.json()
    assert (found["title"], found["url"], found["published"]) == (
        "Convoy hit",
        "https://monitor.example/convoy",
        "2016-09-20",
    )
    assert found["text"].strip() == REPORT
    doc = sqlite_api.client.post(
        "/api/v1/extract", json={"text": page, "format": "html"}, headers=h
    ).json()
    assert doc["document"]["published"] == "2016-09-20" and doc["events"]
    empty = sqlite_api.client.post(
        "/api/v1/extract", json={"text": "<script>x()</script>", "format": "html"}, headers=h
    )
    assert empty.status_code == 422 and "no readable text" in empty.json()["error"]["message"]


def test_the_daily_report_is_limited_to_what_the_caller_sees(sqlite_api: Api) -> None:
    _seed(sqlite_api)
    path = "/api/v1/reports/daily?date=2016-09-20&format=json"
    analyst = sqlite_api.client.get(path, headers=sqlite_api.as_("analyst")).json()
    viewer = sqlite_api.client.get(path, headers=sqlite_api.as_("viewer")).json()
    assert len(analyst["events"]) == 1 and viewer["events"] == []
    html = sqlite_api.client.get(path.replace("json", "html"), headers=sqlite_api.as_("viewer"))
    assert html.headers["content-type"].startswith("text/html")


def test_the_daily_report_defaults_to_the_callers_latest_day_and_comes_as_pdf(
    sqlite_api: Api,
) -> None:
    _seed(sqlite_api)  # public events on 19 Sep, a restricted one on 20 Sep
    path = "/api/v1/reports/daily?format=json"
    analyst = sqlite_api.client.get(path, headers=sqlite_api.as_("analyst")).json()
    viewer = sqlite_api.client.get(path, headers=sqlite_api.as_("viewer")).json()
    assert (analyst["day"], viewer["day"]) == ("2016-09-20", "2016-09-19")
    pdf = sqlite_api.client.get(
        "/api/v1/reports/daily?date=2016-09-19&format=pdf", headers=sqlite_api.as_("viewer")
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'filename="truce-daily-2016-09-19.pdf"' in pdf.headers["content-disposition"]
    saved = sqlite_api.client.get(
        "/api/v1/reports/daily?date=2016-09-19&format=md&download=true",
        headers=sqlite_api.as_("viewer"),
    )
    assert saved.headers["content-type"].startswith("text/markdown")
    assert "attachment" in saved.headers["content-disposition"]


def _share(api: Api, event_id: int, party_id: int) -> None:
    answer = api.client.post(
        f"/api/v1/events/{event_id}/shares", json={"party_id": party_id}, headers=api.as_("analyst")
    )
    assert answer.status_code in (200, 201), answer.text


@pytest.mark.parametrize(
    ("path", "key", "alone", "shared"),
    [
        ("/api/v1/cooccur?km=5&hours=48", "pairs", 1, 3),
        ("/api/v1/checks/zones", "events", 2, 3),
        ("/api/v1/checks/deconfliction", "events", 2, 3),
    ],
)
def test_a_liaison_sees_in_the_analyses_what_is_shared_with_their_party(
    sqlite_api: Api, path: str, key: str, alone: int, shared: int
) -> None:
    _seed(sqlite_api)

    def seen() -> int:
        response = sqlite_api.client.get(path, headers=sqlite_api.as_("liaison"))
        assert response.status_code == 200, response.text
        found = response.json()[key]
        return len(found) if isinstance(found, list) else int(found)

    _share(sqlite_api, 3, sqlite_api.other_party_id)  # another party's share changes nothing
    assert seen() == alone
    _share(sqlite_api, 3, sqlite_api.party_id)
    assert seen() == shared


def test_the_daily_report_shows_a_liaison_what_is_shared_with_their_party(
    sqlite_api: Api,
) -> None:
    _seed(sqlite_api)
    path = "/api/v1/reports/daily?date=2016-09-20&format=json"
    assert sqlite_api.client.get(path, headers=sqlite_api.as_("liaison")).json()["events"] == []
    _share(sqlite_api, 3, sqlite_api.party_id)
    report = sqlite_api.client.get(path, headers=sqlite_api.as_("liaison")).json()
    assert len(report["events"]) == 1


UNDATED = "Shelling hit a bakery in Douma, killing 4 civilians, residents said."


def test_a_candidate_is_edited_then_accepted_or_merged_into_its_duplicate(sqlite_api: Api) -> None:
    h = sqlite_api.as_("analyst")
    made = sqlite_api.client.post("/api/v1/ingest", json={"text": UNDATED}, headers=h).json()
    queue = sqlite_api.client.get(
        f"/api/v1/candidates?kind=event&source_id={made['source_id']}", headers=h
    ).json()["data"]
    (first,) = queue
    undated = sqlite_api.client.post(f"/api/v1/candidates/{first['id']}/accept", json={}, headers=h)
    assert undated.status_code == 422 and "give it a date" in undated.json()["error"]["message"]
    patch = {"date": "2016-09-20", "fatalities": 5}
    unguarded = sqlite_api.client.patch(f"/api/v1/candidates/{first['id']}", json=patch, headers=h)
    assert unguarded.status_code == 428
    edited = sqlite_api.client.patch(
        f"/api/v1/candidates/{first['id']}",
        json=patch,
        headers={**h, "If-Match": f'"{first["version"]}"'},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["payload"]["fatalities"]["best"] == 5
    bad = sqlite_api.client.patch(
        f"/api/v1/candidates/{first['id']}",
        json={"event_type": "Picnics"},
        headers={**h, "If-Match": edited.headers["ETag"]},
    )
    assert bad.status_code == 422 and bad.json()["error"]["detail"] == {"field": "event_type"}
    made = sqlite_api.client.post(
        f"/api/v1/candidates/{first['id']}/accept", json={}, headers=h
    ).json()
    # The same report in other words, published the same day: a duplicate of that event.
    other = "Shelling hit a bakery in Duma on Tuesday, killing 4 civilians."
    second = sqlite_api.client.post(
        "/api/v1/ingest", json={"text": other, "published": "2016-09-21"}, headers=h
    ).json()
    (candidate,) = sqlite_api.client.get(
        f"/api/v1/candidates?kind=event&source_id={second['source_id']}", headers=h
    ).json()["data"]
    refused = sqlite_api.client.post(
        f"/api/v1/candidates/{candidate['id']}/accept", json={}, headers=h
    )
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "possible-duplicate"
    assert error["detail"] == {"matches": [made["record_id"]]}
    merged = sqlite_api.client.post(
        f"/api/v1/candidates/{candidate['id']}/accept",
        json={"merge_into": made["record_id"]},
        headers=h,
    ).json()
    assert merged["record_id"] == made["record_id"]
    events = sqlite_api.client.get("/api/v1/events", headers=h).json()
    assert events["count"] == 1
