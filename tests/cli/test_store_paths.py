"""--db: commands that read a store refuse a path that holds none, in one line, and create
nothing; only init, demo, import and ingest create a store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from truce.cli import app

runner = CliRunner()


def _missing(tmp: Path) -> str:
    return str(tmp / "demo.sqlite")


def _empty(tmp: Path) -> str:
    (tmp / "empty.sqlite").touch()
    return str(tmp / "empty.sqlite")


def _picture(tmp: Path) -> str:
    (tmp / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return str(tmp / "picture.png")


def _other_sqlite(tmp: Path) -> str:
    with sqlite3.connect(tmp / "other.sqlite") as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    return str(tmp / "other.sqlite")


def _through_a_file(tmp: Path) -> str:
    (tmp / "afile").write_text("x")
    return str(tmp / "afile" / "x.sqlite")


def _missing_folders(tmp: Path) -> str:
    return str(tmp / "nonexistent" / "dir" / "x.sqlite")


def _folder(tmp: Path) -> str:
    return str(tmp)


NOT_A_STORE: list[tuple[Callable[[Path], str], str]] = [
    (_missing, "no such file"),
    (_empty, "is an empty file"),
    (_picture, "is not a SQLite database"),
    (_other_sqlite, "without Truce's tables"),
    (_through_a_file, "is a file, not a folder"),
    (_missing_folders, "no such file"),
    (_folder, "is a folder"),
]


@pytest.mark.parametrize(("make", "says"), NOT_A_STORE)
@pytest.mark.parametrize(
    "command",
    [["stats"], ["health"], ["check", "deconfliction"], ["user", "list"], ["review"]],
)
def test_a_command_that_reads_refuses_a_path_without_a_store_in_one_line(
    tmp_path: Path, make: Callable[[Path], str], says: str, command: list[str]
) -> None:
    db = make(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["--db", db, *command])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0]
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_picture, "is not a SQLite database"),
        (_through_a_file, "is a file, not a folder"),
        (_folder, "is a folder"),
    ],
)
def test_init_refuses_a_path_it_cannot_make_a_store_at(
    tmp_path: Path, make: Callable[[Path], str], says: str
) -> None:
    result = runner.invoke(app, ["--db", make(tmp_path), "init"])
    assert result.exit_code == 2 and says in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("make", [_missing, _empty, _missing_folders, _other_sqlite])
def test_init_creates_a_store_where_there_was_none(
    tmp_path: Path, make: Callable[[Path], str]
) -> None:
    path = make(tmp_path)
    created = runner.invoke(app, ["--db", path, "init"])
    assert created.exit_code == 0, created.output
    assert "events" in inspect(create_engine(f"sqlite:///{path}")).get_table_names()
    stats = runner.invoke(app, ["--db", path, "stats"])
    assert stats.exit_code == 0, stats.output


def test_import_creates_a_store_too(tmp_path: Path) -> None:
    actors = tmp_path / "actors.csv"
    actors.write_text("name,kind\nGovernment of Syria,state\n", encoding="utf-8")
    path = tmp_path / "new" / "truce.sqlite"
    result = runner.invoke(app, ["--db", str(path), "import", "actors", str(actors)])
    assert result.exit_code == 0, result.output
    assert path.is_file()


@pytest.mark.postgres
def test_a_postgresql_database_without_truce_tables_is_refused(postgres_store_url: str) -> None:
    result = runner.invoke(app, ["--db", postgres_store_url, "stats"])
    assert result.exit_code == 2
    assert "without Truce's tables" in result.output
    assert "alembic_version" not in inspect(create_engine(postgres_store_url)).get_table_names()
