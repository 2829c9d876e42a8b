"""Saved news pages with their furniture (nav, ads, comments, related links) read as reports.

The pages and their gold are ours (tests/data/html/news); the scores are those of
docs/libraries.md, held a little under the measured figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truce.extract.html import read_html
from truce.extract.pagescore import READERS, score

NEWS = Path(__file__).parents[1] / "data" / "html" / "news"
GOLD = {k: v for k, v in json.loads((NEWS / "gold.json").read_text()).items() if k[0] != "_"}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_paragraph_of_the_article_is_read_whole(name: str) -> None:
    paragraphs = read_html((NEWS / name).read_text(encoding="utf-8")).text.split("\n\n")
    stripped = [p.strip() for p in paragraphs]
    for line in GOLD[name]["gold"]:
        assert line in stripped


@pytest.mark.parametrize(
    "name", ["wire-truce-talks.html", "ministry-statement.html", "monitor-report.html"]
)
def test_comments_ads_and_related_links_in_plain_divs_are_left_out(name: str) -> None:
    text = read_html((NEWS / name).read_text(encoding="utf-8")).text
    assert [snippet for snippet in GOLD[name]["noise"] if snippet in text] == []


def test_the_reader_beats_the_markup_alone_on_our_pages() -> None:
    ours = score(READERS["truce (both agree)"], NEWS)
    walker = score(READERS["markup only (the old walker)"], NEWS)
    assert ours.recall == 1.0 and ours.f1 >= 0.95 and walker.f1 < 0.9
    assert ours.leaked <= 10 < walker.leaked
    assert ours.metadata >= 17 > walker.metadata


def test_no_date_is_guessed_from_a_copyright_line() -> None:
    page = read_html(
        "<html><body><article><p>Shelling was reported in the north of the province on Monday,"
        " residents said, and several houses were damaged.</p></article>"
        "<footer>© 2017 Example News</footer></body></html>"
    )
    assert page.published is None
