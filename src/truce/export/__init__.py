"""Exporters: records out as ACLED CSV, UCDP-style CSV, GeoJSON, JSON Lines and the actor YAML.

``export(engine, fmt, stream, kind=..., filters=...)`` writes one export to a text stream and
returns how many records it wrote. Every export streams (constant memory), leaves deleted
records out, and shows public records only unless ``filters.audience`` says otherwise.
The shapes are those the importers read (docs/formats.md), so an export can be imported again;
each format's writer is in :mod:`truce.formats`, this package reads the records to write.
"""

from __future__ import annotations

from typing import TextIO

from sqlalchemy import Engine

from truce.errors import InvalidInput
from truce.export.common import Filters
from truce.export.records import SHAPERS, iter_records
from truce.export.tables import acled_rows, ucdp_rows
from truce.formats.actors import write_actors_yaml
from truce.formats.csvfile import write_csv
from truce.formats.geojson import GEOJSON_KINDS, write_geojson
from truce.formats.jsonl import write_jsonl
from truce.store.db import transaction

FORMATS = ("acled", "ucdp", "geojson", "jsonl", "actors")


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
