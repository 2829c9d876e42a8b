"""The web pages give no 500 for odd input either: huge ids and offsets, year-1 dates, odd
digits; a browser form post answers 4xx for them too."""

from __future__ import annotations

from fastapi.testclient import TestClient
from server_helpers import PASSWORD, Api

HUGE = "99999999999999999999"
PAGES = [
    f"/events/{HUGE}",
    f"/agreements/{HUGE}",
    f"/sources/{HUGE}",
    f"/events?offset={HUGE}",
    f"/sources?offset={HUGE}",
    f"/agreements?offset={HUGE}",
    f"/review?offset={HUGE}",
    f"/review?page={HUGE}",
    f"/events?page={HUGE}",
    "/report?date=0001-01-01",
    "/report?date=9999-12-31",
    "/events?since=0001-01-01",
    "/events?until=9999-12-31",
    "/agreements?mediator=7%C2%B3",
    "/sources?actor=7%C2%B3",
    "/events?actor=7%C2%B3",
    "/statements?q=%00abc",
    "/events?q=%00abc",
    "/sources?q=%00abc",
    "/agreements?q=%00abc",
    f"/events/1?km={HUGE}&hours={HUGE}",
]


def test_odd_input_to_the_pages_answers_4xx_or_a_page_never_500(sqlite_api: Api) -> None:
    client = TestClient(sqlite_api.client.app, follow_redirects=False)
    signed = client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    token = signed.json()["csrf_token"]
    failed = {}
    for page in PAGES:
        answer = client.get(page)
        if answer.status_code >= 500:
            failed[page] = answer.text[:300]
    forms = [
        (f"/sources/{HUGE}/grade", {"reliability": "A", "version": HUGE}),
        (f"/review/{HUGE}/accept", {}),
        (f"/review/{HUGE}/edit", {"version": HUGE}),
        ("/verify", {"words": "x", "speaker": "y", "around": "0001-01-01", "days": "3650"}),
        ("/review/add", {"text": "Shelling.", "published": "0001-01-01"}),
    ]
    for path, form in forms:
        answer = client.post(path, data={**form, "csrf_token": token})
        if answer.status_code >= 500:
            failed[f"POST {path}"] = answer.text[:300]
    assert failed == {}
