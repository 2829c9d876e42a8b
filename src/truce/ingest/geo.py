"""Zones and notifications from GeoJSON features (the file is read by ``formats.geojson``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from truce import vocab
from truce.formats import fields
from truce.formats.fields import guard
from truce.formats.geojson import geometry, properties
from truce.formats.issues import FieldError
from truce.ingest.kinds import Context, common_links, external_id
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
