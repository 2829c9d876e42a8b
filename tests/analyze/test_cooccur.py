"""`truce near` and `truce cooccur` on stored events: pairs, sequences, actors, the seams."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from analyze_records import event
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.analyze.cooccur import cooccur, event_span, near
from truce.cli import app
from truce.errors import InvalidInput, NotFound
from truce.store.db import transaction

DAY = dt.date(2016, 9, 17)


def _scenario(engine: Engine) -> dict[str, int]:
    """A coalition strike near Deir ez-Zor, the ISIS attack after it, and unrelated events."""
    with transaction(engine) as s:
        ids = {
            "strike": event(
                s,
                DAY,
                35.29,
                40.10,
                actor1="Coalition",
                external_id="DEZ-1",
                sub_event_type="Air/drone strike",
            ),
            "attack": event(s, DAY + dt.timedelta(days=1), 35.31, 40.12, actor1="ISIS"),
            "same-actor": event(s, DAY, 35.30, 40.08, actor1="Coalition"),
            "far": event(s, DAY, 36.20, 37.15, actor1="ISIS"),  # Aleppo, 300 km away
            "late": event(s, DAY + dt.timedelta(days=3), 35.29, 40.10, actor1="ISIS"),
            "east": event(s, DAY, -16.8, 179.99, actor1="A"),
            "west": event(s, DAY, -16.8, -179.99, actor1="B"),
            "north": event(s, DAY, 89.96, 20.0, actor1="A"),
            "over-pole": event(s, DAY, 89.96, -160.0, actor1="B"),
        }
        ids["rejected"] = event(s, DAY, 35.29, 40.10, actor1="X", status="rejected")
        ids["deleted"] = event(s, DAY, 35.29, 40.10, actor1="Y")
    from truce.store import records

    with transaction(engine) as s:
        records.soft_delete(s, "events", ids["deleted"], actor="tester")
    return ids


def _pairs(report: object) -> set[tuple[int, int]]:
    return {(p.first.id, p.second.id) for p in report.pairs}  # type: ignore[attr-defined]


def test_cooccur_finds_every_pair_once_across_the_antimeridian_and_the_pole(
    engine: Engine,
) -> None:
    ids = _scenario(engine)
    report = cooccur(engine, km=10, hours=24)
    assert _pairs(report) == {
        (ids["strike"], ids["same-actor"]),
        (ids["strike"], ids["attack"]),
        (ids["same-actor"], ids["attack"]),
        (ids["east"], ids["west"]),
        (ids["north"], ids["over-pole"]),
    }
    assert report.events == 9  # rejected and deleted events are left out


def test_sequences_say_which_came_first_and_the_gap(engine: Engine) -> None:
    ids = _scenario(engine)
    report = cooccur(engine, km=10, hours=24, across_actors=True)
    pair = next(p for p in report.pairs if p.first.id == ids["strike"])
    assert (pair.second.id, pair.ordered, pair.day_gap) == (ids["attack"], True, 1)
    assert (pair.gap_hours_min, pair.gap_hours_max) == (0.0, 48.0)
    assert (ids["strike"], ids["same-actor"]) not in _pairs(report)  # same actor
    assert report.sequences == 2


def test_a_longer_window_reaches_later_events(engine: Engine) -> None:
    ids = _scenario(engine)
    report = cooccur(engine, km=10, hours=72, since=DAY, until=DAY + dt.timedelta(days=5))
    assert (ids["strike"], ids["late"]) in _pairs(report)


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ((179.0, -17.0, -179.0, -16.0), {"east", "west"}),  # across ±180°
        ((39.0, 35.0, 41.0, 36.0), {"strike", "attack", "same-actor"}),
    ],
)
def test_a_box_limits_the_events_considered(
    engine: Engine, bbox: tuple[float, ...], expected: set[str]
) -> None:
    ids = _scenario(engine)
    report = cooccur(engine, km=10, hours=24, bbox=bbox)
    names = {k for k, v in ids.items() for p in report.pairs if v in (p.first.id, p.second.id)}
    assert names == expected


def test_near_lists_the_neighbours_of_one_event_by_external_id(engine: Engine) -> None:
    ids = _scenario(engine)
    report = near(engine, "DEZ-1", km=10, hours=24)
    assert [(n.event.id, n.relation) for n in report.neighbours] == [
        (ids["same-actor"], "same day"),
        (ids["attack"], "after"),
    ]
    assert near(engine, ids["east"], km=5, hours=0).neighbours[0].event.id == ids["west"]
    assert [n.event.id for n in near(engine, ids["north"], km=10, hours=1).neighbours] == [
        ids["over-pole"]
    ]


def test_near_refuses_an_unknown_event_and_bad_numbers(engine: Engine) -> None:
    _scenario(engine)
    with pytest.raises(NotFound, match="no event"):
        near(engine, "NOPE-9", km=10, hours=24)
    with pytest.raises(InvalidInput, match="--km"):
        near(engine, "DEZ-1", km=-1, hours=24)
    with pytest.raises(InvalidInput, match="--bbox"):
        cooccur(engine, km=1, hours=1, bbox=(1.0, 2.0, 3.0))


@pytest.mark.parametrize(
    ("start", "end", "precision", "span"),
    [
        (dt.date(2016, 9, 17), None, "day", (dt.date(2016, 9, 17), dt.date(2016, 9, 17))),
        (
            dt.date(2016, 9, 17),
            dt.date(2016, 9, 20),
            "day",
            (dt.date(2016, 9, 17), dt.date(2016, 9, 20)),
        ),
        (dt.date(2016, 9, 12), None, "week", (dt.date(2016, 9, 12), dt.date(2016, 9, 18))),
        (dt.date(2016, 2, 1), None, "month", (dt.date(2016, 2, 1), dt.date(2016, 2, 29))),
        (dt.date(2016, 1, 1), None, "year", (dt.date(2016, 1, 1), dt.date(2016, 12, 31))),
    ],
)
def test_imprecise_dates_span_their_days(
    start: dt.date, end: dt.date | None, precision: str, span: tuple[dt.date, dt.date]
) -> None:
    assert event_span(start, end, precision) == span


def test_cli_near_and_cooccur_write_json_and_csv(sqlite_engine: Engine, tmp_path: object) -> None:
    ids = _scenario(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(
        app, ["--db", url, "near", "DEZ-1", "--km", "10", "--hours", "24", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [n["id"] for n in json.loads(result.output)["neighbours"]] == [
        ids["same-actor"],
        ids["attack"],
    ]
    result = runner.invoke(
        app, ["--db", url, "cooccur", "--km", "10", "--hours", "24", "-f", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 5 and {"a_id", "b_id", "distance_km", "ordered"} <= set(rows[0])
    result = runner.invoke(app, ["--db", url, "cooccur", "--across-actors"])
    assert result.exit_code == 0 and "pair(s)" in result.output
    result = runner.invoke(app, ["--db", url, "near", "NOPE"])
    assert result.exit_code == 2 and "no event" in result.output
