"""The map's drawn buffer and the deconfliction check agree on points near the buffer's edge."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from truce.analyze.buffers import buffered, distances_m, unwrap
from truce.analyze.deconfliction import Notified, match

CASES = {
    "site near Aleppo": {"type": "Point", "coordinates": [37.16, 36.2]},
    "site at 69°N": {"type": "Point", "coordinates": [18.95, 69.65]},
    "route across a UTM zone edge": {
        "type": "LineString",
        "coordinates": [[35.9, 35.5], [36.1, 35.52], [36.3, 35.6]],
    },
    "warehouse compound": {
        "type": "Polygon",
        "coordinates": [[[37.0, 36.1], [37.02, 36.1], [37.02, 36.115], [37.0, 36.1]]],
    },
    "route across ±180°": {
        "type": "LineString",
        "coordinates": [[179.98, -16.0], [-179.98, -16.0]],
    },
}


def _near_edge(geometry: object, metres: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid points around the geometry whose checked distance is 0.1 %–5 % off the buffer."""
    west, south, east, north = geometry.bounds  # type: ignore[attr-defined]
    pad = 2.5 * metres / 111_000 / np.cos(np.radians(max(abs(south), abs(north))))
    lon, lat = np.meshgrid(
        np.linspace(west - pad, east + pad, 400), np.linspace(south - pad, north + pad, 400)
    )
    lat, lon = lat.ravel(), lon.ravel()
    distance = distances_m([geometry], np.zeros(len(lat), dtype=np.int64), lat, lon)
    near = (np.abs(distance / metres - 1) > 0.001) & (np.abs(distance / metres - 1) < 0.05)
    return lat[near], lon[near], distance[near]


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("metres", [300.0, 5000.0])
def test_the_drawn_buffer_holds_the_points_the_check_counts(name: str, metres: float) -> None:
    geometry = CASES[name]
    area = shape(buffered(geometry, metres))
    lat, lon, distance = _near_edge(unwrap(shape(geometry)), metres)
    assert (distance < metres).sum() > 50 and (distance > metres).sum() > 50
    items = [Notified.of(1, shape(geometry), metres, 0.0, 24.0)]
    ev, _, _, _ = match(items, lat, (lon + 180) % 360 - 180, np.zeros(len(lat)), np.ones(len(lat)))
    checked = np.zeros(len(lat), dtype=bool)
    checked[ev] = True
    assert (checked == (distance <= metres)).all()
    drawn = shapely.contains_xy(area, lon, lat)
    assert (drawn == checked).all(), f"{int((drawn != checked).sum())} of {len(lat)} disagree"
