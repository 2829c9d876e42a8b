"""A small store for the exporter tests: the demo files without the 651 local agreements.

The exporters only read, so one store per backend serves the whole module (loading it takes a
few seconds, most of it the actor registry).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import Engine

from truce.config import sqlite_url
from truce.ingest import import_file
from truce.store.db import make_engine, migrate
from truce.store.headschema import postgres_schema

POSTGRES_ENV = "TRUCE_TEST_POSTGRES_URL"
SMALL = (
    ("actors", "actors.yaml"),
    ("sources", "sources.jsonl"),
    ("places", "places.jsonl"),
    ("zones", "zones.geojson"),
    ("agreements", "agreements.jsonl"),
    ("notifications", "notifications.geojson"),
    ("acled", "events_acled.csv"),
    ("events", "incidents.jsonl"),
    ("claims", "claims.jsonl"),
    ("statements", "statements.jsonl"),
)


def load_small(engine: Engine) -> None:
    with resources.as_file(resources.files("truce.demo")) as folder:
        for kind, name in SMALL:
            import_file(engine, kind, Path(folder) / name, actor="test")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def small_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A store holding the small demo, on SQLite and then on PostgreSQL (own schema)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = sqlite_url(tmp_path_factory.mktemp("export") / "small.sqlite")
        else:
            base = os.environ.get(POSTGRES_ENV)
            if not base:
                pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}")
            url = stack.enter_context(postgres_schema(base, prefix="t"))
        engine = make_engine(url)
        migrate(engine)
        load_small(engine)
        yield engine
        engine.dispose()
