"""One reading of a box everywhere one is taken: west greater than east crosses the antimeridian
(as in GeoJSON), on the list, the map, the exports, the analyses and the command line alike."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from server_helpers import Api

ACROSS = "179,-17,-179,-16"  # the 2° either side of ±180°, over Fiji
DAY = "2016-09-19"
WINDOW = f"since={DAY}&until={DAY}"


def _event(api: Api, longitude: float, notes: str) -> int:
    body = {
        "event_date": DAY,
        "event_type": "Battles",
        "latitude": -16.5,
        "longitude": longitude,
        "actor1": "Army",
        "classification": "public",
        "notes": notes,
    }
    answer = api.client.post("/api/v1/events", json=body, headers=api.as_("analyst"))
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


@pytest.fixture
def sides(api: Api) -> dict[str, int]:
    """Two events 2 km apart across ±180°, and one far from it at the same latitude."""
    return {
        "east": _event(api, 179.99, "east of the line"),
        "west": _event(api, -179.99, "west of the line"),
        "far": _event(api, 0.0, "far from the line"),
    }


def _routes_taking_a_box(api: Api) -> list[str]:
    """Every GET route with a ``bbox`` parameter, a path parameter filled with each of its
    values (``/export/{fmt}``: every format)."""
    document = api.client.get("/openapi.json").json()
    routes = []
    for path, operations in document["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        if not any(p["name"] == "bbox" for p in parameters):
            continue
        filled = [path]
        for part in (p for p in parameters if p["in"] == "path"):
            values = part["schema"]["enum"]  # a route with a free path parameter: say how here
            filled = [f.replace(f"{{{part['name']}}}", v) for f in filled for v in values]
        routes += filled
    return sorted(routes)


def _get(api: Api, path: str, query: str) -> Any:
    return api.client.get(f"{path}?{query}", headers=api.as_("analyst"))


def test_every_route_that_takes_a_box_takes_one_across_the_antimeridian(
    api: Api, sides: dict[str, int]
) -> None:
    routes = _routes_taking_a_box(api)
    assert {"/api/v1/events", "/api/v1/map/events", "/api/v1/export/acled"} <= set(routes)
    for path in routes:
        kind = "&kind=events" if path.endswith(("/geojson", "/jsonl")) else ""
        taken = _get(api, path, f"bbox={ACROSS}&{WINDOW}{kind}")
        if taken.status_code == 422 and "does not apply" in taken.text:
            continue  # records with no location (actors, parties): said, not ignored
        assert taken.status_code == 200, (path, taken.text)
        assert "far from the line" not in taken.text, path
        refused = _get(api, path, f"bbox=1,5,3,2&{WINDOW}{kind}")  # south above north
        assert refused.status_code == 422, path
        assert refused.json()["error"]["detail"] == {"field": "bbox"}, path


def test_the_list_the_map_the_exports_and_the_analyses_find_both_sides(
    api: Api, sides: dict[str, int]
) -> None:
    both = sorted([sides["east"], sides["west"]])
    listed = _get(api, "/api/v1/events", f"bbox={ACROSS}").json()["data"]
    assert sorted(e["id"] for e in listed) == both
    mapped = _get(api, "/api/v1/map/events", f"bbox={ACROSS}&{WINDOW}").json()["data"]
    assert sorted(e["id"] for e in mapped) == both
    exported = _get(api, "/api/v1/export/acled", f"bbox={ACROSS}")
    notes = sorted(row["notes"] for row in csv.DictReader(io.StringIO(exported.text)))
    assert notes == ["east of the line", "west of the line"]
    pairs = _get(api, "/api/v1/cooccur", f"bbox={ACROSS}&km=10&hours=24").json()
    assert pairs["bbox"] == [179.0, -17.0, -179.0, -16.0]
    assert [sorted([p["a_id"], p["b_id"]]) for p in pairs["rows"]] == [both]


def test_the_command_line_reads_a_box_as_the_server_does(api: Api, sides: dict[str, int]) -> None:
    from typer.testing import CliRunner

    from truce.cli import app

    url = api.engine.url.render_as_string(hide_password=False)
    run = CliRunner().invoke(app, ["--db", url, "cooccur", "--bbox", ACROSS, "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["bbox"] == [179.0, -17.0, -179.0, -16.0]
    bad = CliRunner().invoke(app, ["--db", url, "cooccur", "--bbox", "1,5,3,2"])
    assert bad.exit_code != 0
    assert "--bbox '1,5,3,2'" in bad.output
