"""GeoJSON FeatureCollections: read and checked feature by feature, written one per line.

Reading: the document must be a FeatureCollection; each feature's properties (with the feature's
own ``id`` as ``id`` when the properties have none) and its geometry, checked with shapely (a
type the caller allows, closed rings, valid, WGS84 longitude and latitude in range). Problems
name the feature's index (from 0). Writing: points from a record's latitude and longitude
(events, places) or the record's own geometry (zones, notifications).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from truce.formats.issues import FieldError
from truce.formats.jsonl import dump
from truce.formats.source import Source, whole_text

GEOJSON_KINDS = ("events", "places", "zones", "notifications")
_POINT_KINDS = frozenset({"events", "places"})  # a point from latitude and longitude, if any


def json_document(source: Source) -> Any:
    """The file as one JSON document, or None after a bad-json or truncated-file issue."""
    content = whole_text(source)
    if content is None:
        return None
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        if error.pos >= len(content.rstrip()):
            source.issue(
                "truncated-file",
                error.lineno,
                "",
                "the JSON document ends before it is complete (the file was cut short)",
            )
        else:
            source.issue(
                "bad-json", error.lineno, "", f"not valid JSON (column {error.colno}): {error.msg}"
            )
        return None


def features(document: Any) -> list[Any]:
    """The features of a FeatureCollection, or FieldError saying what the file is instead."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FieldError(
            "bad-json",
            'expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", '
            '"features": [...]})',
            column="type",
        )
    found = document.get("features")
    if not isinstance(found, list):
        raise FieldError("bad-json", '"features" must be a list', column="features")
    return found


def properties(feature: Any, errors: list[FieldError]) -> dict[str, Any] | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        errors.append(FieldError("bad-json", "expected a GeoJSON Feature object", column="type"))
        return None
    props = feature.get("properties")
    if props is None:
        errors.append(
            FieldError(
                "null-properties",
                "the feature has no properties; give at least id, name and kind",
                column="properties",
            )
        )
        return None
    if not isinstance(props, dict):
        errors.append(FieldError("wrong-type", "properties must be an object", column="properties"))
        return None
    props = dict(props)
    if "id" not in props and feature.get("id") is not None:
        props["id"] = feature["id"]
    return props


def geometry(
    feature: Mapping[str, Any], allowed: tuple[str, ...], errors: list[FieldError]
) -> tuple[str, tuple[float, float, float, float]] | None:
    """The geometry as GeoJSON text and its bounding box, checked with shapely."""
    from shapely.errors import GEOSException
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    raw = feature.get("geometry")
    if not isinstance(raw, dict) or raw.get("type") not in allowed:
        kind = raw.get("type") if isinstance(raw, dict) else raw
        errors.append(
            FieldError(
                "invalid-geometry",
                f"geometry must be a {' or '.join(allowed)}, not {kind!r}",
                column="geometry",
            )
        )
        return None
    reason = _ring_problem(raw)
    if reason is None:
        try:
            geom = shape(raw)
        except (GEOSException, ValueError, TypeError, IndexError, AttributeError) as error:
            reason = f"cannot be read: {error}"
        else:
            if geom.is_empty:
                reason = "is empty"
            elif not geom.is_valid:
                reason = f"is not valid: {explain_validity(geom)}"
            else:
                min_lon, min_lat, max_lon, max_lat = geom.bounds
                if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
                    errors.append(
                        FieldError(
                            "out-of-range",
                            "coordinates must be longitude -180..180, latitude -90..90 (WGS84, "
                            "longitude first)",
                            column="geometry",
                        )
                    )
                    return None
                text = json.dumps(raw, separators=(",", ":"))
                return text, (min_lon, min_lat, max_lon, max_lat)
    errors.append(FieldError("invalid-geometry", f"the {raw['type']} {reason}", column="geometry"))
    return None


def _ring_problem(raw: Mapping[str, Any]) -> str | None:
    coords = raw.get("coordinates")
    if not isinstance(coords, list):
        return "has no coordinates list"
    if raw["type"] == "Polygon":
        polygons = [coords]
    elif raw["type"] == "MultiPolygon":
        polygons = coords
    else:
        return None
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "has a polygon without rings"
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return "has a ring of fewer than four positions"
            if ring[0] != ring[-1]:
                return "has a ring that is not closed (its last position must repeat the first)"
    return None


def _feature(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    if kind in _POINT_KINDS:
        lon, lat = item.get("longitude"), item.get("latitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lon is not None and lat is not None
            else None
        )
        return {"type": "Feature", "id": item["id"], "geometry": geometry, "properties": item}
    properties = {key: value for key, value in item.items() if key != "geometry"}
    return {
        "type": "Feature",
        "id": item["id"],
        "geometry": item["geometry"],
        "properties": properties,
    }


def write_geojson(kind: str, items: Iterator[dict[str, Any]], stream: TextIO) -> int:
    """A FeatureCollection written feature by feature (one per line)."""
    stream.write('{"type":"FeatureCollection","features":[\n')
    count = 0
    for item in items:
        stream.write((",\n" if count else "") + dump(_feature(kind, item)))
        count += 1
    stream.write("\n]}\n")
    return count
