"""The space-time pair finder: great-circle distance, the day-span rule, the seams of the globe."""

from __future__ import annotations

import numpy as np
import pytest

from truce.analyze import spacetime
from truce.analyze.spacetime import EARTH_RADIUS_M, find_pairs, haversine_m, max_day_gap
from truce.errors import InvalidInput


def _pairs(
    points: list[tuple[float, float, int]], *, km: float, hours: float
) -> set[tuple[int, int]]:
    lat = np.array([p[0] for p in points], dtype=float)
    lon = np.array([p[1] for p in points], dtype=float)
    day = np.array([p[2] for p in points], dtype=np.int64)
    found = find_pairs(lat, lon, day, day, km=km, hours=hours)
    return set(zip(found.left.tolist(), found.right.tolist(), strict=True))


@pytest.mark.parametrize(
    ("hours", "gap"),
    [(0, 0), (1, 1), (23.5, 1), (24, 1), (24.1, 2), (48, 2), (72, 3)],
)
def test_hours_become_a_largest_gap_in_whole_days(hours: float, gap: int) -> None:
    assert max_day_gap(hours) == gap


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_negative_or_infinite_hours_are_refused(bad: float) -> None:
    with pytest.raises(InvalidInput):
        max_day_gap(bad)


def test_haversine_matches_a_known_distance() -> None:
    # One degree of latitude on the sphere.
    one_degree = haversine_m(np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([0.0]))
    assert one_degree[0] == pytest.approx(EARTH_RADIUS_M * np.pi / 180, rel=1e-12)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        # Either side of the antimeridian on the equator: 0.04° apart, about 4.4 km.
        ((0.0, 179.98), (0.0, -179.98), True),
        ((-16.5, 179.999), (-16.5, -179.95), True),
        # 0.1° of longitude apart at the equator is 11 km: too far for 10 km.
        ((0.0, 179.95), (0.0, -179.95), False),
        # Near the North Pole longitude hardly matters: 89.95°N, 180° apart is 11 km.
        ((89.95, 0.0), (89.95, 180.0), False),
        ((89.96, 10.0), (89.96, -170.0), True),
        ((89.9, 45.0), (89.9, -135.0), False),  # 22 km across the pole
        ((89.99, 0.0), (89.99, 90.0), True),
        ((-89.99, 0.0), (-89.99, -120.0), True),  # and the South Pole
        ((90.0, 0.0), (89.95, 77.0), True),  # the pole itself
    ],
)
def test_pairs_across_the_antimeridian_and_near_the_poles(
    a: tuple[float, float], b: tuple[float, float], near: bool
) -> None:
    exact = haversine_m(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]]))
    assert bool(exact[0] <= 10_000) is near
    assert _pairs([(*a, 100), (*b, 100)], km=10, hours=24) == ({(0, 1)} if near else set())


@pytest.mark.parametrize(
    ("day_b", "hours", "paired"),
    [
        (100, 0, True),  # the same day, even for zero hours
        (101, 0, False),
        (101, 1, True),  # 23:59 and 00:00 on the next day are a minute apart
        (101, 24, True),
        (102, 24, False),  # two days apart: at least 24 h, not less
        (102, 25, True),
        (103, 48, False),
        (99, 24, True),  # order does not matter
    ],
)
def test_events_dated_to_a_day_span_the_whole_day(day_b: int, hours: float, paired: bool) -> None:
    points = [(35.0, 36.0, 100), (35.01, 36.0, day_b)]
    assert _pairs(points, km=10, hours=hours) == ({(0, 1)} if paired else set())


def test_a_date_window_pairs_with_any_day_inside_it() -> None:
    lat = np.array([35.0, 35.0, 35.0])
    lon = np.array([36.0, 36.01, 36.02])
    start = np.array([100, 110, 125], dtype=np.int64)
    end = np.array([120, 110, 125], dtype=np.int64)  # the first spans 21 days
    found = find_pairs(lat, lon, start, end, km=5, hours=24)
    assert set(zip(found.left.tolist(), found.right.tolist(), strict=True)) == {(0, 1)}
    assert found.day_gap.tolist() == [0]


@pytest.mark.parametrize("table", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("km", "hours"), [(10, 24), (50, 72), (300, 0), (0.5, 240)])
def test_the_grid_finds_exactly_what_brute_force_finds(
    seed: int, km: float, hours: float, table: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not table:  # the binary-search path used when cells × buckets are too many
        monkeypatch.setattr(spacetime, "_DENSE_LIMIT", 0)
    rng = np.random.default_rng(seed)
    n = 600
    # Clusters around the antimeridian, the poles and Syria, plus scattered points.
    centres = np.array([[0, 180], [89.9, 0], [-89.9, 0], [35, 37], [10, -179.9]])
    which = rng.integers(0, len(centres), n)
    lat = np.clip(centres[which, 0] + rng.normal(0, 0.3, n), -90, 90)
    lon = (centres[which, 1] + rng.normal(0, 0.6, n) + 180) % 360 - 180
    start = rng.integers(0, 30, n).astype(np.int64)
    end = start + (rng.random(n) < 0.1) * rng.integers(0, 10, n)
    found = find_pairs(lat, lon, start, end, km=km, hours=hours)
    i, j = np.triu_indices(n, 1)
    distance = haversine_m(lat[i], lon[i], lat[j], lon[j])
    gap = np.maximum(start[j] - end[i], start[i] - end[j])
    expect = (distance <= km * 1000) & (gap <= max_day_gap(hours))
    assert set(zip(found.left.tolist(), found.right.tolist(), strict=True)) == set(
        zip(i[expect].tolist(), j[expect].tolist(), strict=True)
    )
    assert np.all(found.left < found.right)


def test_fewer_than_two_events_give_no_pairs() -> None:
    one = np.array([1.0])
    found = find_pairs(one, one, np.array([1]), np.array([1]), km=10, hours=24)
    assert len(found) == 0
