"""The place resolver scored on public geoparsing sets (accuracy within 161 km).

The sets live in ../shared/data/geoparsing (other people's data, never copied into the
repository); the scoring test skips when they are absent. Every article of every set is
scored (about four seconds for the four sets together), so no sampling is needed.
Run ``python -m truce.extract.geoscore ../shared/data/geoparsing`` to print the same table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.errors import InvalidInput
from truce.extract.geoscore import (
    haversine_km,
    read_set,
    score_articles,
    score_directory,
    table,
)

# Measured 2026-11-25: GeoVirus 63.0 %, LGL 54.2 %, TR-News 61.9 %, GeoWebNews 58.2 %.
FLOORS = {"GeoVirus": 0.61, "LGL": 0.52, "TR-News": 0.60, "GeoWebNews": 0.56}
COVERAGE_FLOORS = {"GeoVirus": 0.85, "LGL": 0.73, "TR-News": 0.82, "GeoWebNews": 0.71}


@pytest.fixture(scope="module")
def geoparsing(request: pytest.FixtureRequest) -> Path:
    directory = Path(__file__).resolve().parents[3] / "shared" / "data" / "geoparsing"
    if not (directory / "lgl.xml").exists():
        pytest.skip(f"public geoparsing sets not found in {directory}")
    return directory


def test_resolver_accuracy_at_161_km_stays_above_floors(geoparsing, gazetteer, tmp_path):
    scores = score_directory(geoparsing, gazetteer=gazetteer)
    rendered = table(scores)
    print("\n" + rendered)
    (tmp_path / "geoparsing.md").write_text(rendered + "\n", encoding="utf-8")
    assert {s.name for s in scores} == set(FLOORS)
    for s in scores:
        assert s.accuracy >= FLOORS[s.name], f"{s.name}: {s.accuracy:.1%} < {FLOORS[s.name]:.0%}"
        assert s.coverage >= COVERAGE_FLOORS[s.name], f"{s.name}: coverage {s.coverage:.1%}"


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((36.2, 37.16), (36.2, 37.16), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.2),
        ((33.51, 36.29), (36.2, 37.16), 309.0),  # Damascus to Aleppo
    ],
)
def test_haversine_gives_great_circle_kilometres(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=1.0)


LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text>Fighting near Aleppo. Talks resumed in Geneva and in Nowhereville.</text>
    <toponyms>
      <toponym><start>14</start><end>20</end><phrase>Aleppo</phrase>
        <gaztag geonameid="170063"><lat>36.20</lat><lon>37.16</lon></gaztag></toponym>
      <toponym><start>40</start><end>46</end><phrase>Geneva</phrase>
        <gaztag geonameid="2660646"><lat>40.0</lat><lon>-100.0</lon></gaztag></toponym>
      <toponym><start>54</start><end>66</end><phrase>Nowhereville</phrase>
        <gaztag geonameid="1"><lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>8</end><phrase>Fighting</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GEOVIRUS_LIKE = """<articles><article>
  <text>Cases rose in Aleppo.</text>
  <locations><location><name>Aleppo</name><start>15</start><end>21</end>
    <lat>36.2</lat><lon>37.16</lon></location></locations>
</article></articles>
"""

GWN_LIKE = """<articles><article file="0"><text>Crowds in Aleppo cheered the citizens.</text>
  <toponyms>
    <toponym><extractedName>Aleppo</extractedName><nonLocational>No</nonLocational>
      <start>10</start><end>16</end><latitude>36.2</latitude><longitude>37.16</longitude></toponym>
    <toponym><extractedName>citizens</extractedName><nonLocational>Yes</nonLocational>
      <start>29</start><end>37</end></toponym>
  </toponyms>
</article></articles>
"""


def test_a_set_is_read_in_any_of_the_layouts_and_scored(tmp_path, gazetteer):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_LIKE, encoding="utf-8")
    (article,) = read_set(lgl)
    assert [article.text[t.start : t.end] for t in article.toponyms] == [
        "Aleppo",
        "Geneva",
        "Nowhereville",
    ]  # a toponym without gold coordinates is left out
    result = score_articles("LGL", [article], gazetteer=gazetteer)
    assert (result.toponyms, result.resolved, result.within) == (3, 2, 1)
    assert result.accuracy == pytest.approx(1 / 3)
    assert result.coverage == pytest.approx(2 / 3)


@pytest.mark.parametrize(("layout", "text"), [("GeoVirus", GEOVIRUS_LIKE), ("GWN", GWN_LIKE)])
def test_geovirus_late_offsets_are_realigned_and_non_locational_gwn_entries_dropped(
    tmp_path, layout, text
):
    path = tmp_path / f"{layout}.xml"
    path.write_text(text, encoding="utf-8")
    (article,) = read_set(path)
    (toponym,) = article.toponyms
    assert article.text[toponym.start : toponym.end] == "Aleppo"


def test_a_broken_set_names_its_file(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"lgl\.xml"):
        list(read_set(path))


def test_a_toponym_with_a_bad_coordinate_names_the_article(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GEOVIRUS_LIKE.replace("<lat>36.2</lat>", "<lat>north</lat>"), "utf-8")
    with pytest.raises(InvalidInput, match=r"GeoVirus\.xml: article 1: <lat>"):
        list(read_set(path))


def test_demonyms_resolve_given_spans_but_are_not_places_in_running_text(gazetteer):
    from truce.extract.places import find_places, resolve_toponyms

    text = "Russian aircraft struck the town, a Syrian official said."
    russia, syria = resolve_toponyms(text, spans=[(0, 7), (36, 42)], gazetteer=gazetteer)
    assert russia is not None and russia.country == "RUS" and russia.precision == "country"
    assert syria is not None and syria.country == "SYR"
    assert find_places(text, gazetteer=gazetteer) == []


@pytest.mark.parametrize(
    ("text", "name", "admin1", "country"),
    [
        ("Police in Paris, Texas, said the fire started at night.", "Paris", "TX", "USA"),
        ("A storm hit Paris and Lyon.", "Paris", "11", "FRA"),
        ("The mayor of London, Ontario, spoke.", "London", "08", "CAN"),
    ],
)
def test_the_state_or_province_named_nearby_picks_the_town(text, name, admin1, country, gazetteer):
    from truce.extract.places import find_places

    (match,) = [m for m in find_places(text, gazetteer=gazetteer) if m.name == name]
    place = next(p for p in gazetteer.places if p.id == match.gazetteer_id)
    assert (place.country, place.admin1) == (country, admin1)


def test_an_empty_article_list_scores_zero(gazetteer):
    result = score_articles("none", [], gazetteer=gazetteer)
    assert (result.toponyms, result.accuracy, result.mean_km) == (0, 0.0, 0.0)
