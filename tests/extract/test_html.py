"""A saved web page read as a report: the article's paragraphs, its title, date and address."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from truce.cli import app
from truce.extract.html import read_html
from truce.store.db import transaction
from truce.store.models import Source

PAGE = Path(__file__).parents[1] / "data" / "html" / "convoy-page.html"
runner = CliRunner()


def test_a_page_is_reduced_to_its_articles_paragraphs() -> None:
    page = read_html(PAGE.read_text(encoding="utf-8"))
    paragraphs = page.text.strip().split("\n\n")
    assert paragraphs[0] == "Aid convoy hit west of Aleppo"
    assert (
        "An aid convoy was struck yesterday evening in Urum al-Kubra, west of Aleppo, while its "
        "trucks were unloading at a warehouse of the Syrian Arab Red Crescent."
    ) in paragraphs
    assert (
        "Rescue workers said at least 20 people were killed, most of them drivers and volunteers."
        in paragraphs
    )
    assert "18 of the 31 trucks were destroyed" in paragraphs
    assert "By our correspondent · 20 September" in paragraphs  # character references decoded
    for noise in ("tracking", "color", "Subscribe", "unrelated", "newsletter", "rights reserved"):
        assert noise not in page.text
    assert "Example Monitor" not in page.text  # the site header is outside the article


def test_the_page_states_its_title_date_and_address() -> None:
    page = read_html(PAGE.read_text(encoding="utf-8"))
    assert page.title == "Aid convoy hit west of Aleppo"
    assert page.published == date(2016, 9, 20)
    assert page.url == "https://monitor.example/2016/09/20/convoy"


def test_a_page_without_article_or_metadata_gives_its_body_and_falls_back() -> None:
    page = read_html(
        "<html><head><title> Statement  of the ministry </title></head><body>"
        "<div>First paragraph<br>second line</div><p>Dated <time datetime='2016-09-21T10:00'>"
        "today</time>.</p><script>x()</script></body></html>"
    )
    assert page.text == "First paragraph\n\nsecond line\n\nDated today.\n"
    assert page.title == "Statement of the ministry"
    assert page.published == date(2016, 9, 21)
    assert page.url is None


def test_a_fragment_and_broken_markup_still_read() -> None:
    page = read_html("<p>One <b>bold</p><p>Two</i> words<p>Three &amp; four")
    assert page.text.split("\n\n") == ["One bold", "Two words", "Three & four\n"]
    assert page.title is None and page.published is None
    assert read_html("<meta name='date' content='not a date'>").published is None


def test_extract_reads_a_page_dated_by_its_metadata() -> None:
    result = runner.invoke(app, ["extract", str(PAGE)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["document"]["published"] == "2016-09-20"
    strikes = [e for e in doc["events"] if "Urum" in json.dumps(e.get("place"))]
    assert strikes and strikes[0]["date"]["start"] == "2016-09-19"  # "yesterday evening"
    assert "tracking" not in json.dumps(doc)


def test_ingest_keeps_the_pages_title_date_and_address(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    first = runner.invoke(app, ["--db", str(db), "ingest", str(PAGE)])
    assert first.exit_code == 0, first.output
    assert "stored" in first.output and "already" not in first.output
    again = runner.invoke(app, ["--db", str(db), "ingest", str(PAGE)])
    assert again.exit_code == 0 and "already stored" in again.output
    with transaction(create_engine(f"sqlite:///{db}")) as session:
        source = session.scalars(select(Source)).one()
        assert source.title == "Aid convoy hit west of Aleppo"
        assert source.url == "https://monitor.example/2016/09/20/convoy"
        assert source.published == date(2016, 9, 20)
        assert source.text is not None and source.text.startswith("Aid convoy hit")


def test_a_folder_of_pages_and_texts_is_ingested_and_an_empty_page_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # short paths, so the error panel shows them whole
    folder = Path("reports")
    folder.mkdir()
    (folder / "a.htm").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text("Government forces shelled Daraa on Monday.\n", encoding="utf-8")
    db = ["--db", "t.sqlite"]
    result = runner.invoke(app, [*db, "ingest", str(folder), "--published", "2016-09-22"])
    assert result.exit_code == 0, result.output
    assert result.output.count("stored") == 2
    (folder / "c.html").write_text("<html><script>only()</script></html>", encoding="utf-8")
    refused = runner.invoke(app, [*db, "ingest", str(folder)])
    assert refused.exit_code == 2
    assert "reports/c.html: the page holds no readable text [empty-page]" in refused.output
    assert "stored" not in refused.output  # nothing written: every file is read first
