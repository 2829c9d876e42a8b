"""`truce check zones` and `truce check deconfliction` on a small 2016 Aleppo scenario."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from analyze_records import event, zone_records
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.analyze.buffers import metric_epsg
from truce.analyze.deconfliction import Notified, check_deconfliction, match
from truce.analyze.zones import check_zones, locate
from truce.cli import app
from truce.errors import InvalidInput
from truce.store import records
from truce.store.db import transaction

CONVOY_DAY = dt.date(2016, 9, 19)
STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}


def _events(engine: Engine, ids: dict[str, int]) -> dict[str, int]:
    with transaction(engine) as s:
        return {
            # Inside both zones, by the bound air force, while the no-fly zone is valid.
            "violation": event(
                s,
                dt.date(2016, 9, 14),
                36.2,
                37.05,
                actor1_id=ids["air force"],
                actor1="Syrian Air Force",
                **STRIKE,
            ),
            # Bound actor named only by text: still matched.
            "by-name": event(
                s, dt.date(2016, 9, 15), 36.25, 37.1, actor1="syrian air force", **STRIKE
            ),
            # Same place and kind, before the zone was valid: inside control zone only.
            "before": event(
                s,
                dt.date(2016, 9, 1),
                36.2,
                37.05,
                actor1_id=ids["air force"],
                actor1="Syrian Air Force",
                **STRIKE,
            ),
            # A battle inside: not a restricted kind.
            "battle": event(s, dt.date(2016, 9, 14), 36.15, 37.0, actor1="Jaish al-Fatah"),
            "outside": event(s, dt.date(2016, 9, 14), 35.0, 38.0, **STRIKE),
            # On the convoy's route during its window, 160 m from the line.
            "convoy": event(
                s, CONVOY_DAY, 36.1625, 36.98, actor1="Unidentified Military Forces", **STRIKE
            ),
            # 2 km from the route: outside its 1 km buffer.
            "beside": event(s, CONVOY_DAY, 36.2, 37.06, **STRIKE),
            # A strike planned at the warehouse.
            "planned": event(s, dt.date(2016, 9, 21), 36.201, 37.0, status="planned", **STRIKE),
        }


def test_events_inside_zones_with_controllers_and_violations(engine: Engine) -> None:
    ids = zone_records(engine)
    ev = _events(engine, ids)
    report = check_zones(engine)
    inside = {(h.event.id, h.zone_id) for h in report.hits}
    assert (ev["violation"], ids["no-fly"]) in inside
    assert (ev["before"], ids["no-fly"]) not in inside  # zone not yet valid
    assert (ev["before"], ids["control"]) in inside  # no validity: always
    assert all(h.event.id != ev["outside"] for h in report.hits)
    violations = {(h.event.id, h.bound_actor) for h in report.violations}
    assert violations == {
        (ev["violation"], "Syrian Air Force"),
        (ev["by-name"], "Syrian Air Force"),
    }
    control = next(h for h in report.hits if h.zone_id == ids["control"])
    assert control.controlled_by == ("Jaish al-Fatah",)


def test_zones_at_one_date_and_violations_only(engine: Engine) -> None:
    ids = zone_records(engine)
    ev = _events(engine, ids)
    report = check_zones(engine, at=dt.date(2016, 9, 14), violations_only=True)
    assert [h.event.id for h in report.hits] == [ev["violation"]]
    assert report.to_dict()["violations"] == 1


def test_deconfliction_alerts_name_notification_event_distance_and_offset(
    engine: Engine,
) -> None:
    ids = zone_records(engine)
    ev = _events(engine, ids)
    report = check_deconfliction(engine)
    alerts = {(a.notification_id, a.event.id): a for a in report.alerts}
    convoy = alerts[(ids["convoy"], ev["convoy"])]
    assert convoy.distance_m == pytest.approx(161.6, abs=5)  # geodesic to the route: 161.6 m
    assert convoy.time_offset_hours == 0.0
    assert convoy.notified_before_event is True
    assert convoy.recipients == ("Russia",) and convoy.notified_by == "United Nations"
    assert (ids["convoy"], ev["beside"]) not in alerts
    planned = alerts[(ids["warehouse"], ev["planned"])]
    assert planned.planned and planned.distance_m == pytest.approx(111.2, abs=1)
    assert any("not protection" in c for c in report.caveats)
    only = check_deconfliction(engine, planned_only=True)
    assert [a.event.id for a in only.alerts] == [ev["planned"]]


def test_a_margin_widens_the_window_and_reports_the_offset(engine: Engine) -> None:
    ids = zone_records(engine)
    with transaction(engine) as s:
        next_day = event(s, CONVOY_DAY + dt.timedelta(days=1), 36.1625, 36.98, **STRIKE)
    assert all(a.event.id != next_day for a in check_deconfliction(engine).alerts)
    report = check_deconfliction(engine, margin_hours=6)
    alert = next(a for a in report.alerts if a.event.id == next_day)
    assert alert.notification_id == ids["convoy"]
    assert alert.time_offset_hours == pytest.approx(4.0)  # window ended 20:00, next day 00:00


def test_site_and_route_buffers_across_the_antimeridian() -> None:
    items = [
        Notified.of(1, shapely.Point(179.999, -17.0), 500.0, -1e15, 1e15),
        Notified.of(2, shapely.LineString([(179.99, -16.0), (-179.99, -16.0)]), 200.0, 0.0, 48.0),
    ]
    lat = np.array([-17.0, -17.0, -16.001, -16.01])
    lon = np.array([-179.997, -179.99, -179.995, 179.995])
    start, end = np.zeros(4), np.full(4, 24.0)
    ev, it, _, _ = match(items, lat, lon, start, end)
    assert sorted(zip(ev.tolist(), it.tolist(), strict=True)) == [(0, 0), (2, 1)]


@pytest.mark.parametrize(
    ("lat", "lon", "epsg"),
    [(36.2, 37.0, 32637), (-16.0, 179.9, 32760), (85.0, 10.0, 32661), (-81.0, 0.0, 32761)],
)
def test_metric_projection_is_the_utm_zone_or_polar(lat: float, lon: float, epsg: int) -> None:
    assert metric_epsg(lat, lon) == epsg


def test_points_on_a_zone_edge_count_as_inside() -> None:
    square = shapely.box(0, 0, 1, 1)
    ev, _ = locate(np.array([0.0, 0.5, 2.0]), np.array([0.5, 0.5, 2.0]), [square])
    assert sorted(ev.tolist()) == [0, 1]


def test_a_broken_zone_geometry_is_named(sqlite_engine: Engine) -> None:
    with transaction(sqlite_engine) as s:
        zone = records.create(
            s,
            "zones",
            {
                "name": "Broken",
                "kind": "no-fly",
                "geometry": "{not json",
                "min_lon": 0,
                "max_lon": 1,
                "min_lat": 0,
                "max_lat": 1,
            },
            actor="tester",
        ).id
    with pytest.raises(InvalidInput, match=f"zone {zone}"):
        check_zones(sqlite_engine)


def test_cli_check_zones_and_deconfliction(sqlite_engine: Engine, tmp_path: Path) -> None:
    ids = zone_records(sqlite_engine)
    ev = _events(sqlite_engine, ids)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", url, "check", "zones", "--violations-only", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert {r["event_id"] for r in json.loads(result.output)["rows"]} == {
        ev["violation"],
        ev["by-name"],
    }
    result = runner.invoke(app, ["--db", url, "check", "deconfliction", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"notification", "event_id", "distance_m", "time_offset_hours"} <= set(rows[0])
    result = runner.invoke(app, ["--db", url, "check", "deconfliction"])
    assert result.exit_code == 0 and "not protection" in result.output
    out = tmp_path / "alerts" / "deconfliction.json"
    result = runner.invoke(
        app, ["--db", url, "check", "deconfliction", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0 and json.loads(out.read_text())["alerts"] == len(rows)
    result = runner.invoke(app, ["--db", url, "check", "zones", "-o", str(out)])
    assert result.exit_code == 2 and "--out needs --format json or csv" in result.output
    result = runner.invoke(app, ["--db", url, "check", "zones", "--at", "14 Sept"])
    assert result.exit_code == 2 and "--at" in result.output
