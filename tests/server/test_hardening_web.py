"""Web hardening: security headers, http(s)-only links, safe sign-in redirects, body limits,
read-only source hashes and admins who cannot lock themselves out."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest
from server_helpers import PASSWORD, Api

from truce.server.auth import safe_next
from truce.server.security import SECURITY_HEADERS, RequestLimits


def signed_in(api: Api, role: str) -> Api:
    answer = api.client.post("/api/v1/auth/login", json={"username": role, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return api


@pytest.mark.parametrize(
    "path", ["/login", "/api/v1/auth/me", "/openapi.json", "/static/nav.js", "/no/such/page"]
)
def test_every_response_carries_the_security_headers(sqlite_api: Api, path: str) -> None:
    answer = sqlite_api.client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers.get(name) == value, name
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert (
        "script-src 'self';" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )


def test_no_template_holds_inline_script_or_event_handlers() -> None:
    import re
    from importlib import resources

    folder = resources.files("truce.server.web") / "templates"
    for item in folder.iterdir():
        text = item.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (item.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), item.name
        assert "javascript:" not in text, item.name
        for form in re.findall(r"<form\b[^>]*>.{0,40}", text, flags=re.S):
            if 'method="post"' in form:
                assert "{{ csrf_field() }}" in form, (item.name, form)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/agreements?kind=truce", "/agreements?kind=truce"),
        ("/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example/x", "/"),
        ("/\\/evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("/\tevil", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_sign_in_only_sends_users_on_to_paths_of_this_site(
    target: str | None, expected: str
) -> None:
    assert safe_next(target) == expected


def test_a_form_login_with_a_backslash_next_goes_home(sqlite_api: Api) -> None:
    page = sqlite_api.client.get("/login", params={"next": "/\\evil.example/x"})
    assert 'data-next="/"' in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = sqlite_api.client.post(
        "/api/v1/auth/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "next": "/\\evil.example/x",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_a_javascript_url_is_refused_on_write_with_422(api: Api) -> None:
    admin = api.as_("admin")
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil"):
        made = api.client.post("/api/v1/sources", json={"title": "t", "url": url}, headers=admin)
        assert made.status_code == 422, (url, made.text)
        assert "http://" in made.json()["error"]["message"]
    good = api.client.post(
        "/api/v1/sources", json={"title": "t", "url": "https://example.org/a"}, headers=admin
    )
    assert good.status_code == 201
    changed = api.client.patch(
        f"/api/v1/sources/{good.json()['id']}",
        json={"url": "javascript:alert(1)"},
        headers={**admin, "If-Match": good.headers["etag"]},
    )
    assert changed.status_code == 422


def test_an_ingested_page_with_a_javascript_canonical_link_is_refused(sqlite_api: Api) -> None:
    page = (
        '<html><head><link rel="canonical" href="javascript:alert(1)"><title>T</title></head>'
        "<body><article><p>Shelling was reported in Daraa on Monday.</p></article></body></html>"
    )
    answer = sqlite_api.client.post(
        "/api/v1/ingest", json={"text": page, "format": "html"}, headers=sqlite_api.as_("analyst")
    )
    assert answer.status_code == 422, answer.text
    assert "bad-url" in answer.json()["error"]["message"]


def test_a_stored_javascript_url_is_shown_as_text_not_as_a_link(sqlite_api: Api) -> None:
    from truce.store import records
    from truce.store.db import transaction

    with transaction(sqlite_api.engine) as session:  # written behind the API's back
        source = records.create(session, "sources", {"title": "t"}, actor="test")
        source.url = "javascript:alert(document.cookie)"
        source_id = source.id
    page = signed_in(sqlite_api, "analyst").client.get(f"/sources/{source_id}")
    assert page.status_code == 200
    assert "javascript:alert(document.cookie)" in page.text
    assert 'href="javascript:' not in page.text


def test_a_source_hash_is_its_texts_and_cannot_be_set(api: Api) -> None:
    admin = api.as_("admin")
    forged = api.client.post(
        "/api/v1/sources", json={"title": "t", "text": "abc", "sha256": "0" * 64}, headers=admin
    )
    assert forged.status_code == 422
    made = api.client.post("/api/v1/sources", json={"title": "t", "text": "abc"}, headers=admin)
    assert made.status_code == 201
    assert made.json()["sha256"] == hashlib.sha256(b"abc").hexdigest()
    patched = api.client.patch(
        f"/api/v1/sources/{made.json()['id']}",
        json={"text": "abcd"},
        headers={**admin, "If-Match": made.headers["etag"]},
    )
    assert patched.json()["sha256"] == hashlib.sha256(b"abcd").hexdigest()
    refused = api.client.patch(
        f"/api/v1/sources/{made.json()['id']}",
        json={"sha256": "0" * 64},
        headers={**admin, "If-Match": patched.headers["etag"]},
    )
    assert refused.status_code == 422


def test_the_daily_report_may_be_framed_by_this_site_only(sqlite_api: Api) -> None:
    from server_helpers import post_event

    post_event(sqlite_api, "2016-09-19", 36.2, "public")
    answer = sqlite_api.client.get(
        "/api/v1/reports/daily?date=2016-09-19&format=html", headers=sqlite_api.as_("viewer")
    )
    assert answer.status_code == 200
    assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"


def test_an_admin_cannot_disable_their_own_account(sqlite_api: Api) -> None:
    admin = sqlite_api.as_("admin")
    refused = sqlite_api.client.post("/api/v1/users/admin/disable", headers=admin)
    assert refused.status_code == 403
    assert "own account" in refused.json()["error"]["message"]
    assert sqlite_api.client.get("/api/v1/auth/me", headers=admin).status_code == 200
    other = sqlite_api.client.post("/api/v1/users/viewer/disable", headers=admin)
    assert other.status_code == 200 and other.json()["active"] is False


def test_a_body_over_the_limit_is_refused_with_413_while_streaming(sqlite_api: Api) -> None:
    def chunks() -> Any:
        for _ in range(12):
            yield b"x" * 1_000_000

    answer = sqlite_api.client.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too-large"


def test_a_declared_200_mb_body_is_refused_before_any_byte_is_read() -> None:
    called: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append("app")

    async def receive() -> dict[str, Any]:
        called.append("receive")
        return {"type": "http.request", "body": b"", "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/auth/login",
        "raw_path": b"/api/v1/auth/login",
        "query_string": b"",
        "headers": [(b"content-length", b"200000000")],
    }
    asyncio.run(RequestLimits(app, max_body=10_000_000)(scope, receive, send))
    assert called == []
    assert sent[0]["status"] == 413


def test_the_body_limit_is_configurable(sqlite_api: Api) -> None:
    from fastapi.testclient import TestClient

    from truce.server.app import create_app

    small = TestClient(create_app(engine=sqlite_api.engine, max_body=100))
    answer = small.post("/api/v1/auth/login", json={"username": "x" * 200, "password": "y"})
    assert answer.status_code == 413
