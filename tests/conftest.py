"""Shared fixtures: real temporary SQLite files, and PostgreSQL when configured.

``store_url`` and ``engine`` run a test once on SQLite and once on PostgreSQL; the PostgreSQL
run uses a database of its own (or, where the role may not create databases, a schema of its
own; dropped afterwards) so tests never see each other's rows, and it skips with the reason
when ``TRUCE_TEST_POSTGRES_URL`` is not set. A migrated store is a copy of one migrated once
per test process.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from truce.config import normalise_url, sqlite_url
from truce.store.db import make_engine, migrate
from truce.store.headschema import postgres_schema

POSTGRES_ENV = "TRUCE_TEST_POSTGRES_URL"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    return normalise_url(url) if url else None


# The fixtures that ask for a migrated store: a test using one gets its store URL migrated.
_MIGRATED = {"sqlite": ("engine", "sqlite_engine"), "postgres": ("engine", "postgres_engine")}


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store migrated once per test process, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    engine = make_engine(sqlite_url(path))
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_store_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new SQLite file: empty, or a copy of a migrated one for a test using an engine."""
    path = tmp_path / "truce.sqlite"
    if any(name in request.fixturenames for name in _MIGRATED["sqlite"]):
        template = request.getfixturevalue("_sqlite_template")
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(path)) as copy:
            source.backup(copy)
    return sqlite_url(path)


class _Postgres:
    """The test server. Each test has a database of its own where the role may create
    databases, else a schema of its own in the configured database. A migrated database is a
    copy of a template migrated once per test process (~0.25 s, where migrating takes ~0.7 s),
    made on a thread of its own while the test before runs; databases are dropped there too."""

    def __init__(self, base: str) -> None:
        self.base = make_url(base)
        self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
        self.template: str | None = None
        self.background = ThreadPoolExecutor(1)
        self.next: Future[str] | None = None  # a migrated database made ahead
        with self.admin.connect() as conn:
            self.databases = bool(
                conn.execute(
                    text(
                        "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
                    )
                ).scalar()
            )

    def _run(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def _template(self) -> str:
        if self.template is None:
            self.template = f"template_{uuid.uuid4().hex[:12]}"
            self._run(f'CREATE DATABASE "{self.template}"')
            engine = make_engine(self._url(self.template))
            migrate(engine)
            engine.dispose()
        return self.template

    def _database(self, *, migrated: bool) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{self._template()}"' if migrated else ""
        self._run(f'CREATE DATABASE "{name}"{template}')
        # A test's commits need not wait for the disk (the server's other databases do).
        self._run(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        return name

    def store(self, *, migrated: bool) -> Iterator[str]:
        if not self.databases:
            base = self.base.render_as_string(hide_password=False)
            with postgres_schema(base, prefix="t") as url:
                if migrated:
                    engine = make_engine(url)
                    migrate(engine)
                    engine.dispose()
                yield url
            return
        if migrated:
            made = self.next or self.background.submit(self._database, migrated=True)
            name = made.result()
            self.next = self.background.submit(self._database, migrated=True)
        else:
            name = self._database(migrated=False)
        yield self._url(name)
        self.background.submit(self._run, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self.next is not None:
            name = self.next.result()
            self.background.submit(self._run, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.background.shutdown(wait=True)
        if self.template is not None:
            self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def _postgres() -> Iterator[_Postgres | None]:
    base = postgres_base_url()
    if base is None:
        yield None
        return
    server = _Postgres(base)
    yield server
    server.close()


@pytest.fixture
def postgres_store_url(
    _postgres: _Postgres | None, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A new PostgreSQL store: empty, or migrated for a test using an engine."""
    if _postgres is None:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1/test)"
        )
    migrated = any(name in request.fixturenames for name in _MIGRATED["postgres"])
    yield from _postgres.store(migrated=migrated)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL, on each backend in turn (migrated for a test using an engine)."""
    name = "sqlite_store_url" if request.param == "sqlite" else "postgres_store_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each backend in turn."""
    eng = make_engine(store_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_store_url: str) -> Iterator[Engine]:
    """A migrated, empty SQLite store (for SQLite-only behaviour)."""
    eng = make_engine(sqlite_store_url)
    yield eng
    eng.dispose()


@pytest.fixture
def postgres_engine(postgres_store_url: str) -> Iterator[Engine]:
    """A migrated, empty PostgreSQL store (for PostgreSQL-only behaviour)."""
    eng = make_engine(postgres_store_url)
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
