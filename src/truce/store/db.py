"""Engines, sessions and migrations for SQLite (default, WAL) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from truce.errors import ConfigError, MissingDependency, NoStore

SQLITE_HEADER = b"SQLite format 3\x00"
CREATE_HINT = "create one with `truce init`, `truce demo` or `truce import`"
MMAP_BYTES = 4 << 30  # read up to 4 GiB of a SQLite file through a memory map (_sqlite_pragmas)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA cache_size=-65536")
    # Reads pages where the file is mapped in memory instead of copying each one into the page
    # cache: the map query reads a few hundred rows scattered over the file, and those copies
    # were a third of its CPU. SQLite lowers the size to its build's limit (2 GiB on Debian's).
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


def sqlite_driver(connection: Connection | Session) -> sqlite3.Connection | None:
    """The sqlite3 connection under ``connection`` (in its transaction), or None when the store
    is not SQLite. For the reads a server runs on every request (the session check, the map),
    where SQLAlchemy's statement and result set-up would cost more than the query itself."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name != "sqlite":
        return None
    plain = connection.connection() if isinstance(connection, Session) else connection
    driver = plain.connection.driver_connection
    return driver if isinstance(driver, sqlite3.Connection) else None


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if find_spec("psycopg") is None:
            raise MissingDependency(
                "a PostgreSQL store needs the psycopg driver: pip install 'truce[postgres]'"
            )
        if parsed.drivername == "postgresql":
            url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(False))
        return create_engine(url, echo=echo, pool_pre_ping=True)
    raise ConfigError(
        f"unsupported database URL {parsed.render_as_string()!r}: "
        "use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits together or not at all."""
    factory = session_factory(engine)
    with factory() as session, session.begin():
        yield session


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    location = resources.files("truce.store") / "migrations"
    config.set_main_option("script_location", str(location))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Bring the schema to ``revision`` through the named Alembic migrations."""
    from alembic import command

    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, *, revision: str = "base") -> None:
    from alembic import command

    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_initialised(engine: Engine) -> bool:
    return "alembic_version" in inspect(engine).get_table_names()


def head_revision() -> str:
    """The newest migration's revision, read from the file names without loading Alembic: each
    migration is named by its revision, numbered in order (``0011_link_seals``), one line."""
    versions = resources.files("truce.store") / "migrations" / "versions"
    return max(
        entry.name.removesuffix(".py")
        for entry in versions.iterdir()
        if entry.name[:4].isdigit() and entry.name.endswith(".py")
    )


HEAD_SEPARATOR = "\n;\n"  # ends each statement of a head_<dialect>.sql file


def head_file(dialect: str) -> Traversable:
    """The statements the migrations send to an empty ``dialect`` store (store/headschema.py)."""
    return resources.files("truce.store") / "migrations" / f"head_{dialect}.sql"


def _head_statements(dialect: str) -> list[str] | None:
    """The packaged statements that make an empty store's schema at the newest revision, the
    stamp last; None when there are none for ``dialect`` or they are of an older revision."""
    try:
        body = head_file(dialect).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    header, _, statements = body.partition("\n\n")
    if f"-- revision: {head_revision()}" not in header.splitlines():
        return None
    return [statement for statement in statements.split(HEAD_SEPARATOR) if statement]


def _is_empty(connection: Connection) -> bool:
    """Whether the store holds no table, index, view or sequence at all (of anyone's)."""
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    else:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_class JOIN pg_namespace ON pg_namespace.oid = relnamespace"
            " WHERE nspname = current_schema()"
        ).scalar()
    return found == 0


def create_at_head(engine: Engine) -> bool:
    """Make an empty store's schema as the migrations would, without Alembic: the statements
    they send to an empty store, recorded in the package (:mod:`truce.store.headschema`), in one
    transaction. False, with nothing done, when the store is not empty or no statements of the
    newest revision are packaged for its dialect: then :func:`migrate` is the way."""
    statements = _head_statements(engine.dialect.name)
    if statements is None:
        return False
    with engine.begin() as connection:
        if is_sqlite(engine):
            # pysqlite would run the CREATEs outside a transaction, and another process could
            # make the store between the check and the first CREATE: take the write lock first.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        if not _is_empty(connection):
            return False
        for statement in statements:
            connection.exec_driver_sql(statement)
    return True


def stored_revision(engine: Engine) -> str | None:
    """The revision a store's schema is at, read without Alembic (None: no Truce tables)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if found is None else str(found)


def _sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL or an in-memory store)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def _blocking_file(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that exists but is a file."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def check_sqlite_path(path: Path) -> None:
    """Refuse, in one line, a path no SQLite file can be made at: a folder, or a path
    through a file."""
    blocker = _blocking_file(path)
    if blocker is not None:
        raise NoStore(f"--db {path}: {blocker} is a file, not a folder")
    if path.is_dir():
        raise NoStore(f"--db {path} is a folder: give a file such as {path / 'truce.sqlite'}")


def check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse, in one line, a path that cannot hold a Truce store (or, unless ``create``, one
    that holds none yet): a folder, a path through a file, a file that is not SQLite."""
    check_sqlite_path(path)
    if not path.exists():
        if create:
            return
        raise NoStore(f"no Truce store at {path} (no such file): {CREATE_HINT}")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise NoStore(f"--db {path}: cannot read it ({error.strerror})") from None
    if not head:
        if create:
            return
        raise NoStore(f"{path} is an empty file, not a Truce store: {CREATE_HINT}")
    if head != SQLITE_HEADER:
        raise NoStore(f"{path} is not a SQLite database, so not a Truce store: choose another --db")


def _shown(engine: Engine) -> str:
    """The store as a user named it: the file path, else the URL without its password."""
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database:
        return database
    return engine.url.render_as_string(hide_password=True)


def open_store(url: str, *, create: bool = True) -> Engine:
    """An engine on a migrated store.

    With ``create`` (``truce init``, ``demo``, ``import``) a missing store is created; without
    it a path or database that holds no Truce store is refused with :class:`NoStore` instead of
    being created. Either way an existing store is migrated to the newest schema (a store
    already there costs one query, Alembic is not loaded); an empty one is made at it from the
    packaged statements of the migrations (:func:`create_at_head`), without loading Alembic.
    """
    path = _sqlite_path(url)
    if path is not None:
        check_sqlite_file(path, create=create)
    try:
        engine = make_engine(url)
    except OSError as error:
        raise NoStore(f"--db {path}: cannot create its folder ({error.strerror})") from None
    try:
        revision = stored_revision(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        first = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise NoStore(f"cannot open the store at {_shown(engine)}: {first}") from None
    if not create and revision is None:
        engine.dispose()
        kind = "a SQLite database" if path is not None else "a database"
        raise NoStore(f"{_shown(engine)} is {kind} without Truce's tables: {CREATE_HINT}")
    if revision == head_revision():  # Alembic (0.3 s to load) only when there is work for it
        return engine
    if revision is not None or not create_at_head(engine):  # a new store: made without it
        migrate(engine)
    return engine


def sqlite_version() -> str:
    return sqlite3.sqlite_version
