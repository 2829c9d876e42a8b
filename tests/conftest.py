"""Shared fixtures: real temporary SQLite files, and PostgreSQL when configured.

``store_url`` and ``engine`` run a test once on SQLite and once on PostgreSQL; the PostgreSQL
run uses a schema of its own (dropped afterwards) so tests never see each other's rows, and it
skips with the reason when ``TRUCE_TEST_POSTGRES_URL`` is not set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text

from truce.config import normalise_url, sqlite_url
from truce.store.db import make_engine, migrate

POSTGRES_ENV = "TRUCE_TEST_POSTGRES_URL"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    return normalise_url(url) if url else None


@pytest.fixture
def sqlite_store_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "truce.sqlite")


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    base = postgres_base_url()
    if base is None:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1/test)"
        )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL, on each backend in turn."""
    name = "sqlite_store_url" if request.param == "sqlite" else "postgres_store_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each backend in turn."""
    eng = make_engine(store_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_store_url: str) -> Iterator[Engine]:
    """A migrated, empty SQLite store (for SQLite-only behaviour)."""
    eng = make_engine(sqlite_store_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def postgres_engine(postgres_store_url: str) -> Iterator[Engine]:
    """A migrated, empty PostgreSQL store (for PostgreSQL-only behaviour)."""
    eng = make_engine(postgres_store_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (SQLite), built once per test session (it takes 20–50 s); read only."""
    from truce.demo.load import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path, fresh=True, actor="test")
    return path


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip saying it is absent (a user's fresh clone)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (only beside the project's workspace)")
    return SHARED_DATA
