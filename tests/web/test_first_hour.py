"""A newcomer's first hour in Debian's chromium: add a report that has no date, date it in
review, accept it, find the event on the map by its words, open its incident page, and verify
a sentence of the report; and the map's filters, empty answers and chart axes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import Browsing, screenshot, sign_in

pytestmark = pytest.mark.browser

QUOTE = "The silo fed the whole district and now it is gone"
REPORT = (
    "Mortar rounds struck the grain silo in Talbiseh, killing two farm workers. "
    f"“{QUOTE},” the Syrian Arab Red Crescent said in a statement."
)


def _counted(page: Any) -> int:
    """The markers drawn once the map has its answer (data-count is reset before asking)."""
    page.wait_for_function(
        "() => { const o = document.getElementById('event-count');"
        " return o.dataset.count !== '' && o.getAttribute('aria-busy') !== 'true'; }"
    )
    return int(page.get_attribute("#event-count", "data-count"))


def _apply(page: Any, words: str) -> int:
    page.evaluate("() => { document.getElementById('event-count').dataset.count = ''; }")
    page.fill("#filters input[name=q]", words)
    page.click("#filters button[type=submit]")
    return _counted(page)


def _card(page: Any, kind: str) -> Any:
    return page.locator(".candidate", has=page.locator(f"h2 .tag:text-is('{kind}')")).first


def test_the_first_hour_from_an_undated_report_to_a_verified_sentence(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana", next_path="/review")
    page.click("#add-report summary")
    page.fill("#add-report textarea[name=text]", REPORT)
    page.fill("#add-report input[name=title]", "Silo hit in Talbiseh")
    page.click("#add-report button[type=submit]")
    # No date in the form or the text: the page asks for one instead of storing a dead end.
    page.locator("#needs-published").wait_for()
    assert page.input_value("#add-report textarea[name=text]") == REPORT
    screenshot(page, "first-hour-1-report-has-no-date")
    page.check("#add-report input[name=undated]")
    page.click("#add-report button[type=submit]")
    page.wait_for_url(lambda url: "added=" in url)
    source = re.search(r"added=(\d+)", page.url).group(1)
    assert page.locator(".candidate").count() == int(
        page.get_attribute("#review-count", "data-count")
    )
    cards = page.locator(".candidate")
    assert {cards.nth(i).locator("a").first.get_attribute("href")
            for i in range(cards.count())} == {f"/sources/{source}"}  # fmt: skip

    event = _card(page, "event")
    assert "Needs a date" in event.text_content()
    assert event.locator("button.accept").count() == 0  # no Accept that would fail
    event.locator(".needs-date input[name=date]").fill("2016-09-25")
    screenshot(page, "first-hour-2-needs-a-date")
    event.locator(".needs-date button[type=submit]").click()
    page.wait_for_load_state()
    event = _card(page, "event")
    assert "dated 2016-09-25" in event.text_content()
    event.locator("button.accept").click()
    page.wait_for_load_state()

    statement = _card(page, "statement")  # the quote: dated through its edit form, then accepted
    statement.locator("details.edit summary").click()
    statement.locator(".edit-form input[name=date]").fill("2016-09-25")
    statement.locator(".edit-form button[type=submit]").click()
    page.wait_for_load_state()
    _card(page, "statement").locator("button.accept").click()
    page.wait_for_load_state()
    page.goto(f"/review?status=accepted&report={source}")
    assert page.locator(".candidate").count() == 2
    incident = page.locator(".candidate a[href^='/events/']").get_attribute("href")

    page.goto("/")
    _counted(page)
    assert _apply(page, "grain silo") == 1
    screenshot(page, "first-hour-3-map-words")
    page.click("path.event-marker")
    page.click(".leaflet-popup a:text('open the incident')")
    page.wait_for_url(lambda url: urlsplit(url).path == incident)
    assert "Tallbīsah" in page.text_content("main") or "Talbiseh" in page.text_content("main")
    screenshot(page, "first-hour-4-incident")
    page.click(f"#sources a[href='/sources/{source}']")
    page.wait_for_url(lambda url: urlsplit(url).path == f"/sources/{source}")
    assert QUOTE in page.text_content("main")

    page.click("a[href='/verify']")
    page.fill("textarea[name=words]", QUOTE + ".")
    page.fill("input[name=speaker]", "Syrian Arab Red Crescent")
    page.fill("input[name=around]", "2016-09-25")
    page.check("input[name=lexical]")
    page.click("#verify-form button[type=submit]")
    page.locator("#verdict").wait_for()
    assert page.get_attribute("#verdict [data-verdict]", "data-verdict") == "supported"
    assert QUOTE in page.text_content("#verdict")
    screenshot(page, "first-hour-5-verified")


def test_the_map_zooms_to_word_matches_keeps_them_and_says_when_none_match(
    browsing: Browsing,
) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana")
    everything = _counted(page)
    start = page.evaluate("() => window.TruceMap.getZoom()")
    assert _apply(page, "convoy unloading") == 1
    zoomed = page.evaluate("() => window.TruceMap.getZoom()")
    assert zoomed > start  # the map went to the match
    page.click(".leaflet-control-zoom-out")
    # The count is busy from the zoom's start until the answer for the new view is drawn.
    page.wait_for_function(
        "z => window.TruceMap.getZoom() < z &&"
        " document.getElementById('event-count').getAttribute('aria-busy') !== 'true'",
        arg=zoomed,
    )
    assert int(page.get_attribute("#event-count", "data-count")) == 1  # the filter stays
    assert _apply(page, "zeppelin hangar") == 0
    assert "No events match" in page.text_content("#event-count")
    assert page.text_content("#events-timeline") == "No events match."
    screenshot(page, "map-no-match")
    assert _apply(page, "") == everything  # words cleared: every event again


def test_words_applied_while_the_map_moves_still_take_it_to_the_matches(
    browsing: Browsing,
) -> None:
    """A move that ends while new words are being looked up (a slow answer, a pan or zoom
    still under way) must not drop the look-up: the map still goes to what the words match."""
    page = browsing.context.new_page()
    sign_in(page, "ana")
    everything = _counted(page)
    assert _apply(page, "convoy unloading") == 1  # the map is now close on one event
    held: list[Any] = []
    lookups = re.compile(r"/api/v1/events\?(?!.*bbox=)")  # the whole answer, not a view's

    def hold(route: Any) -> None:  # the look-up waits, as on a slow link
        held.append(route)

    page.route(lookups, hold)
    page.evaluate("() => { document.getElementById('event-count').dataset.count = ''; }")
    page.fill("#filters input[name=q]", "")
    with page.expect_request(lookups):
        page.click("#filters button[type=submit]")
    page.evaluate("() => { window.TruceMap.panBy([40, 0], { animate: false }); }")  # moved
    page.wait_for_timeout(200)
    for route in list(held):
        route.continue_()
    page.unroute(lookups)
    assert _counted(page) == everything  # words cleared: the map went back to every event


def test_count_charts_label_their_axes_with_whole_numbers(browsing: Browsing) -> None:
    page = browsing.context.new_page()
    sign_in(page, "ana")
    _counted(page)
    labels = page.eval_on_selector_all(
        ".svg-chart svg text", "nodes => nodes.map(n => n.textContent)"
    )
    numbers = [t for t in labels if re.fullmatch(r"[\d.,]+", t)]
    assert numbers and all(re.fullmatch(r"\d[\d,]*", t) for t in numbers), numbers
