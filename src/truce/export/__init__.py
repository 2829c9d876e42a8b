"""Exporters: records out as ACLED CSV, UCDP-style CSV, GeoJSON, JSON Lines and the actor YAML.

``export(engine, fmt, stream, kind=..., filters=...)`` writes one export to a text stream and
returns how many records it wrote. Every export streams (constant memory), leaves deleted
records out, and shows public records only unless ``filters.audience`` says otherwise.
The shapes are those the importers read (docs/formats.md), so an export can be imported again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

import yaml
from sqlalchemy import Engine

from truce.errors import InvalidInput
from truce.export.common import Filters
from truce.export.records import SHAPERS, iter_records
from truce.export.tables import acled_rows, ucdp_rows, write_csv
from truce.store.db import transaction

FORMATS = ("acled", "ucdp", "geojson", "jsonl", "actors")
GEOJSON_KINDS = ("events", "places", "zones", "notifications")
_POINT_KINDS = frozenset({"events", "places"})  # a point from latitude and longitude, if any


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(items: Iterator[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for item in items:
        stream.write(_dump(item) + "\n")
        count += 1
    return count


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
        stream.write((",\n" if count else "") + _dump(_feature(kind, item)))
        count += 1
    stream.write("\n]}\n")
    return count


def write_actors_yaml(items: Iterator[dict[str, Any]], stream: TextIO) -> int:
    """The actor registry as YAML (what ``truce import actors`` reads), one actor at a time."""
    stream.write("# Truce actor registry export (docs/formats.md, 'Actors').\n")
    count = 0
    for item in items:
        entry = {key: value for key, value in item.items() if value not in (None, [], "")}
        entry.setdefault("name", item["name"])
        stream.write(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100))
        count += 1
    if count == 0:
        stream.write("[]\n")
    return count


def export(
    engine: Engine,
    fmt: str,
    stream: TextIO,
    *,
    kind: str | None = None,
    filters: Filters | None = None,
) -> int:
    """Write one export of ``fmt`` (see :data:`FORMATS`) to ``stream``; returns the count."""
    chosen = filters or Filters()
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "geojson" and kind not in GEOJSON_KINDS:
        raise InvalidInput(f"--kind: GeoJSON exports one of {', '.join(GEOJSON_KINDS)}")
    if fmt == "jsonl" and kind not in SHAPERS:
        raise InvalidInput(f"--kind: JSON Lines exports one of {', '.join(SHAPERS)}")
    if fmt in ("acled", "ucdp", "actors") and kind is not None:
        raise InvalidInput(f"--kind does not apply to the {fmt} export")
    with transaction(engine) as session:
        if fmt == "acled":
            return write_csv(acled_rows(session, chosen), stream)
        if fmt == "ucdp":
            return write_csv(ucdp_rows(session, chosen), stream)
        if fmt == "actors":
            return write_actors_yaml(iter_records(session, "actors", chosen), stream)
        assert kind is not None
        items = iter_records(session, kind, chosen)
        if fmt == "geojson":
            return write_geojson(kind, items, stream)
        return write_jsonl(items, stream)


__all__ = [
    "FORMATS",
    "GEOJSON_KINDS",
    "Filters",
    "export",
    "iter_records",
]
