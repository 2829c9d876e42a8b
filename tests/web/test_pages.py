"""The pages over HTTP, no browser: sign-in redirects, roles, 404 for hidden records, review."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from web_seed import PASSWORD, Seeded, seed

from truce.config import sqlite_url
from truce.server.app import create_app
from truce.store.db import open_store, transaction
from truce.store.models import AuditEntry, Candidate, Event, Source

PAGES = ("/", "/agreements", "/statements", "/verify", "/review", "/report", "/events/1",
         "/agreements/1")  # fmt: skip


@dataclass
class Site:
    engine: Engine
    seeded: Seeded

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(create_app(engine=self.engine), follow_redirects=False)
        if username is not None:
            answer = client.post(
                "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]  # as the pages' forms do
        return client


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    engine = open_store(sqlite_url(tmp_path_factory.mktemp("pages") / "truce.sqlite"))
    yield Site(engine, seed(engine))
    engine.dispose()


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_and_back(site: Site, path: str) -> None:
    answer = site.client().get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    assert answer.headers["location"].endswith(path.replace("/", "%2F"))


def test_the_login_page_only_sends_users_on_to_this_site(site: Site) -> None:
    page = site.client().get("/login", params={"next": "//elsewhere.example/"})
    assert page.status_code == 200
    assert 'data-next="/"' in page.text
    signed_in = site.client("ana").get("/login", params={"next": "/agreements"})
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/agreements")


@pytest.mark.parametrize(
    ("username", "restricted_event", "restricted_agreement", "shared_agreement", "review"),
    [("root", 200, 200, 200, 200), ("ana", 200, 200, 200, 200), ("mona", 200, 200, 200, 403),
     ("lia", 404, 404, 200, 403), ("vic", 404, 404, 404, 403)],
)  # fmt: skip
def test_each_role_sees_what_it_may(
    site: Site, username: str, restricted_event: int, restricted_agreement: int,
    shared_agreement: int, review: int,
) -> None:  # fmt: skip
    client, s = site.client(username), site.seeded
    assert client.get(f"/events/{s.restricted_event}").status_code == restricted_event
    assert client.get(f"/agreements/{s.restricted_agreement}").status_code == restricted_agreement
    assert client.get(f"/agreements/{s.shared_agreement}").status_code == shared_agreement
    assert client.get("/review").status_code == review
    listing = client.get("/agreements").text
    assert ("Joint centre working terms" in listing) == (restricted_agreement == 200)
    assert ("Air operations annex" in listing) == (shared_agreement == 200)
    convoy = client.get(f"/events/{s.convoy_event}")
    assert convoy.status_code == 200
    assert "Also spelled" in convoy.text and "Orem al-Kubra, Urem al-Kubra" in convoy.text


def test_a_missing_record_is_a_404_page(site: Site) -> None:
    page = site.client("ana").get("/events/999999")
    assert page.status_code == 404
    assert 'data-error-code="not-found"' in page.text


def test_a_viewer_cannot_decide_on_a_candidate(site: Site) -> None:
    answer = site.client("vic").post(f"/review/{site.seeded.second_candidate}/accept")
    assert answer.status_code == 403
    with transaction(site.engine) as session:
        assert session.get(Candidate, site.seeded.second_candidate).status == "pending"


def test_an_analyst_rejects_a_candidate_with_a_note(site: Site) -> None:
    client = site.client("ana")
    wanted = site.seeded.second_candidate
    answer = client.post(f"/review/{wanted}/reject", data={"note": "not a figure we keep"})
    assert answer.status_code == 303
    with transaction(site.engine) as session:
        candidate = session.scalars(select(Candidate).where(Candidate.id == wanted)).one()
        assert (candidate.status, candidate.review_note) == ("rejected", "not a figure we keep")
    again = client.post(f"/review/{wanted}/accept")
    assert again.status_code == 409  # already decided


@pytest.mark.parametrize(
    ("path", "status"), [("/review/1/maybe", 422), ("/review?status=whatever", 422)]
)
def test_bad_review_requests_say_what_is_valid(site: Site, path: str, status: int) -> None:
    client = site.client("ana")
    page = client.post(path) if "maybe" in path else client.get(path)
    assert page.status_code == status
    assert "use" in page.text


def test_agreement_filters_and_rate_on_the_page(site: Site) -> None:
    page = site.client("ana").get("/agreements", params={"scope": "local"})
    assert 'data-count="6"' in page.text
    assert "6 since 27 Feb 2016" in page.text


@pytest.mark.parametrize(
    ("words", "speaker", "verdict"),
    [("aircraft should stay grounded over the key areas", "US Secretary of State", "supported"),
     ("aircraft should stay grounded over the key areas", "UN envoy", "no record"),
     ("the convoy was never notified to anyone", "US Secretary of State", "no record")],
)  # fmt: skip
def test_the_verify_form_gives_a_verdict_with_the_closest_words(
    site: Site, words: str, speaker: str, verdict: str
) -> None:
    form = {"words": words, "speaker": speaker, "around": "2016-09-21", "days": "3",
            "lexical": "true"}  # fmt: skip
    page = site.client("vic").post("/verify", data=form)
    assert page.status_code == 200
    assert f'data-verdict="{verdict}"' in page.text
    if verdict == "supported":
        assert "All aircraft should stay grounded" in page.text


def test_the_verify_page_says_when_word_overlap_stands_in_for_the_model(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truce.analyze.verify import model as verify_model
    from truce.errors import MissingDependency

    def absent() -> None:
        raise MissingDependency(verify_model.INSTALL_HINT)

    monkeypatch.setattr(verify_model, "load_model", absent)
    form = {"words": "aircraft should stay grounded over the key areas",
            "speaker": "US Secretary of State", "around": "2016-09-21", "days": "3"}  # fmt: skip
    page = site.client("vic").post("/verify", data=form)
    assert page.status_code == 200
    assert 'id="verify-fallback"' in page.text and "truce[verify]" in page.text
    asked = site.client("vic").post("/verify", data={**form, "lexical": "true"})
    assert 'id="verify-fallback"' not in asked.text


def test_the_verify_form_names_a_bad_date(site: Site) -> None:
    form = {"words": "something", "speaker": "UN envoy", "around": "21/09/2016", "lexical": "true"}
    page = site.client("vic").post("/verify", data=form)
    assert page.status_code == 422
    assert "YYYY-MM-DD" in page.text


def test_an_analyst_adds_a_web_page_to_the_review_queue(site: Site) -> None:
    client = site.client("ana")
    page = (
        "<html><head><title>Barrel bombs on Daraya</title>"
        '<meta name="date" content="2016-08-21"></head><body><nav>Menu</nav><article>'
        "<p>Government helicopters dropped barrel bombs on Daraya yesterday, killing at least "
        "six civilians, local activists said.</p></article></body></html>"
    )
    files = {"page": ("daraya.html", page.encode("utf-8"), "text/html")}
    answer = client.post("/review/add", data={"text": ""}, files=files)
    assert answer.status_code == 303
    shown = client.get(answer.headers["location"])
    assert "Report stored as source" in shown.text
    with transaction(site.engine) as session:
        source = session.scalars(
            select(Source).where(Source.title == "Barrel bombs on Daraya")
        ).one()
        assert source.published is not None and source.published.isoformat() == "2016-08-21"
        assert source.text is not None and "Menu" not in source.text
        found = session.scalars(select(Candidate).where(Candidate.source_id == source.id)).all()
        assert any(c.kind == "event" for c in found)
        assert all(c.made_on is not None and c.made_on.isoformat() == "2016-08-21" for c in found)
    again = client.post("/review/add", data={"text": ""}, files=files)
    assert "already stored" in client.get(again.headers["location"]).text


def test_adding_a_report_needs_text_a_date_and_the_right_role(site: Site) -> None:
    ana = site.client("ana")
    empty = ana.post("/review/add", data={"text": "  "})
    assert empty.status_code == 422 and "give the report" in empty.text
    dated = ana.post("/review/add", data={"text": "Shelling in Daraa.", "published": "21/08/2016"})
    assert dated.status_code == 422 and "YYYY-MM-DD" in dated.text
    script = ana.post("/review/add", data={"text": "<script>x()</script>", "kind": "html"})
    assert script.status_code == 422 and "no readable text" in script.text
    viewer = site.client("vic").post("/review/add", data={"text": "Shelling in Daraa."})
    assert viewer.status_code == 403


def test_the_daily_report_page_shows_the_latest_day_and_its_downloads(site: Site) -> None:
    page = site.client("vic").get("/report")
    assert page.status_code == 200
    assert 'id="report-body"' in page.text and "<iframe" not in page.text  # shown whole, inline
    assert "Daily report: Thursday 22 September 2016" in page.text
    assert page.text.index("<h2>Events") < page.text.index("<h2>Statements")
    assert "date=2016-09-22&amp;format=pdf" in page.text
    chosen = site.client("vic").get("/report", params={"date": "2016-09-19"})
    assert 'value="2016-09-19"' in chosen.text
    bad = site.client("vic").get("/report", params={"date": "19/09/2016"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text


def _source_id(site: Site, title: str) -> int:
    with transaction(site.engine) as session:
        return session.scalars(select(Source.id).where(Source.title == title)).one()


def test_a_source_page_shows_its_grade_and_what_rests_on_it(site: Site) -> None:
    wanted = _source_id(site, "Statement on the Aleppo convoy")
    page = site.client("vic").get(f"/sources/{wanted}")
    assert page.status_code == 200
    assert 'data-reliability="B"' in page.text
    assert f'href="/events/{site.seeded.convoy_event}"' in page.text  # the convoy rests on it
    assert 'data-kind="claim"' in page.text
    assert "Save the grade" not in page.text  # a viewer reads, does not grade
    incident = site.client("vic").get(f"/events/{site.seeded.convoy_event}")
    assert f'href="/sources/{wanted}"' in incident.text


def test_an_analyst_grades_a_source_and_the_change_is_audited(site: Site) -> None:
    wanted = _source_id(site, "Convoy burned west of Aleppo")
    client = site.client("ana")
    page = client.get(f"/sources/{wanted}")
    assert "Save the grade" in page.text and "Aid trucks" in page.text  # the text itself
    with transaction(site.engine) as session:
        version = session.get(Source, wanted).version
    saved = client.post(f"/sources/{wanted}/grade", data={"reliability": "c", "version": version})
    assert saved.status_code == 303
    assert 'data-reliability="C"' in client.get(f"/sources/{wanted}").text
    stale = client.post(f"/sources/{wanted}/grade", data={"reliability": "A", "version": version})
    assert stale.status_code == 409  # someone graded it since the form was read
    bad = client.post(f"/sources/{wanted}/grade", data={"reliability": "Z"})
    assert bad.status_code == 422 and "A, B, C, D, E, F" in bad.text
    refused = site.client("vic").post(f"/sources/{wanted}/grade", data={"reliability": "A"})
    assert refused.status_code == 403
    with transaction(site.engine) as session:
        assert session.get(Source, wanted).reliability == "C"
        audited = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_kind == "sources", AuditEntry.record_id == str(wanted)
            )
        ).all()
        assert any(e.action == "update" and "ana" in e.actor for e in audited)


def test_the_incident_page_names_the_zone_and_the_notified_route_an_event_touched(
    site: Site,
) -> None:
    client = site.client("ana")
    convoy = client.get(f"/events/{site.seeded.convoy_event}").text
    assert 'id="deconfliction-alerts"' in convoy
    assert "Aid convoy to western Aleppo countryside" in convoy
    assert "not protection" in convoy  # the caveat goes with every alert
    with transaction(site.engine) as session:
        strike = session.scalars(
            select(Event.id).where(Event.event_date == date(2016, 9, 22))
        ).one()
    page = client.get(f"/events/{strike}").text
    assert 'id="zone-hits"' in page and "Restricted air area around Aleppo" in page
    assert "On no notified site or movement." in page
