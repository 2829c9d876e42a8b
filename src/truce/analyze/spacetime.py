"""Pairs of events close in space and time: the numeric core of ``truce near`` and ``cooccur``.

Space. Every event becomes a point on the unit sphere (x, y, z). Two events are within ``km`` of
each other on the great circle exactly when the straight chord between their points is at most
``2·sin(km / 2R)``, so a grid of cubes of that side over (x, y, z) finds every candidate pair
among the 27 neighbouring cubes. The antimeridian and the poles need no special case: there is
no seam in (x, y, z). Distances are then computed with the haversine formula on a sphere of
radius :data:`EARTH_RADIUS_M` (PostGIS's sphere, so its ``ST_DWithin(..., false)`` agrees).

Time. Events are dated to the day (or to a span of days: a UCDP window, a week, a month). An
event dated to a day may have happened at any moment of that day, so two events *may have been*
within ``hours`` of each other when the closest moments of their spans are less than ``hours``
apart. For spans of whole days that means a gap of at most ``ceil(hours / 24)`` days between
the last day of one and the first day of the other (``hours=24``: the same or the next day;
``hours=0``: spans sharing a day). The grid's fourth axis is a bucket of days (one day for
gaps up to 2, else ``gap + 1``); an event spanning several buckets is entered in each.

Cores. A large input is cut into slabs along the axis of (x, y, z) where the events spread most,
each slab one cell layer thicker than its share so that every pair lies whole in one slab; each
slab runs in its own process (:mod:`truce.analyze.parallel`) and keeps the pairs whose lower
cell is its own, so the merged pairs are exactly those one process finds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from truce.analyze.parallel import run_parts, worker_count
from truce.errors import InvalidInput

EARTH_RADIUS_M = 6_371_008.7714  # mean radius of the WGS 84 ellipsoid, PostGIS's sphere
_MAX_CANDIDATES = 4_000_000  # candidate pairs examined at once (bounds memory)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PairArrays:
    """Pairs as parallel arrays of positions into the input (``left < right``)."""

    left: IntArray
    right: IntArray
    distance_m: FloatArray
    day_gap: IntArray  # whole days between the spans (0 when they share a day)

    def __len__(self) -> int:
        return int(self.left.shape[0])


def max_day_gap(hours: float) -> int:
    """The largest gap in days between two day spans whose moments can be < ``hours`` apart."""
    if hours < 0 or not math.isfinite(hours):
        raise InvalidInput(f"--hours must be a number of hours ≥ 0, not {hours}")
    return math.ceil(hours / 24)


def chord_for(km: float) -> float:
    """The chord on the unit sphere that matches a great-circle distance of ``km``."""
    if km < 0 or not math.isfinite(km):
        raise InvalidInput(f"--km must be a distance in kilometres ≥ 0, not {km}")
    angle = min(km * 1000 / EARTH_RADIUS_M, math.pi)
    return 2 * math.sin(angle / 2)


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Points on the unit sphere, one row (x, y, z) per (latitude, longitude) in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def haversine_m(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distances in metres (haversine formula), element by element."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlam = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def _cells(values: FloatArray, size: float) -> IntArray:
    cells = np.floor(values / size).astype(np.int64)
    return np.asarray(cells - cells.min() if cells.size else cells)


def _bits(cells: IntArray) -> int:
    return max(int(cells.max()).bit_length() + 1, 1) if cells.size else 1


def _grid(
    xyz: FloatArray, start: IntArray, end: IntArray, chord: float, bucket: int
) -> tuple[IntArray, IntArray, list[int]]:
    """Cell keys of each (event, time bucket) entry, the entry's event, and the key strides.

    An event whose span covers several buckets gets one entry per bucket. Cells grow when the
    packed key would not fit 62 bits (correct still, only more candidates to check).
    """
    size = max(chord, 1e-9)
    first = int(start.min())
    while True:
        axes = [_cells(xyz[:, i], size) for i in range(3)]
        t0 = (start - first) // bucket
        t1 = (end - first) // bucket
        bits = [_bits(a) for a in axes] + [_bits(t1) + 1]
        if sum(bits) <= 62:
            break
        size *= 2
    count = (t1 - t0 + 1).astype(np.int64)
    owner = np.repeat(np.arange(start.shape[0], dtype=np.int64), count)
    offset = np.arange(owner.shape[0], dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    tb = t0[owner] + offset
    strides = [1 << (bits[1] + bits[2] + bits[3]), 1 << (bits[2] + bits[3]), 1 << bits[3], 1]
    keys = (
        axes[0][owner] * strides[0] + axes[1][owner] * strides[1] + axes[2][owner] * strides[2] + tb
    )
    return keys, owner, strides


def _half_neighbourhood(strides: list[int], reach: int) -> list[int]:
    """Key offsets to the cells after this one in the 3×3×3 × (2·reach + 1) block, and 0."""
    offsets = set()
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dz in (-1, 0, 1):
                for dt in range(-reach, reach + 1):
                    key = dx * strides[0] + dy * strides[1] + dz * strides[2] + dt * strides[3]
                    if key >= 0:
                        offsets.add(key)
    return sorted(offsets)


def _ragged_product(
    a_start: IntArray, a_count: IntArray, b_start: IntArray, b_count: IntArray
) -> tuple[IntArray, IntArray]:
    """Every (i, j) with i in each block of A and j in the matching block of B."""
    sizes = a_count * b_count
    total = int(sizes.sum())
    block = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = b_count[block]
    return a_start[block] + within // width, b_start[block] + within % width


def find_pairs(
    lat: FloatArray,
    lon: FloatArray,
    start_day: IntArray,
    end_day: IntArray,
    *,
    km: float,
    hours: float,
    workers: int | None = None,
) -> PairArrays:
    """Every pair of events within ``km`` (great circle) and ``hours`` (see the module's rule).

    ``start_day``/``end_day`` are day numbers (days since 1970-01-01) of each event's first and
    last day. Returns positions into the inputs, each pair once with ``left < right``, sorted.
    ``workers``: processes to use (default: the usable cores for a large input, else one).
    """
    n = int(lat.shape[0])
    if n < 2:
        return _no_pairs()
    lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    start_day = np.asarray(start_day, dtype=np.int64)
    end_day = np.maximum(np.asarray(end_day, dtype=np.int64), start_day)
    chord, gap = chord_for(km), max_day_gap(hours)
    jobs = worker_count(workers, n)
    xyz = unit_vectors(lat, lon)
    slabs = _slabs(xyz, chord, jobs) if jobs > 1 else []
    if len(slabs) < 2:
        return _pairs_in(xyz, lat, lon, start_day, end_day, chord, gap, km)
    parts = [
        (xyz[where], lat[where], lon[where], start_day[where], end_day[where], chord, gap, km)
        for where, _ in slabs
    ]
    found = run_parts(_pairs_in, parts)
    return _merge([(where, own, pairs) for (where, own), pairs in zip(slabs, found, strict=True)])


def _no_pairs() -> PairArrays:
    empty = np.zeros(0, dtype=np.int64)
    return PairArrays(empty, empty, np.zeros(0), empty)


def _slabs(xyz: FloatArray, chord: float, jobs: int) -> list[tuple[IntArray, IntArray]]:
    """Up to ``jobs`` slabs of about equal counts: (events in the slab and the next cell layer,
    whether each is in the slab proper).

    Slabs are whole cells along the widest axis; cells are a little wider than the chord, so the
    two events of a pair are in the same cell or in adjacent ones.
    """
    axis = int(np.argmax(xyz.max(axis=0) - xyz.min(axis=0)))
    size = chord * (1 + 1e-6) + 1e-12
    cell = np.floor(xyz[:, axis] / size).astype(np.int64)
    ordered = np.sort(cell)
    cuts = np.unique(ordered[(np.arange(1, jobs) * ordered.shape[0]) // jobs])
    cuts = cuts[cuts > ordered[0]]
    if not cuts.shape[0]:
        return []
    edges = [int(ordered[0]), *cuts.tolist(), int(ordered[-1]) + 1]
    slabs = []
    for low, high in itertools.pairwise(edges):
        where = np.flatnonzero((cell >= low) & (cell <= high))
        slabs.append((where, cell[where] < high))
    return slabs


def _merge(parts: list[tuple[IntArray, IntArray, PairArrays]]) -> PairArrays:
    """Slabs' pairs in the input's positions, each kept by the slab owning its lower cell."""
    lefts, rights, distances, gaps = [], [], [], []
    for where, own, pairs in parts:
        keep = own[pairs.left] | own[pairs.right]
        lefts.append(where[pairs.left[keep]])
        rights.append(where[pairs.right[keep]])
        distances.append(pairs.distance_m[keep])
        gaps.append(pairs.day_gap[keep])
    left, right = np.concatenate(lefts), np.concatenate(rights)
    order = np.lexsort((right, left))
    return PairArrays(
        left[order], right[order], np.concatenate(distances)[order], np.concatenate(gaps)[order]
    )


def _pairs_in(
    xyz: FloatArray,
    lat: FloatArray,
    lon: FloatArray,
    start_day: IntArray,
    end_day: IntArray,
    chord: float,
    gap: int,
    km: float,
) -> PairArrays:
    """Every pair among these events, in one process."""
    n = int(lat.shape[0])
    if n < 2:
        return _no_pairs()
    # Buckets of one day when the gap is short (fewer candidates), else of gap + 1 days.
    bucket = 1 if gap <= 2 else gap + 1
    reach = -(-gap // bucket) if gap else 0
    keys, owner, strides = _grid(xyz, start_day, end_day, chord, bucket)
    order = np.argsort(keys, kind="stable")
    keys, owner = keys[order], owner[order]
    boundaries = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    first = np.concatenate(([0], boundaries)).astype(np.int64)
    count = np.diff(np.concatenate((first, [keys.shape[0]]))).astype(np.int64)
    cells = keys[first]
    # Entry-ordered copies: candidates read them almost sequentially.
    entries = _Entries(
        owner=owner,
        x=np.ascontiguousarray(xyz[owner, 0]),
        y=np.ascontiguousarray(xyz[owner, 1]),
        z=np.ascontiguousarray(xyz[owner, 2]),
        start=start_day[owner],
        end=end_day[owner],
    )
    limit = chord * chord * (1 + 1e-9) + 1e-18  # lenient: the haversine test decides
    found: list[tuple[IntArray, IntArray]] = []
    for a_idx, b_idx, same_cell in _matched_cells(cells, strides, reach):
        found.extend(_candidates(a_idx, b_idx, first, count, entries, limit, gap, same_cell))
    exploded = bool(owner.shape[0] > n)
    return _assemble(found, lat, lon, start_day, end_day, km=km, dedupe=exploded)


_DENSE_LIMIT = 32_000_000  # spatial cells × time buckets up to which a lookup table is used


def _matched_cells(
    cells: IntArray, strides: list[int], reach: int
) -> Iterator[tuple[IntArray, IntArray, bool]]:
    """(cell, neighbour cell, same cell?) index arrays for each offset of the half block.

    With few occupied spatial cells the neighbours come from a dense (spatial cell, bucket)
    table (gathers); otherwise from a binary search of the packed keys.
    """
    time_bits = strides[2].bit_length() - 1
    spatial = cells >> time_bits
    bucket = cells & (strides[2] - 1)
    new_cell = np.concatenate(([True], spatial[1:] != spatial[:-1]))
    occupied = spatial[new_cell]
    n_time = int(bucket.max()) + 1
    if occupied.shape[0] * n_time > _DENSE_LIMIT:
        for step in _half_neighbourhood(strides, reach):
            where = np.minimum(np.searchsorted(cells, cells + step), cells.shape[0] - 1)
            hit = cells[where] == cells + step
            yield np.flatnonzero(hit), where[hit], step == 0
        return
    compact = np.cumsum(new_cell) - 1
    index_type = np.int32 if cells.shape[0] < 2**31 else np.int64
    table = np.full(occupied.shape[0] * n_time, -1, dtype=index_type)
    table[compact * n_time + bucket] = np.arange(cells.shape[0], dtype=index_type)
    sx, sy = strides[0] >> time_bits, strides[1] >> time_bits
    for dx, dy, dz in itertools.product((-1, 0, 1), repeat=3):
        shift = dx * sx + dy * sy + dz
        where = np.minimum(np.searchsorted(occupied, occupied + shift), occupied.shape[0] - 1)
        neighbour = np.where(occupied[where] == occupied + shift, where, -1)[compact]
        base = np.flatnonzero(neighbour >= 0)  # cells with an occupied neighbour this way
        row = neighbour[base] * n_time + bucket[base]
        for dt in range(0 if shift >= 0 else 1, reach + 1):
            inside = bucket[base] + dt < n_time
            a_idx = base[inside]
            b_idx = table[row[inside] + dt].astype(np.int64)
            hit = b_idx >= 0
            yield a_idx[hit], b_idx[hit], shift == 0 and dt == 0


@dataclass(frozen=True)
class _Entries:
    owner: IntArray
    x: FloatArray
    y: FloatArray
    z: FloatArray
    start: IntArray
    end: IntArray


def _candidates(
    a_idx: IntArray,
    b_idx: IntArray,
    first: IntArray,
    count: IntArray,
    e: _Entries,
    limit: float,
    gap: int,
    same_cell: bool,
) -> list[tuple[IntArray, IntArray]]:
    """Pairs from matched cells, in chunks, kept when close enough in space and time."""
    out: list[tuple[IntArray, IntArray]] = []
    sizes = count[a_idx] * count[b_idx]
    bounds = np.searchsorted(np.cumsum(sizes), np.arange(0, int(sizes.sum()), _MAX_CANDIDATES))
    edges = [*bounds.tolist(), a_idx.shape[0]]
    for lo, hi in itertools.pairwise(edges):
        hi = max(hi, lo + 1)
        ca, cb = a_idx[lo:hi], b_idx[lo:hi]
        pa, pb = _ragged_product(first[ca], count[ca], first[cb], count[cb])
        if same_cell:
            keep = pa < pb
            pa, pb = pa[keep], pb[keep]
        keep = (e.start[pb] - e.end[pa] <= gap) & (e.start[pa] - e.end[pb] <= gap)
        pa, pb = pa[keep], pb[keep]
        dx, dy, dz = e.x[pa] - e.x[pb], e.y[pa] - e.y[pb], e.z[pa] - e.z[pb]
        keep = dx * dx + dy * dy + dz * dz <= limit
        i, j = e.owner[pa[keep]], e.owner[pb[keep]]
        keep = i != j
        i, j = i[keep], j[keep]
        out.append((np.minimum(i, j), np.maximum(i, j)))
    return out


def _assemble(
    found: list[tuple[IntArray, IntArray]],
    lat: FloatArray,
    lon: FloatArray,
    start_day: IntArray,
    end_day: IntArray,
    *,
    km: float,
    dedupe: bool,
) -> PairArrays:
    n = np.int64(lat.shape[0])
    if found:
        codes = np.sort(np.concatenate([i * n + j for i, j in found]))
        if dedupe and codes.shape[0]:  # sort and compare: faster than np.unique's hashing
            codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    else:
        codes = np.zeros(0, dtype=np.int64)
    left, right = codes // n, codes % n
    distance = haversine_m(lat[left], lon[left], lat[right], lon[right])
    within = distance <= km * 1000
    left, right, distance = left[within], right[within], distance[within]
    day_gap = np.maximum(
        0, np.maximum(start_day[right] - end_day[left], start_day[left] - end_day[right])
    )
    return PairArrays(left, right, distance, day_gap)
