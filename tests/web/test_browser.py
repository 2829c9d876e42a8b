"""The web interface in Debian's chromium: sign in, map filters, incident, review, access, phone."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import Browsing, LiveServer, open_context, screenshot, sign_in
from sqlalchemy import select

from truce.store.db import transaction
from truce.store.models import Candidate

pytestmark = pytest.mark.browser


def marker_count(page: Any) -> int:
    """Events drawn on the map, once the page has finished asking the API for them."""
    page.wait_for_function(
        "() => { const o = document.getElementById('event-count');"
        " return o && o.dataset.count !== '' && o.getAttribute('aria-busy') !== 'true'; }"
    )
    shown = int(page.get_attribute("#event-count", "data-count"))
    assert page.locator("path.event-marker").count() == shown
    return shown


def apply_filters(page: Any, **values: str) -> int:
    before = page.text_content("#event-count")
    for name, value in values.items():
        if name == "type":
            page.select_option("#filters select[name=type]", value)
        else:
            page.fill(f"#filters input[name={name}]", value)
    page.evaluate("() => { document.getElementById('event-count').dataset.count = ''; }")
    page.click("#filters button[type=submit]")
    del before
    return marker_count(page)


def test_anonymous_visitor_is_sent_to_login_and_back(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    page.goto("/agreements")
    assert urlsplit(page.url).path == "/login"
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "not the password")
    page.click("form#login button[type=submit]")
    page.locator("#login .error").wait_for(state="visible")
    screenshot(page, "login-error")
    sign_in(page, "ana", next_path="/agreements")
    assert page.locator("#agreements-table").is_visible()
    page.click("[data-logout]")
    page.wait_for_url(lambda url: urlsplit(url).path == "/login")
    page.goto("/")
    assert urlsplit(page.url).path == "/login"


def test_map_filters_change_the_markers_shown(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    sign_in(page, "ana")
    everything = marker_count(page)
    assert "/api/v1/map/events" in asked  # box and window: the spatial-index query
    screenshot(page, "dashboard")
    assert everything >= 3
    assert page.locator(".svg-chart svg").count() == 3  # two charts and the timeline
    battles = apply_filters(page, type="Battles")
    assert 0 < battles < everything
    assert asked[-1] == "/api/v1/events"  # a type filter: the records list
    convoy = apply_filters(page, type="", q="convoy unloading")
    assert convoy == 1  # the words of the convoy strike's notes, through the full-text index
    assert asked[-1] == "/api/v1/events"
    one_day = apply_filters(page, q="", since="2016-09-22", until="2016-09-22")
    assert one_day == 1
    screenshot(page, "dashboard-filtered")
    page.click("#events-list summary")
    page.click("#events-list tbody a")
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/events/"))
    assert "Aleppo" in page.text_content("h1")


def test_choosing_a_bar_of_the_timeline_narrows_the_window(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana")
    everything = marker_count(page)
    bars = page.locator("#events-timeline rect.pickable")
    heights = [bars.nth(i).get_attribute("aria-label") or "" for i in range(bars.count())]
    counted = sum(int(label.rsplit(": ", 1)[1].split()[0]) for label in heights)
    assert counted == everything  # every event in view sits in one bar
    busiest = max(range(len(heights)), key=lambda i: int(heights[i].rsplit(": ", 1)[1].split()[0]))
    wanted = int(heights[busiest].rsplit(": ", 1)[1].split()[0])
    day = bars.nth(busiest).get_attribute("data-day")
    page.evaluate("() => { document.getElementById('event-count').dataset.count = ''; }")
    bars.nth(busiest).click()
    assert marker_count(page) == wanted < everything
    assert page.input_value("#filters input[name=since]") == day
    screenshot(page, "dashboard-timeline")


def test_the_events_on_the_map_download_as_an_acled_csv(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana")
    marker_count(page)
    shown = apply_filters(page, since="2016-09-19", until="2016-09-19")
    link = page.locator("#map-downloads a[data-export=acled]")
    assert "since=2016-09-19" in (link.get_attribute("href") or "")
    with page.expect_download() as download:
        link.click()
    saved = download.value.path()
    with open(saved, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == shown
    assert {r["event_date"] for r in rows} == {"2016-09-19"}


def test_incident_page_shows_claims_matrix_and_violations(
    browsing: Browsing, live_server: LiveServer
) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana", next_path=f"/events/{live_server.seeded.convoy_event}")
    assert page.locator("#claims li.claim").count() == 5
    assert page.locator("#ach-matrix").is_visible()
    assert "air strike" in page.text_content("#ach-matrix thead")
    assert "Cessation of hostilities" in page.text_content("#violations")
    screenshot(page, "incident")
    page.fill("#nearby input[name=km]", "30")
    page.fill("#nearby input[name=hours]", "48")
    page.click("#nearby button[type=submit]")
    page.wait_for_url(lambda url: "km=30" in url)
    assert "Ramouseh" in page.text_content("#nearby table")
    page.select_option("#assessment select[name=attribute]", "perpetrator")
    page.wait_for_url(lambda url: "attribute=perpetrator" in url)
    assert "Russian aircraft" in page.text_content("#ach-matrix")


def test_accepting_a_candidate_changes_its_status_in_the_store(
    browsing: Browsing, live_server: LiveServer
) -> None:
    wanted = live_server.seeded.candidate
    page = browsing.context.new_page()
    sign_in(page, "ana", next_path="/review")
    card = page.locator(f"#candidate-{wanted}")
    assert card.locator("mark").text_content().startswith("Aid trucks")
    screenshot(page, "review")
    card.locator("button.accept").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/review")
    assert page.locator(f"#candidate-{wanted}").count() == 0
    with transaction(live_server.engine) as session:
        candidate = session.scalars(select(Candidate).where(Candidate.id == wanted)).one()
        assert (candidate.status, candidate.record_kind) == ("accepted", "events")
        assert candidate.reviewed_by is not None and "ana" in candidate.reviewed_by
    page.goto("/review?status=accepted")
    assert page.locator(f"#candidate-{wanted}").count() == 1


def test_a_pasted_report_joins_the_review_queue(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana", next_path="/review")
    before = int(page.get_attribute("#review-count", "data-count"))
    page.click("#add-report summary")
    page.fill(
        "#add-report textarea[name=text]",
        "Rebel fighters shelled the Ramouseh district of Aleppo on Friday, the army said.",
    )
    page.fill("#add-report input[name=published]", "2016-09-24")
    page.fill("#add-report input[name=title]", "Army statement on Ramouseh")
    screenshot(page, "review-add-report")
    page.click("#add-report button[type=submit]")
    page.wait_for_url(lambda url: "added=" in url)
    assert "Report stored as source" in page.text_content("#report-stored")
    found = int(parse_qs(urlsplit(page.url).query)["found"][0])
    assert int(page.get_attribute("#review-count", "data-count")) == found > 0  # just this report's
    assert page.locator("text=Army statement on Ramouseh").count() > 0
    page.goto("/review")
    assert int(page.get_attribute("#review-count", "data-count")) == before + found


def test_a_liaison_cannot_see_a_restricted_record(
    browsing: Browsing, live_server: LiveServer
) -> None:
    seeded = live_server.seeded
    page = browsing.context.new_page()
    sign_in(page, "lia", next_path="/agreements")
    table = page.text_content("#agreements-table")
    assert "Air operations annex" in table  # restricted, shared with the liaison's party
    assert "Joint centre working terms" not in table  # restricted, not shared
    for path in (
        f"/agreements/{seeded.restricted_agreement}",
        f"/events/{seeded.restricted_event}",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
    screenshot(page, "liaison-not-found")
    assert page.goto(f"/agreements/{seeded.shared_agreement}").status == 200
    assert page.locator("a[href='/review']").count() == 0
    assert page.goto("/review").status == 403


def test_the_liaison_map_leaves_out_the_restricted_event(
    browser: Any, browsing: Browsing, live_server: LiveServer
) -> None:
    analyst = browsing.context.new_page()
    sign_in(analyst, "ana")
    liaison_context = open_context(browser, live_server)
    try:
        page = liaison_context.context.new_page()
        sign_in(page, "lia")
        assert marker_count(page) == marker_count(analyst) - 1
        listed = page.request.get("/api/v1/events?limit=1000").json()["data"]
        assert live_server.seeded.restricted_event not in {e["id"] for e in listed}
    finally:
        liaison_context.context.close()
    assert liaison_context.blocked == []


def test_the_pages_work_at_a_phone_viewport(browser: Any, live_server: LiveServer) -> None:
    browsing = open_context(browser, live_server, viewport={"width": 375, "height": 812},
                            is_mobile=True, has_touch=True)  # fmt: skip
    try:
        page = browsing.context.new_page()
        sign_in(page, "ana")
        assert not page.locator("#nav").is_visible()
        map_box = page.locator("#map").bounding_box()
        assert map_box is not None and map_box["width"] >= 340
        screenshot(page, "phone-dashboard")
        page.click(".nav-toggle")
        assert page.locator("#nav").is_visible()
        screenshot(page, "phone-nav-open")
        page.click("#nav a[href='/agreements']")
        page.wait_for_url(lambda url: urlsplit(url).path == "/agreements")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, "the page itself must not scroll sideways; tables scroll inside"
        screenshot(page, "phone-agreements")
    finally:
        browsing.context.close()
    assert browsing.blocked == []


def test_every_page_loads_without_leaving_localhost(
    browsing: Browsing, live_server: LiveServer
) -> None:
    seeded = live_server.seeded
    page = browsing.context.new_page()
    loaded: list[str] = []
    page.on("response", lambda r: loaded.append(urlsplit(r.url).path) if r.ok else None)
    sign_in(page, "root")
    marker_count(page)
    pages = (f"/events/{seeded.coalition_strike}", "/agreements", f"/agreements/{seeded.ceasefire}",
             "/statements?q=aircraft", "/verify", "/review", "/report")  # fmt: skip
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.ok, path
    page.goto(f"/events/{seeded.convoy_event}")
    page.click("#sources a")
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/sources/"))
    assert page.locator("#citations li").count() > 0
    screenshot(page, "source")
    assert "/static/vendor/leaflet/leaflet.js" in loaded
    assert "/static/vendor/countries.geojson" in loaded, "run `make web-assets` first"
    assert browsing.blocked == []
    assert [url for url in browsing.failed if "127.0.0.1" not in url] == []


def test_the_daily_report_page_shows_the_report_of_the_chosen_day(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana", next_path="/report")
    page.fill("#report-form input[name=date]", "2016-09-19")
    page.click("#report-form button[type=submit]")
    page.wait_for_url(lambda url: "date=2016-09-19" in url)
    report = page.locator("#report-body")
    assert "19 September 2016" in (report.locator("h1").text_content() or "")
    assert "Urum al-Kubra" in (report.text_content() or "")
    # The whole report is on the page: its last section lies inside the page, nothing clipped.
    last = report.locator("h2").last
    assert (last.text_content() or "").startswith("Statements")
    assert last.is_visible() and page.locator("iframe").count() == 0
    screenshot(page, "daily-report")
    with page.expect_download() as download:
        page.click("#report-downloads a:text('PDF')")
    assert download.value.suggested_filename == "truce-daily-2016-09-19.pdf"


def test_statement_search_and_verify_with_the_embedding_model(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "vic", next_path="/statements")
    page.fill("input[name=q]", "grounded")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url(lambda url: "q=grounded" in url)
    assert page.get_attribute("#statement-count", "data-count") == "1"
    page.click("a[href='/verify']")
    page.fill("textarea[name=words]", "Aircraft must be kept on the ground over the key areas.")
    page.fill("input[name=speaker]", "US Secretary of State")
    page.fill("input[name=around]", "2016-09-21")
    with page.expect_navigation(timeout=180_000):  # the model loads on first use
        page.click("#verify-form button[type=submit]", timeout=180_000)
    assert page.get_attribute("#verdict [data-verdict]", "data-verdict") == "supported"
    assert "embeddings" in page.text_content("#verdict")
    screenshot(page, "verify")
