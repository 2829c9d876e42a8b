"""GeoJSON FeatureCollections of zones and notifications; problems name the feature's index."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from truce import vocab
from truce.ingest import fields
from truce.ingest.issues import FieldError
from truce.ingest.kinds import Context, common_links, external_id, guard
from truce.ingest.upsert import Parsed

ZONE_FIELDS = frozenset(
    {"name", "kind", "valid_from", "valid_to", "binds", "controls", "restricts", "notes"}
)
NOTIFICATION_FIELDS = frozenset(
    {
        "name",
        "kind",
        "buffer_m",
        "valid_from",
        "valid_to",
        "notified_by",
        "notified_to",
        "notified_on",
        "notes",
    }
)
_COMMON = frozenset({"id", "classification", "shared_with", "sources"})


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


def _unknown(props: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key not in known and key not in _COMMON}


def parse_zone(feature: Any, ctx: Context, errors: list[FieldError]) -> Parsed | None:
    props = properties(feature, errors)
    if props is None:
        return None
    ident = external_id(props, errors)
    classification, links = common_links(props, ctx, errors)
    shape_ = geometry(feature, ("Polygon", "MultiPolygon"), errors)
    roles: set[tuple[Any, ...]] = set()
    for role in vocab.ZONE_ROLES:
        for name in guard(errors, fields.names, props.get(role), role) or []:
            actor = guard(errors, ctx.actors.require, name, role)
            if actor is not None:
                roles.add((actor, role))
    links["zone_actors"] = frozenset(roles)
    start = guard(errors, fields.moment, props.get("valid_from"), "valid_from")
    end = guard(errors, fields.moment, props.get("valid_to"), "valid_to")
    guard(errors, fields.ordered_window, start, end, "valid_to")
    restricts = guard(errors, fields.names, props.get("restricts"), "restricts") or []
    known_subs = {sub for subs in vocab.ACLED_EVENT_TYPES.values() for sub in subs}
    for item in restricts:
        if item not in known_subs and item not in vocab.EVENT_TYPES:
            errors.append(
                FieldError(
                    "unknown-value",
                    f"{item!r} is not an ACLED event type or sub-type",
                    column="restricts",
                    value=item,
                )
            )
    if shape_ is None:
        return None
    text, bbox = shape_
    values = {
        "external_id": ident,
        "name": guard(errors, fields.text, props.get("name"), "name", required=True, max_len=300),
        "kind": guard(
            errors, fields.choice, props.get("kind"), "kind", vocab.ZONE_KINDS, required=True
        ),
        "valid_from": start,
        "valid_to": end,
        "restricts": restricts,
        **_shape_values(props, ZONE_FIELDS, text, bbox, errors),
        "classification": classification,
    }
    return Parsed(ident, values, links)


def _shape_values(
    props: dict[str, Any],
    known: frozenset[str],
    text: str,
    bbox: tuple[float, float, float, float],
    errors: list[FieldError],
) -> dict[str, Any]:
    """What zones and notifications store alike: unknown properties, notes, geometry, extent."""
    min_lon, min_lat, max_lon, max_lat = bbox
    return {
        "properties": _unknown(props, known),
        "notes": guard(errors, fields.text, props.get("notes"), "notes"),
        "geometry": text,
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
    }


def parse_notification(feature: Any, ctx: Context, errors: list[FieldError]) -> Parsed | None:
    props = properties(feature, errors)
    if props is None:
        return None
    ident = external_id(props, errors)
    classification, links = common_links(props, ctx, errors)
    shape_ = geometry(feature, ("Point", "LineString"), errors)
    recipients = guard(errors, fields.names, props.get("notified_to"), "notified_to") or []
    found = [guard(errors, ctx.actors.require, name, "notified_to") for name in recipients]
    links["recipients"] = frozenset((item,) for item in found if item is not None)
    by = guard(errors, fields.text, props.get("notified_by"), "notified_by")
    start = guard(errors, fields.moment, props.get("valid_from"), "valid_from")
    end = guard(errors, fields.moment, props.get("valid_to"), "valid_to")
    guard(errors, fields.ordered_window, start, end, "valid_to")
    kind = guard(errors, fields.choice, props.get("kind"), "kind", vocab.NOTIFICATION_KINDS)
    if shape_ is None:
        return None
    text, bbox = shape_
    if kind is None:
        kind = "movement" if '"LineString"' in text else "site"
    values = {
        "external_id": ident,
        "name": guard(errors, fields.text, props.get("name"), "name", required=True, max_len=300),
        "kind": kind,
        "buffer_m": guard(
            errors, fields.number, props.get("buffer_m"), "buffer_m", low=0.0, high=1_000_000.0
        )
        or 0.0,
        "valid_from": start,
        "valid_to": end,
        "notified_by_id": guard(errors, ctx.actors.require, by, "notified_by") if by else None,
        "notified_on": guard(errors, fields.moment, props.get("notified_on"), "notified_on"),
        **_shape_values(props, NOTIFICATION_FIELDS, text, bbox, errors),
        "classification": classification,
    }
    return Parsed(ident, values, links)
