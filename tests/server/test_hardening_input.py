"""No input gives a 500: huge ids and offsets, NUL bytes, year-1 dates, odd digits, deep JSON."""

from __future__ import annotations

from server_helpers import Api

from truce.server.schemas import API_KINDS

HUGE = "99999999999999999999"

ADDRESSES = [
    f"/api/v1/events/{HUGE}",
    f"/api/v1/events?offset={HUGE}",
    f"/api/v1/events?limit={HUGE}",
    f"/api/v1/candidates?offset={HUGE}",
    f"/api/v1/candidates/{HUGE}",
    f"/api/v1/near/{HUGE}",
    f"/api/v1/assess/{HUGE}?attribute=weapon",
    f"/api/v1/events/{HUGE}/shares",
    "/api/v1/health?since=0001-01-01",
    "/api/v1/health?until=9999-12-31",
    "/api/v1/reports/daily?date=0001-01-01",
    "/api/v1/reports/daily?date=9999-12-31",
    "/api/v1/cooccur?since=0001-01-01",
    "/api/v1/stats?since=0001-01-01",
    "/api/v1/sources?actor=7%C2%B3",
    "/api/v1/events?actor=7%C2%B3",
    "/api/v1/export/acled?q=%00abc",
    "/api/v1/export/csv?kind=events&q=%00abc",
    *[f"/api/v1/{kind}?q=%00abc" for kind in API_KINDS],
]


def test_odd_input_answers_4xx_or_a_sane_page_never_500(api: Api) -> None:
    failed = {}
    for address in ADDRESSES:
        answer = api.client.get(address, headers=api.as_("admin"))
        if answer.status_code >= 500:
            failed[address] = answer.text
        elif answer.status_code >= 400:
            assert set(answer.json()["error"]) == {"code", "message", "detail"}, address
    assert failed == {}


def test_a_nul_byte_in_the_query_is_refused_with_422(api: Api) -> None:
    answer = api.client.get("/api/v1/events?q=%00abc", headers=api.as_("admin"))
    assert answer.status_code == 422
    assert "NUL" in answer.json()["error"]["message"]


def test_a_login_body_nested_100000_deep_is_refused_not_crashed(api: Api) -> None:
    body = "[" * 100_000
    answer = api.client.post(
        "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code in (400, 422)


def test_a_record_body_nested_100000_deep_is_refused_not_crashed(api: Api) -> None:
    body = '{"notes": ' + "[" * 100_000
    answer = api.client.post(
        "/api/v1/events",
        content=body,
        headers={**api.as_("admin"), "Content-Type": "application/json"},
    )
    assert answer.status_code in (400, 422)


def test_a_nul_byte_in_a_json_body_is_refused_not_crashed(api: Api) -> None:
    body = {"title": "a\u0000b"}
    answer = api.client.post("/api/v1/sources", json=body, headers=api.as_("admin"))
    assert answer.status_code in (201, 422)
