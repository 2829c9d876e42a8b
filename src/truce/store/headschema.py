"""The statements the migrations send to an empty store, recorded for ``db.create_at_head``.

A new store made through Alembic pays for loading it and running its eleven migrations (about
0.35 s of CPU, a third of a first ``truce ingest`` into a new store). So the statements the
migrations send to an empty store are recorded once per dialect, in order, in
``migrations/head_<dialect>.sql``, and a new store replays them in one transaction. Only writes
are recorded: the reads Alembic and the migrations make (reflection, the backfills' look-ups,
which find nothing in an empty store) change nothing, and Alembic's moves of
``alembic_version`` are replaced by one stamp of the newest revision. Each statement is kept as
sent, blanks included, since SQLite keeps a CREATE's text as it was written.

Run ``python -m truce.store.headschema`` after adding a migration (with ``--postgres URL`` for
the PostgreSQL file; a schema of its own is made there and dropped). tests/store/test_headschema.py
fails until the files are recorded again, and checks that a store made from them has the same
tables, indexes, triggers and functions as one the migrations made.
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text

from truce.config import normalise_url, sqlite_url
from truce.store.db import (
    HEAD_SEPARATOR,
    head_file,
    head_revision,
    make_engine,
    migrate,
)

WRITES = ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "COMMENT")
VERSION_TABLE = "alembic_version"


def _is_kept(statement: str) -> bool:
    """A write to the schema or its rows, other than Alembic moving its version."""
    words = statement.split(maxsplit=2)
    if not words or words[0].upper() not in WRITES:
        return False
    return words[0].upper() == "CREATE" or VERSION_TABLE not in statement


def migration_statements(engine: Engine) -> list[str]:
    """The writes the migrations send to ``engine``'s (empty) store, in order, and the stamp."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        migrate(engine)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    kept = [(statement, parameters) for statement, parameters in sent if _is_kept(statement)]
    for statement, parameters in kept:
        if parameters or "%" in statement or HEAD_SEPARATOR in f"\n{statement}\n":
            raise ValueError(f"a migration statement cannot be replayed as text: {statement!r}")
    stamp = f"INSERT INTO {VERSION_TABLE} (version_num) VALUES ('{head_revision()}')"
    return [statement for statement, _ in kept] + [stamp]


def render(statements: list[str], *, dialect: str) -> str:
    """The file's text: a header naming the revision, then each statement and a ``;`` line."""
    header = [
        f"-- The statements the migrations send to an empty {dialect} store, up to the",
        "-- revision below, recorded by `python -m truce.store.headschema` (do not edit).",
        f"-- revision: {head_revision()}",
    ]
    return "\n".join(header) + "\n\n" + "".join(f"{s}{HEAD_SEPARATOR}" for s in statements)


@contextmanager
def postgres_schema(base: str, *, prefix: str = "head") -> Iterator[str]:
    """A URL on a new schema of the PostgreSQL database ``base``, dropped afterwards."""
    base = normalise_url(base)
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def recorded(url: str) -> str:
    """The file's text for the empty store at ``url``."""
    engine = make_engine(url)
    try:
        return render(migration_statements(engine), dialect=engine.dialect.name)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postgres", metavar="URL", help="also record PostgreSQL's, there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        written = {"sqlite": recorded(sqlite_url(Path(scratch) / "new.sqlite"))}
    if args.postgres:
        with postgres_schema(args.postgres) as url:
            written["postgresql"] = recorded(url)
    paths = []
    for dialect, body in written.items():
        path = Path(str(head_file(dialect)))
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
    parser.exit(0, f"recorded revision {head_revision()} in {', '.join(paths)}\n")


if __name__ == "__main__":
    main()
