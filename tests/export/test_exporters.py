"""Each exporter on a small store: shape, order, filters, classification."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.cli import app
from truce.errors import InvalidInput
from truce.export import Filters, export
from truce.formats.acled import ACLED_COLUMNS
from truce.formats.ucdp import UCDP_COLUMNS
from truce.store.visibility import EVERYONE


def run(engine: Engine, fmt: str, *, kind: str | None = None, **filters: object) -> str:
    stream = io.StringIO()
    export(engine, fmt, stream, kind=kind, filters=Filters(**filters))  # type: ignore[arg-type]
    return stream.getvalue()


def test_acled_export_has_acled_header_order_and_every_event(small_store: Engine) -> None:
    rows = list(csv.reader(io.StringIO(run(small_store, "acled"))))
    assert tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert len(rows) - 1 == 503 + 8
    ids = {row[0] for row in rows[1:]}
    assert {"DEMO-SYR-00001", "inc-2016-09-19-urum-al-kubra-convoy"} <= ids


def test_acled_export_date_window_keeps_only_those_days(small_store: Engine) -> None:
    text = run(small_store, "acled", since=date(2016, 9, 17), until=date(2016, 9, 19))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert {row["event_date"] for row in rows} <= {"2016-09-17", "2016-09-18", "2016-09-19"}


def test_ucdp_export_maps_fatality_estimates_and_violence_type(small_store: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(run(small_store, "ucdp"))))
    assert tuple(rows[0]) == UCDP_COLUMNS
    convoy = next(r for r in rows if r["id"] == "inc-2016-09-19-urum-al-kubra-convoy")
    assert (convoy["low"], convoy["best"], convoy["high"]) == ("18", "20", "21")
    assert convoy["type_of_violence"] == "3"
    strike = next(r for r in rows if r["id"] == "inc-2016-09-17-deir-ez-zor-strike")
    assert strike["type_of_violence"] == "1"
    assert strike["side_a"] == "Global Coalition against Daesh"


@pytest.mark.parametrize(
    ("kind", "count", "geometry"),
    [("events", 511, "Point"), ("zones", 6, "Polygon"), ("notifications", 3, "LineString")],
)
def test_geojson_export_is_a_feature_collection(
    small_store: Engine, kind: str, count: int, geometry: str
) -> None:
    document = json.loads(run(small_store, "geojson", kind=kind))
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == count
    types = {f["geometry"]["type"] for f in document["features"] if f["geometry"]}
    assert geometry in types


def test_zone_feature_names_the_actors_it_binds(small_store: Engine) -> None:
    document = json.loads(run(small_store, "geojson", kind="zones"))
    zone = next(f for f in document["features"] if f["id"] == "zone-restricted-air-aleppo")
    assert zone["properties"]["binds"] == ["Syrian Arab Air Force"]
    assert zone["properties"]["restricts"] == ["Air/drone strike"]


def test_jsonl_agreements_carry_parties_mediators_and_excluded(small_store: Engine) -> None:
    lines = [json.loads(x) for x in run(small_store, "jsonl", kind="agreements").splitlines()]
    coh = next(x for x in lines if x["id"] == "agr-coh-2016-02-27")
    assert coh["excluded"] == ["Islamic State", "Jabhat al-Nusra"]
    assert "Government of Russia" in coh["mediators"]
    assert coh["sources"] == ["src-issg-coh-2016-02-22", "src-unsc-2268"]


def test_jsonl_events_carry_alleged_violations_and_who_alleges(small_store: Engine) -> None:
    lines = [json.loads(x) for x in run(small_store, "jsonl", kind="events").splitlines()]
    convoy = next(x for x in lines if x["id"] == "inc-2016-09-19-urum-al-kubra-convoy")
    assert {v["alleged_by"] for v in convoy["violations"]} == {"Government of the United States"}


def test_public_export_leaves_confidential_sources_and_their_references_out(
    small_store: Engine,
) -> None:
    public = [json.loads(x) for x in run(small_store, "jsonl", kind="sources").splitlines()]
    assert "src-jic-terms-leaked" not in {x["id"] for x in public}
    agreements = run(small_store, "jsonl", kind="agreements")
    assert "src-jic-terms-leaked" not in agreements
    everything = run(small_store, "jsonl", kind="sources", audience=EVERYONE)
    leaked = next(json.loads(x) for x in everything.splitlines() if "src-jic-terms-leaked" in x)
    assert leaked["classification"] == "confidential"
    assert leaked["shared_with"] == ["Government of Russia", "Government of the United States"]


@pytest.mark.parametrize(
    "kind",
    ["sources", "actors", "places", "zones", "notifications", "agreements", "events",
     "violations", "statements", "claims", "assessments", "candidates"],
)  # fmt: skip
def test_jsonl_exports_every_record_kind_as_json_objects(small_store: Engine, kind: str) -> None:
    for line in run(small_store, "jsonl", kind=kind).splitlines():
        assert isinstance(json.loads(line), dict)


def test_actors_export_is_registry_yaml_with_aliases_and_offices(small_store: Engine) -> None:
    entries = yaml.safe_load(run(small_store, "actors"))
    lavrov = next(x for x in entries if x["name"] == "Sergey Lavrov")
    assert "Lavrov" in lavrov["aliases"]
    assert lavrov["offices"][0]["title"] == "Minister of Foreign Affairs"
    nusra = next(x for x in entries if x["name"] == "Jabhat al-Nusra")
    assert "Jabhat Fateh al-Sham" in nusra["aliases"]
    assert nusra["designations"][0]["by"] == "UN Security Council"


@pytest.mark.parametrize(
    ("fmt", "kind"),
    [("geojson", "agreements"), ("jsonl", "nothing"), ("acled", "events"), ("excel", None)],
)
def test_bad_format_or_kind_is_refused(small_store: Engine, fmt: str, kind: str | None) -> None:
    with pytest.raises(InvalidInput):
        run(small_store, fmt, kind=kind)


def test_cli_export_writes_the_file_whole(small_store: Engine, tmp_path: Path) -> None:
    target = tmp_path / "zones.geojson"
    url = small_store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        app, ["--db", url, "export", "geojson", "--kind", "zones", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text())["features"]) == 6
    assert not list(target.parent.glob(".*.partial"))


def test_cli_export_bad_date_exits_2(small_store: Engine) -> None:
    url = small_store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--db", url, "export", "acled", "--since", "17/09/2016"])
    assert result.exit_code == 2
