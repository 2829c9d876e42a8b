"""Every error has one JSON shape: {"error": {"code", "message", "detail"}}."""

from __future__ import annotations

import pytest
from server_helpers import Api


@pytest.mark.parametrize(
    ("method", "path", "role", "body", "status", "code"),
    [
        ("GET", "/api/v1/events", None, None, 401, "unauthorized"),
        ("GET", "/api/v1/events/999", "admin", None, 404, "not-found"),
        ("GET", "/api/v1/no-such-thing", "admin", None, 404, "not-found"),
        ("DELETE", "/api/v1/auth/me", "admin", None, 405, "method-not-allowed"),
        ("GET", "/api/v1/events?limit=-1", "admin", None, 422, "invalid-input"),
        ("POST", "/api/v1/events", "admin", {"event_type": 3}, 422, "invalid-input"),
        ("POST", "/api/v1/events", "viewer", {}, 422, "invalid-input"),
        ("POST", "/api/v1/sources", "viewer", {"title": "x"}, 403, "forbidden"),
        ("GET", "/api/v1/users", "analyst", None, 403, "forbidden"),
        (
            "POST",
            "/api/v1/violations",
            "admin",
            {"event_id": 999, "agreement_id": 999},
            409,
            "conflict",
        ),
    ],
)
def test_every_error_has_the_one_shape(
    api: Api, method: str, path: str, role: str | None, body: object, status: int, code: str
) -> None:
    headers = api.as_(role) if role else {}
    response = api.client.request(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    payload = response.json()
    assert list(payload) == ["error"]
    assert set(payload["error"]) == {"code", "message", "detail"}
    assert payload["error"]["code"] == code
    assert isinstance(payload["error"]["message"], str) and payload["error"]["message"]


def test_openapi_lists_every_kind_under_api_v1(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    for kind in ("events", "agreements", "statements", "zones", "violations"):
        assert f"/api/v1/{kind}" in document["paths"]
        assert f"/api/v1/{kind}/{{record_id}}" in document["paths"]
    schemas = document["components"]["schemas"]
    assert {"EventCreate", "EventUpdate", "EventPublic", "EventPage"} <= set(schemas)
