"""Health and co-occurrence on real data: UCDP GED events for Syria, 2016–2019."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from sqlalchemy import Engine

from truce.analyze.cooccur import cooccur, near
from truce.analyze.health import health
from truce.analyze.spacetime import haversine_m
from truce.analyze.zones import check_zones
from truce.ingest import import_file


def _import(engine: Engine, shared_data: Path, tmp_path: Path) -> int:
    """The GED file, good rows only (about 100 rows have low/best/high out of order)."""
    report = import_file(
        engine,
        "ucdp",
        shared_data / "ucdp" / "ged_syria_2016-2019.csv",
        actor="tester",
        skip_invalid=tmp_path / "rejects.csv",
    )
    return report.rows


def test_ucdp_events_pair_up_consistently_with_near(
    sqlite_engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    assert _import(sqlite_engine, shared_data, tmp_path) > 10_000
    september = cooccur(
        sqlite_engine, km=10, hours=24, since=dt.date(2016, 9, 1), until=dt.date(2016, 9, 30)
    )
    assert september.events > 300 and len(september.pairs) > 100
    a = np.array([(p.first.latitude, p.first.longitude) for p in september.pairs])
    b = np.array([(p.second.latitude, p.second.longitude) for p in september.pairs])
    distance = haversine_m(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    assert distance.max() <= 10_000
    assert all(p.first.first_day <= p.second.first_day for p in september.pairs)
    # The neighbours `near` finds for a busy event are exactly its pairs in the whole data.
    everything = cooccur(sqlite_engine, km=10, hours=24)
    counts: dict[int, set[int]] = {}
    for p in everything.pairs:
        counts.setdefault(p.first.id, set()).add(p.second.id)
        counts.setdefault(p.second.id, set()).add(p.first.id)
    busiest = max(counts, key=lambda k: len(counts[k]))
    around = near(sqlite_engine, busiest, km=10, hours=24)
    assert {n.event.id for n in around.neighbours} == counts[busiest]


def test_ucdp_health_counts_every_day_and_no_allegations(
    sqlite_engine: Engine, shared_data: Path, tmp_path: Path
) -> None:
    _import(sqlite_engine, shared_data, tmp_path)
    report = health(sqlite_engine, since=dt.date(2016, 9, 1), until=dt.date(2016, 9, 30))
    assert len(report.series) == 30
    assert report.allegations.current == 0 and not report.latest_warning.flagged
    assert check_zones(sqlite_engine).hits == ()  # no zones recorded: nothing inside
