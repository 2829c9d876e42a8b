"""Helpers of the importer tests: the small files in tests/data/ingest, in load order."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from truce.ingest import ImportReport, import_file

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
# Every kind in the order its references need (actors before what names them, and so on).
LOAD_ORDER = (
    ("actors", "actors.yaml"),
    ("sources", "sources.jsonl"),
    ("zones", "zones.geojson"),
    ("agreements", "agreements.csv"),
    ("notifications", "notifications.geojson"),
    ("acled", "acled.csv"),
    ("events", "events.jsonl"),
    ("statements", "statements.jsonl"),
    ("claims", "claims.jsonl"),
)


def load(engine: Engine, kind: str, path: Path | str, **kw: object) -> ImportReport:
    return import_file(engine, kind, path, actor="test", **kw)  # type: ignore[arg-type]


def load_until(engine: Engine, last: str) -> None:
    """Import the fixtures in order up to and including ``last``."""
    for kind, name in LOAD_ORDER:
        load(engine, kind, DATA / name)
        if kind == last:
            return
