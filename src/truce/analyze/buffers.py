"""Buffers around notified geometry: one rule for the deconfliction check and the map.

An event is within a notification's buffer when its distance in metres to the geometry is at
most ``buffer_m``. Distances to a point are great-circle, on the sphere of radius
:data:`~truce.analyze.spacetime.EARTH_RADIUS_M` (haversine). Distances to a line or an area
are planar in the UTM zone of the geometry's centre (:func:`metric_epsg`; polar stereographic
beyond 84°N / 80°S), after routes crossing ±180° are joined the short way (:func:`unwrap`).

The map draws the same buffer (:func:`buffered`): a line or area is grown in that UTM zone; a
point's circle is drawn in the azimuthal equidistant projection centred on it, on the same
sphere, where planar distance from the centre is the great-circle distance. A point the
check counts as inside is inside the drawn polygon, up to the polygon's chords (under 0.03 %
of the buffer).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

from truce.analyze.spacetime import EARTH_RADIUS_M, haversine_m

QUAD_SEGS = 32  # segments per quarter circle in a drawn buffer: chords within 0.03 %


@cache
def _to_metric(epsg: int) -> Transformer:
    return Transformer.from_crs(4326, epsg, always_xy=True)


def metric_epsg(lat: float, lon: float) -> int:
    """UTM zone of (lat, lon) as an EPSG code; UPS near the poles."""
    if lat >= 84:
        return 32661
    if lat <= -80:
        return 32761
    zone = min(60, int((lon + 180) // 6) + 1)
    return (32600 if lat >= 0 else 32700) + zone


def unwrap(geometry: Any) -> Any:
    """Lines with each step under 180° of longitude: 179.99 → -179.99 becomes 179.99 → 180.01.

    A route's vertices are joined the short way round; longitudes may then pass ±180, which
    the search boxes split and the projections accept.
    """
    if geometry.geom_type not in ("LineString", "MultiLineString"):
        return geometry
    lines = [geometry] if geometry.geom_type == "LineString" else list(geometry.geoms)
    fixed = []
    for line in lines:
        coords = np.asarray(line.coords, dtype=np.float64)
        coords[:, 0] = np.degrees(np.unwrap(np.radians(coords[:, 0])))
        fixed.append(shapely.LineString(coords))
    return fixed[0] if len(fixed) == 1 else shapely.MultiLineString(fixed)


def _through(transformer: Transformer) -> Any:
    return lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))


def distances_m(geometries: Sequence[Any], it: Any, lat: Any, lon: Any) -> Any:
    """Metres from each point (``lat[j]``, ``lon[j]``) to ``geometries[it[j]]``, vectorised.

    Points: haversine. Lines and areas (already :func:`unwrap`-ped): both sides projected to the
    UTM (or polar) zone of the geometry's centre, then planar distance.
    """
    distance = np.zeros(len(it))
    is_point = np.array([g.geom_type == "Point" for g in geometries], dtype=bool)
    points = np.flatnonzero(is_point[it])
    if len(points):
        xs = np.array([g.x if p else 0.0 for g, p in zip(geometries, is_point, strict=True)])
        ys = np.array([g.y if p else 0.0 for g, p in zip(geometries, is_point, strict=True)])
        k = it[points]
        distance[points] = haversine_m(ys[k], xs[k], lat[points], lon[points])
    others = np.flatnonzero(~is_point[it])
    if not len(others):
        return distance
    epsg = np.zeros(len(geometries), dtype=np.int64)
    for k in np.unique(it[others]).tolist():
        centre = geometries[k].centroid
        epsg[k] = metric_epsg(centre.y, centre.x)
    for code in np.unique(epsg[it[others]]).tolist():
        rows = others[epsg[it[others]] == code]
        transformer = _to_metric(int(code))
        wanted = np.unique(it[rows])
        projected = shapely.transform(
            np.array([geometries[k] for k in wanted.tolist()], dtype=object),
            _through(transformer),
        )
        x, y = transformer.transform(np.asarray(lon[rows]), np.asarray(lat[rows]))
        geometry = projected[np.searchsorted(wanted, it[rows])]
        distance[rows] = shapely.distance(geometry, shapely.points(x, y))
    return distance


def buffered(geometry: dict[str, Any], metres: float) -> dict[str, Any]:
    """GeoJSON ``geometry`` grown by ``metres`` as the check measures it, for drawing."""
    if metres <= 0:
        return geometry
    geom = unwrap(shape(geometry))
    if geom.geom_type == "Point":
        local = f"+proj=aeqd +lat_0={geom.y} +lon_0={geom.x} +R={EARTH_RADIUS_M} +units=m"
        forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
        back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    else:
        centre = geom.centroid
        forward = _to_metric(metric_epsg(centre.y, centre.x))
        back = Transformer.from_crs(forward.target_crs, 4326, always_xy=True)
    grown = shapely.transform(geom, _through(forward)).buffer(metres, quad_segs=QUAD_SEGS)
    # short sides, so that straight in the projection stays straight enough in degrees
    grown = shapely.segmentize(grown, max_segment_length=metres / 8)
    near = geom.centroid.x

    def home(xy: Any) -> Any:  # longitudes on the geometry's side of ±180°, as it was drawn
        lon, lat = back.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon + 360.0 * np.round((near - lon) / 360.0), lat])

    return dict(mapping(shapely.transform(grown, home)))
