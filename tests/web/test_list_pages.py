"""Sources and events list pages, the API page, the favicon, and HTML error pages for browser
routes (the API keeps its JSON)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_seed import PASSWORD, seed

from truce.config import sqlite_url
from truce.server.app import create_app
from truce.store import records
from truce.store.db import open_store, transaction


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_store(sqlite_url(tmp_path_factory.mktemp("lists") / "truce.sqlite"))
    seed(engine)
    with transaction(engine) as session:
        for n in range(55):
            values = {"kind": "report", "title": f"Field note {n:02d}", "publisher": "Our monitors",
                      "reliability": "C" if n % 2 else None}  # fmt: skip
            records.create(session, "sources", values, actor="test")
    yield engine
    engine.dispose()


def _client(engine: Engine, username: str | None = "ana") -> TestClient:
    client = TestClient(create_app(engine=engine), follow_redirects=False,
                        raise_server_exceptions=False)  # fmt: skip
    if username:
        answer = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert answer.status_code == 200
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def _count(page: str, element: str) -> int:
    return int(re.search(rf'id="{element}" data-count="(\d+)"', page).group(1))


def test_the_sources_page_lists_grades_filters_and_pages(engine: Engine) -> None:
    ana = _client(engine)
    page = ana.get("/sources")
    assert page.status_code == 200 and 'href="/sources"' in page.text  # in the nav
    assert _count(page.text, "source-count") == 57
    assert page.text.count("<tr data-id=") == 50 and 'rel="next"' in page.text
    second = ana.get("/sources?page=2")
    assert second.text.count("<tr data-id=") == 7 and 'rel="prev"' in second.text
    graded = ana.get("/sources", params={"grade": "B"})
    assert (
        _count(graded.text, "source-count") == 1 and "Statement on the Aleppo convoy" in graded.text
    )
    assert _count(ana.get("/sources?grade=C").text, "source-count") == 27
    assert _count(ana.get("/sources?grade=ungraded&kind=report").text, "source-count") == 28
    words = ana.get("/sources", params={"q": "convoy burned"})
    assert _count(words.text, "source-count") == 1
    bad = ana.get("/sources?grade=Z")
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]


def test_the_events_page_lists_and_filters_events(engine: Engine) -> None:
    ana = _client(engine)
    page = ana.get("/events")
    assert page.status_code == 200 and _count(page.text, "event-list-count") >= 3
    convoy = ana.get("/events", params={"q": "convoy unloading"})
    assert _count(convoy.text, "event-list-count") == 1
    none = ana.get("/events", params={"q": "zeppelin"})
    assert "No events match these filters." in none.text
    assert ana.get("/events?since=22/09/2016").status_code == 422


def test_the_api_page_lists_operations_and_needs_no_cdn(engine: Engine) -> None:
    page = _client(engine, None).get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'href="/openapi.json"' in page.text and "/api/v1/candidates/{candidate_id}" in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from elsewhere


def test_the_favicon_is_our_own_svg(engine: Engine) -> None:
    icon = _client(engine, None).get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.text.startswith("<svg")
    assert '<link rel="icon" href="/static/favicon.svg"' in _client(engine).get("/").text


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/no-such-page", 404), ("get", "/events/999999", 404), ("get", "/events/abc", 422),
     ("get", "/review/add", 405), ("get", "/sources/abc", 422)],
)  # fmt: skip
def test_browser_routes_answer_html_error_pages(
    engine: Engine, method: str, path: str, status: int
) -> None:
    answer = getattr(_client(engine), method)(path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert f'data-status="{status}"' in answer.text and 'class="bar"' in answer.text  # the layout


def test_an_anonymous_visitor_is_sent_to_sign_in_while_the_api_keeps_json(engine: Engine) -> None:
    anonymous = _client(engine, None)
    page = anonymous.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    api = anonymous.get("/api/v1/events")
    assert api.status_code == 401 and api.json()["error"]["code"] == "unauthorized"
    missing = _client(engine).get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not-found"


def test_an_unexpected_failure_on_a_page_is_an_html_500(engine: Engine) -> None:
    app = create_app(engine=engine)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500 and "text/html" in answer.headers["content-type"]
    assert "a bug" not in answer.text and "Something went wrong on our side" in answer.text
    assert "Content-Security-Policy" in answer.headers
