"""Signing in: passwords, the session cookie, API tokens, disabled users."""

from __future__ import annotations

from server_helpers import PASSWORD, Api

from truce.auth import users
from truce.auth.sessions import COOKIE_NAME, CSRF_COOKIE, csrf_token
from truce.store.db import transaction


def test_a_json_login_sets_an_httponly_lax_cookie_that_signs_the_user_in(api: Api) -> None:
    response = api.client.post(
        "/api/v1/auth/login", json={"username": "monitor", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["role"] == "monitor"
    header = response.headers["set-cookie"].lower()
    assert COOKIE_NAME in header and "httponly" in header and "samesite=lax" in header
    assert api.client.get("/api/v1/auth/me").json()["username"] == "monitor"
    token = {"X-CSRF-Token": response.json()["csrf_token"]}
    assert api.client.post("/api/v1/auth/logout", headers=token).status_code == 200
    assert api.client.get("/api/v1/auth/me").status_code == 401


def test_a_form_login_with_next_redirects_there(api: Api) -> None:
    api.client.get("/login")  # the sign-in page sets the pre-session cookie its token is tied to
    token = csrf_token(api.client.app.state.session_secret, api.client.cookies[CSRF_COOKIE])
    response = api.client.post(
        "/api/v1/auth/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "next": "/agreements",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/agreements"


def test_a_wrong_password_or_unknown_user_gets_the_same_401(api: Api) -> None:
    for name, password in (("viewer", "wrong password"), ("nobody", PASSWORD)):
        response = api.client.post(
            "/api/v1/auth/login", json={"username": name, "password": password}
        )
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "wrong user name or password"


def test_a_forged_or_tampered_cookie_is_refused(api: Api) -> None:
    api.client.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    cookie = api.client.cookies[COOKIE_NAME]
    for forged in (cookie[:-1] + ("A" if cookie[-1] != "A" else "B"), "1.99999999999.x", ""):
        api.client.cookies.clear()
        api.client.cookies.set(COOKIE_NAME, forged)  # a guessed or altered session id
        assert api.client.get("/api/v1/auth/me").status_code == 401


def test_changing_a_password_ends_that_users_sessions(api: Api) -> None:
    api.client.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert api.client.get("/api/v1/auth/me").status_code == 200
    with transaction(api.engine) as session:
        users.set_password(session, "viewer", "another long password", actor="test")
    assert api.client.get("/api/v1/auth/me").status_code == 401


def test_a_revoked_token_or_a_disabled_user_stops_working(api: Api) -> None:
    assert api.client.get("/api/v1/auth/me", headers=api.as_("analyst")).status_code == 200
    with transaction(api.engine) as session:
        users.disable_user(session, "analyst", actor="test")
    assert api.client.get("/api/v1/auth/me", headers=api.as_("analyst")).status_code == 401
    with transaction(api.engine) as session:
        token_id = users.list_tokens(session, "viewer")[0].id
        users.revoke_token(session, token_id, actor="test")
    assert api.client.get("/api/v1/auth/me", headers=api.as_("viewer")).status_code == 401


def test_tokens_are_stored_hashed_and_shown_once(api: Api) -> None:
    made = api.client.post(
        "/api/v1/users/viewer/tokens", json={"name": "laptop"}, headers=api.as_("admin")
    )
    assert made.status_code == 201
    token = made.json()["token"]
    with transaction(api.engine) as session:
        stored = [t.token_hash for t in users.list_tokens(session, "viewer")]
    assert token not in stored and users.token_digest(token) in stored
    assert (
        api.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()[
            "username"
        ]
        == "viewer"
    )


def test_only_admins_manage_users(api: Api) -> None:
    body = {"username": "liaison2", "role": "liaison", "password": PASSWORD, "party": "Party B"}
    assert (
        api.client.post("/api/v1/users", json=body, headers=api.as_("analyst")).status_code == 403
    )
    made = api.client.post("/api/v1/users", json=body, headers=api.as_("admin"))
    assert made.status_code == 201, made.text
    assert made.json()["party_id"] == api.other_party_id
    listed = api.client.get("/api/v1/users", headers=api.as_("admin")).json()
    assert "liaison2" in {u["username"] for u in listed}
