"""Places: a gazetteer of our own (CSV or JSON Lines), named by events and agreements."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine, select

from truce.export import Filters, export, iter_records
from truce.ingest import ImportIssues
from truce.store.db import transaction
from truce.store.models import Agreement, Event, Place

PLACES = DATA / "places.csv"


def jsonl(tmp_path: Path, name: str, *rows: object) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_places_keep_their_other_names_coordinates_and_gazetteer_id(engine: Engine) -> None:
    first = load(engine, "places", PLACES)
    second = load(engine, "places", PLACES)
    assert (first.created, second.unchanged) == (3, 3)
    with transaction(engine) as session:
        found = {p.external_id: p for p in session.scalars(select(Place))}
    urum = found["pl-urum-al-kubra"]
    # The name itself is not repeated among its other names; the country code is upper-cased.
    assert urum.other_names == ["Orem al-Kubra", "Urem al-Kubra"]
    assert (urum.country, urum.feature_kind, urum.latitude) == ("SYR", "town", 36.158)
    assert found["pl-aleppo"].gazetteer_id == "geonames:170063"
    road = found["pl-castello-road"]
    assert (road.latitude, road.longitude, road.feature_kind) == (None, None, "road")


def test_a_changed_place_is_updated(engine: Engine, tmp_path: Path) -> None:
    load(engine, "places", PLACES)
    changed = tmp_path / "places.csv"
    changed.write_text(
        PLACES.read_text(encoding="utf-8").replace("Castillo road", "Castillo road|al-Castello"),
        encoding="utf-8",
    )
    report = load(engine, "places", changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    with transaction(engine) as session:
        road = session.scalars(select(Place).where(Place.external_id == "pl-castello-road")).one()
    assert (road.other_names, road.version) == (["Castillo road", "al-Castello"], 2)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"id": "p1", "name": "X", "latitude": 36.1}, ("longitude", "missing-value")),
        ({"id": "p1", "name": "X", "longitude": 37.1}, ("latitude", "missing-value")),
        ({"id": "p1", "name": "", "latitude": 1, "longitude": 2}, ("name", "missing-value")),
        ({"id": "p1", "name": "X", "latitude": 95, "longitude": 2}, ("latitude", "out-of-range")),
        ({"id": "p1", "name": "X", "country": "Syria"}, ("country", "wrong-type")),
        ({"id": "p1", "name": "X", "feature_kind": "hamlet"}, ("feature_kind", "unknown-value")),
        ({"id": "p1", "name": "X", "other_names": "Y"}, None),
        ({"id": "p1", "name": "X", "other_names": [1, 2]}, ("other_names", "wrong-type")),
        ({"id": "p1", "name": "X", "population": 3}, ("population", "unknown-field")),
        ({"name": "X"}, ("id", "missing-value")),
    ],
)
def test_bad_place_is_named_and_nothing_is_written(
    engine: Engine, tmp_path: Path, row: dict[str, object], expected: tuple[str, str] | None
) -> None:
    path = jsonl(tmp_path, "places.jsonl", {"id": "p0", "name": "Good"}, row)
    if expected is None:
        assert load(engine, "places", path).created == 2
        return
    with pytest.raises(ImportIssues) as caught:
        load(engine, "places", path)
    assert [(i.line, i.column, i.code) for i in caught.value.issues] == [(2, *expected)]
    with transaction(engine) as session:
        assert session.scalars(select(Place)).first() is None


def test_a_place_id_given_twice_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = jsonl(tmp_path, "places.jsonl", {"id": "p1", "name": "A"}, {"id": "p1", "name": "B"})
    with pytest.raises(ImportIssues) as caught:
        load(engine, "places", path)
    assert [(i.line, i.code) for i in caught.value.issues] == [(2, "duplicate-id")]


def test_events_and_agreements_name_their_place(engine: Engine, tmp_path: Path) -> None:
    load(engine, "places", PLACES)
    event = {
        "id": "ev-1", "event_date": "2016-09-19", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "location": "Urum al-Kubra",
        "place": "pl-urum-al-kubra", "latitude": 36.158, "longitude": 36.936,
    }  # fmt: skip
    load(engine, "events", jsonl(tmp_path, "events.jsonl", event))
    agreement = {"id": "agr-1", "name": "Truce", "kind": "truce", "scope": "local",
                 "place": "pl-aleppo"}  # fmt: skip
    load(engine, "agreements", jsonl(tmp_path, "agreements.jsonl", agreement))
    with transaction(engine) as session:
        urum = session.scalars(select(Place).where(Place.external_id == "pl-urum-al-kubra")).one()
        assert session.scalars(select(Event.place_id)).one() == urum.id
        assert session.scalars(select(Agreement.place_id)).one() is not None
        exported = {row["id"]: row for row in iter_records(session, "events", Filters())}
        assert exported["ev-1"]["place"] == "pl-urum-al-kubra"
        (agreement_row,) = iter_records(session, "agreements", Filters())
        assert agreement_row["place"] == "pl-aleppo"
    unknown = dict(event, id="ev-2", place="pl-nowhere")
    with pytest.raises(ImportIssues) as caught:
        load(engine, "events", jsonl(tmp_path, "more.jsonl", unknown))
    assert [(i.column, i.code) for i in caught.value.issues] == [("place", "unknown-reference")]


def test_places_round_trip_through_their_export(engine: Engine, tmp_path: Path) -> None:
    load(engine, "places", PLACES)
    with transaction(engine) as session:
        rows = list(iter_records(session, "places", Filters()))
    assert {row["id"] for row in rows} == {"pl-aleppo", "pl-urum-al-kubra", "pl-castello-road"}
    report = load(engine, "places", jsonl(tmp_path, "export.jsonl", *rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


def test_places_export_as_geojson_points(engine: Engine) -> None:
    load(engine, "places", PLACES)
    out = io.StringIO()
    assert export(engine, "geojson", out, kind="places") == 3
    features = {f["id"]: f for f in json.loads(out.getvalue())["features"]}
    assert features["pl-aleppo"]["geometry"] == {"type": "Point", "coordinates": [37.1612, 36.2012]}
    assert features["pl-aleppo"]["properties"]["other_names"] == ["Halab", "Haleb", "Alep"]
    assert features["pl-castello-road"]["geometry"] is None  # no coordinates given
