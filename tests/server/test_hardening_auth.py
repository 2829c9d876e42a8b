"""Sessions and forms: anti-forgery tokens and Origin checks, logout that ends the session on
the server, and sign-in lockout after repeated wrong passwords."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from server_helpers import PASSWORD, Api

from truce.auth.sessions import COOKIE_NAME, CSRF_COOKIE
from truce.server.throttle import LoginThrottle
from truce.store import records
from truce.store.db import transaction

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def browser(api: Api, role: str) -> tuple[TestClient, str]:
    """A client signed in with the session cookie, and the token its pages carry."""
    client = TestClient(api.client.app, follow_redirects=False)
    answer = client.post("/api/v1/auth/login", json={"username": role, "password": PASSWORD})
    assert answer.status_code == 200
    return client, answer.json()["csrf_token"]


def a_source(api: Api) -> tuple[int, int]:
    with transaction(api.engine) as session:
        source = records.create(session, "sources", {"title": "graded"}, actor="test")
        return source.id, source.version


def test_a_form_post_without_the_token_is_refused(sqlite_api: Api) -> None:
    client, token = browser(sqlite_api, "analyst")
    source_id, version = a_source(sqlite_api)
    form = {"reliability": "B", "version": str(version)}
    refused = client.post(f"/sources/{source_id}/grade", data=form)
    assert refused.status_code == 403
    assert "anti-forgery token" in refused.json()["error"]["message"]
    wrong = client.post(f"/sources/{source_id}/grade", data={**form, "csrf_token": "x" + token})
    assert wrong.status_code == 403
    page = client.get(f"/sources/{source_id}")
    assert TOKEN.findall(page.text) == [token]
    saved = client.post(f"/sources/{source_id}/grade", data={**form, "csrf_token": token})
    assert saved.status_code == 303
    as_browser = client.post(
        f"/sources/{source_id}/grade", data=form, headers={"Accept": "text/html"}
    )
    assert as_browser.status_code == 403
    assert as_browser.headers["content-type"].startswith("text/html")
    assert "reload the page" in as_browser.text


@pytest.mark.parametrize(
    "header",
    [
        {"Origin": "http://testserver:8001"},  # this host, another port
        {"Origin": "https://testserver"},  # another scheme
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Referer": "http://evil.example/page"},
    ],
)
def test_a_form_post_from_another_origin_is_refused_even_with_the_token(
    sqlite_api: Api, header: dict[str, str]
) -> None:
    client, token = browser(sqlite_api, "analyst")
    source_id, version = a_source(sqlite_api)
    form = {"reliability": "B", "version": str(version), "csrf_token": token}
    refused = client.post(f"/sources/{source_id}/grade", data=form, headers=header)
    assert refused.status_code == 403
    assert "another site" in refused.json()["error"]["message"]
    same = client.post(
        f"/sources/{source_id}/grade", data=form, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 303


def test_api_calls_with_the_session_cookie_need_the_token_header(sqlite_api: Api) -> None:
    client, token = browser(sqlite_api, "analyst")
    body = {"title": "by cookie"}
    assert client.post("/api/v1/sources", json=body).status_code == 403
    assert (
        client.post("/api/v1/sources", json=body, headers={"X-CSRF-Token": token}).status_code
        == 201
    )
    bearer = TestClient(sqlite_api.client.app)  # a token needs no anti-forgery token
    assert (
        bearer.post("/api/v1/sources", json=body, headers=sqlite_api.as_("analyst")).status_code
        == 201
    )


def test_login_csrf_a_form_sign_in_needs_the_pre_session_token(sqlite_api: Api) -> None:
    client = TestClient(sqlite_api.client.app, follow_redirects=False)
    form = {"username": "viewer", "password": PASSWORD, "next": "/"}
    assert client.post("/api/v1/auth/login", data=form).status_code == 403
    page = client.get("/login")
    assert CSRF_COOKIE in client.cookies
    token = TOKEN.findall(page.text)[0]
    forged = client.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert forged.status_code == 403  # the browser holds the pre-session cookie: token needed
    signed = client.post("/api/v1/auth/login", data={**form, "csrf_token": token})
    assert (signed.status_code, signed.headers["location"]) == (303, "/")


def test_logout_ends_the_session_so_a_copied_cookie_stops_working(sqlite_api: Api) -> None:
    client, token = browser(sqlite_api, "viewer")
    copied = client.cookies[COOKIE_NAME]
    thief = TestClient(sqlite_api.client.app, cookies={COOKIE_NAME: copied})
    assert thief.get("/api/v1/auth/me").status_code == 200
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert thief.get("/api/v1/auth/me").status_code == 401
    assert thief.get("/", follow_redirects=False).status_code == 303  # to the sign-in page


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(
    sqlite_api: Api,
) -> None:
    now = [1_000_000.0]
    sqlite_api.client.app.state.login_throttle = LoginThrottle(clock=lambda: now[0])
    login = "/api/v1/auth/login"
    for _ in range(5):
        wrong = sqlite_api.client.post(login, json={"username": "viewer", "password": "nope"})
        assert wrong.status_code == 401
    right = {"username": "viewer", "password": PASSWORD}
    locked = sqlite_api.client.post(login, json=right)
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "900"
    assert "try again in 15 minutes" in locked.json()["error"]["message"]
    other_user = sqlite_api.client.post(login, json={"username": "analyst", "password": PASSWORD})
    assert other_user.status_code == 200
    sqlite_api.client.cookies.clear()  # a script, not a signed-in browser
    now[0] += 14 * 60
    assert sqlite_api.client.post(login, json=right).status_code == 429
    now[0] += 61
    assert sqlite_api.client.post(login, json=right).status_code == 200


def test_a_success_clears_the_failures(sqlite_api: Api) -> None:
    sqlite_api.client.app.state.login_throttle = LoginThrottle(clock=lambda: 0.0)
    login = "/api/v1/auth/login"
    wrong = {"username": "viewer", "password": "nope"}
    right = {"username": "viewer", "password": PASSWORD}
    for _ in range(2):
        for _ in range(4):
            assert sqlite_api.client.post(login, json=wrong).status_code == 401
        assert sqlite_api.client.post(login, json=right).status_code == 200
        sqlite_api.client.cookies.clear()  # a script, not a signed-in browser


def test_the_review_form_refuses_a_javascript_address(sqlite_api: Api) -> None:
    client, token = browser(sqlite_api, "analyst")
    form = {
        "text": "Shelling was reported in Daraa.",
        "published": "2016-09-19",
        "url": "javascript:alert(1)",
        "csrf_token": token,
    }
    answer = client.post("/review/add", data=form)
    assert answer.status_code == 422
    assert "http://" in answer.text
