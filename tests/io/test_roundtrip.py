"""Round trips: what Truce exports, Truce imports again without losing anything.

Each test exports from a store on each backend, imports the file into a fresh SQLite store, and
checks that the records are the same (and that exporting them again gives the same file).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from truce.config import sqlite_url
from truce.export import Filters, export
from truce.ingest import import_file
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import Event
from truce.store.serialize import to_dict
from truce.store.visibility import EVERYONE

EVERYTHING = Filters(audience=EVERYONE)
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "row_hash"})


@pytest.fixture
def demo_dir() -> Iterator[Path]:
    with resources.as_file(resources.files("truce.demo")) as folder:
        yield Path(folder)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Engine]:
    """A second, empty store to import the exports into."""
    engine = make_engine(sqlite_url(tmp_path / "other.sqlite"))
    migrate(engine)
    yield engine
    engine.dispose()


def dump(engine: Engine, fmt: str, kind: str | None = None) -> str:
    stream = io.StringIO()
    export(engine, fmt, stream, kind=kind, filters=EVERYTHING)
    return stream.getvalue()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def events(engine: Engine) -> dict[str, dict[str, object]]:
    with transaction(engine) as session:
        rows = session.scalars(select(Event)).all()
        return {str(e.external_id): to_dict(e, exclude=BOOKKEEPING) for e in rows}


def load(engine: Engine, folder: Path, *files: tuple[str, str]) -> None:
    for kind, name in files:
        import_file(engine, kind, folder / name, actor="test")


def test_acled_import_export_import_gives_the_same_records(
    engine: Engine, other: Engine, demo_dir: Path, tmp_path: Path
) -> None:
    load(engine, demo_dir, ("acled", "events_acled.csv"))
    exported = write(tmp_path, "acled.csv", dump(engine, "acled"))
    import_file(other, "acled", exported, actor="test")
    assert events(other) == events(engine)
    assert dump(other, "acled") == exported.read_text(encoding="utf-8")


def test_reimporting_an_acled_export_into_its_own_store_creates_nothing(
    engine: Engine, demo_dir: Path, tmp_path: Path
) -> None:
    load(engine, demo_dir, ("acled", "events_acled.csv"))
    before = events(engine)
    report = import_file(engine, "acled", write(tmp_path, "a.csv", dump(engine, "acled")),
                         actor="test")  # fmt: skip
    assert report.created == 0
    assert events(engine) == before


REGISTRY = (("actors", "actors.yaml"), ("sources", "sources.jsonl"), ("zones", "zones.geojson"))


def test_agreements_jsonl_export_import_keeps_parties_and_provisions(
    engine: Engine, other: Engine, demo_dir: Path, tmp_path: Path
) -> None:
    load(engine, demo_dir, *REGISTRY, ("agreements", "agreements.jsonl"))
    local = (demo_dir / "local_agreements.csv").read_text(encoding="utf-8").splitlines()
    import_file(engine, "agreements", write(tmp_path, "l.csv", "\n".join(local[:41]) + "\n"),
                actor="test")  # fmt: skip
    text = dump(engine, "jsonl", "agreements")
    assert len(text.splitlines()) == 42
    load(other, demo_dir, *REGISTRY)
    import_file(other, "agreements", write(tmp_path, "agreements.jsonl", text), actor="test")
    assert dump(other, "jsonl", "agreements") == text


def test_actor_registry_export_import_keeps_aliases_offices_and_relationships(
    engine: Engine, other: Engine, demo_dir: Path, tmp_path: Path
) -> None:
    load(engine, demo_dir, ("actors", "actors.yaml"))
    text = dump(engine, "actors")
    import_file(other, "actors", write(tmp_path, "actors.yaml", text), actor="test")
    assert dump(other, "actors") == text
    assert "Jabhat Fateh al-Sham" in text and "Minister of Foreign Affairs" in text


def test_zones_geojson_export_import_keeps_geometry_and_bound_actors(
    engine: Engine, other: Engine, demo_dir: Path, tmp_path: Path
) -> None:
    load(engine, demo_dir, *REGISTRY)
    text = dump(engine, "geojson", "zones")
    load(other, demo_dir, ("actors", "actors.yaml"), ("sources", "sources.jsonl"))
    import_file(other, "zones", write(tmp_path, "zones.geojson", text), actor="test")
    assert dump(other, "geojson", "zones") == text
    assert dump(other, "jsonl", "zones") == dump(engine, "jsonl", "zones")
