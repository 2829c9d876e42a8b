"""Pairs, zone hits and notification alerts are the same with one worker process or several."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import shapely
from analyze_records import event
from sqlalchemy import Engine

from truce.analyze import spacetime
from truce.analyze.cooccur import cooccur
from truce.analyze.deconfliction import Notified, match
from truce.analyze.parallel import PARALLEL_FROM, slices, worker_count
from truce.analyze.spacetime import PairArrays, find_pairs, unit_vectors
from truce.analyze.zones import locate
from truce.errors import InvalidInput
from truce.store.db import transaction

FIRST_DAY = 16_801  # 2016-01-01


def _events(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Dense clusters over a 2° box and 60 days, 5 % dated to a window of days."""
    rng = np.random.default_rng(seed)
    hot = rng.uniform([35.0, 37.0], [37.0, 39.0], size=(20, 2))
    which = rng.integers(0, 20, n)
    lat = hot[which, 0] + rng.normal(0, 0.08, n)
    lon = hot[which, 1] + rng.normal(0, 0.08, n)
    start = rng.integers(FIRST_DAY, FIRST_DAY + 60, n).astype(np.int64)
    end = start + np.where(rng.random(n) < 0.05, rng.integers(1, 7, n), 0)
    return {"lat": lat, "lon": lon, "start": start, "end": end}


def _same(a: PairArrays, b: PairArrays) -> None:
    assert len(a) == len(b)
    for name in ("left", "right", "distance_m", "day_gap"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


@pytest.mark.parametrize(("km", "hours"), [(5.0, 24.0), (20.0, 0.0), (2.0, 100.0)])
def test_pairs_are_the_same_with_one_worker_or_two_or_three(km: float, hours: float) -> None:
    ev = _events(20_000)
    args = (ev["lat"], ev["lon"], ev["start"], ev["end"])
    one = find_pairs(*args, km=km, hours=hours, workers=1)
    assert len(one) > 1000
    _same(one, find_pairs(*args, km=km, hours=hours, workers=2))
    _same(one, find_pairs(*args, km=km, hours=hours, workers=3))


def test_the_slabs_overlap_by_a_cell_and_pairs_cross_their_edge() -> None:
    ev = _events(20_000)
    chord = spacetime.chord_for(5.0)
    slabs = spacetime._slabs(unit_vectors(ev["lat"], ev["lon"]), chord, 2)
    assert len(slabs) == 2
    (first, own_first), (second, own_second) = slabs
    layer = set(first[~own_first].tolist())  # the next slab's first cell, seen by both
    assert layer and layer <= set(second[own_second].tolist())
    pairs = find_pairs(ev["lat"], ev["lon"], ev["start"], ev["end"], km=5.0, hours=24.0)
    inside = set(first[own_first].tolist())
    crossing = [
        (i, j)
        for i, j in zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)
        if (i in inside and j in layer) or (j in inside and i in layer)
    ]
    assert crossing  # pairs across the edge: found once, by the first slab


def test_events_that_cannot_be_cut_give_the_same_pairs() -> None:
    lat = np.full(500, 36.2)
    lon = np.full(500, 37.1)
    day = np.full(500, FIRST_DAY, dtype=np.int64)
    one = find_pairs(lat, lon, day, day, km=1.0, hours=0.0, workers=1)
    assert len(one) == 500 * 499 // 2
    _same(one, find_pairs(lat, lon, day, day, km=1.0, hours=0.0, workers=2))


def _zones(n: int) -> list[shapely.Polygon]:
    rng = np.random.default_rng(11)
    zones = []
    for lat, lon in rng.uniform([35.0, 37.0], [37.0, 39.0], size=(n, 2)):
        r = rng.uniform(0.02, 0.2)
        zones.append(shapely.box(lon - r, lat - r, lon + r, lat + r))
    return zones


def test_zone_hits_are_the_same_with_one_worker_or_two() -> None:
    ev = _events(30_000)
    zones = _zones(200)
    one = locate(ev["lat"], ev["lon"], zones, workers=1)
    two = locate(ev["lat"], ev["lon"], zones, workers=2)
    assert len(one[0]) > 1000
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])


def test_notification_alerts_are_the_same_with_one_worker_or_two() -> None:
    ev = _events(30_000)
    rng = np.random.default_rng(5)
    items = []
    for k in range(100):
        lat, lon = rng.uniform(35.0, 37.0), rng.uniform(37.0, 39.0)
        if k % 2:
            items.append(Notified.of(k, shapely.Point(lon, lat), 3000.0, -1e15, 1e15))
        else:
            route = shapely.LineString([(lon, lat), (lon + 0.2, lat + 0.1), (lon + 0.3, lat)])
            hours = (FIRST_DAY + 10 * (k % 5)) * 24.0
            items.append(Notified.of(k, route, 2000.0, hours, hours + 72))
    start_h, end_h = ev["start"] * 24.0, (ev["end"] + 1) * 24.0
    one = match(items, ev["lat"], ev["lon"], start_h, end_h, margin_hours=6, workers=1)
    two = match(items, ev["lat"], ev["lon"], start_h, end_h, margin_hours=6, workers=2)
    assert len(one[0]) > 100
    for a, b in zip(one, two, strict=True):
        assert np.array_equal(a, b)


def test_cooccur_on_the_store_is_the_same_with_two_workers(engine: Engine) -> None:
    day = dt.date(2016, 9, 17)
    with transaction(engine) as s:
        for k in range(40):
            event(s, day + dt.timedelta(days=k % 3), 35.2 + k * 0.01, 40.1, actor1=f"A{k % 4}")
    one = cooccur(engine, km=5, hours=24, across_actors=True, workers=1)
    two = cooccur(engine, km=5, hours=24, across_actors=True, workers=2)
    assert one.pairs and one.to_dict() == two.to_dict()


def test_worker_count_follows_the_input_size_and_refuses_zero() -> None:
    assert worker_count(None, PARALLEL_FROM - 1) == 1
    assert worker_count(None, PARALLEL_FROM) >= 1
    assert worker_count(3, 10) == 3
    with pytest.raises(InvalidInput):
        worker_count(0, 10)


def test_slices_cover_the_input_once() -> None:
    assert slices(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert slices(2, 5) == [(0, 1), (1, 2)]
