"""`truce demo` into a PostgreSQL store (the team server's), not only a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from truce.cli import app

pytestmark = pytest.mark.postgres
runner = CliRunner()


def test_demo_refuses_a_postgresql_store_holding_other_records(
    postgres_store_url: str, tmp_path: Path
) -> None:
    actors = tmp_path / "actors.csv"
    actors.write_text("name,kind\nGovernment of Syria,state\n", encoding="utf-8")
    imported = runner.invoke(app, ["--db", postgres_store_url, "import", "actors", str(actors)])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["--db", postgres_store_url, "demo", "--no-reports"])
    assert result.exit_code == 2
    assert "--fresh" in result.output and "did not load" in result.output


@pytest.mark.slow
def test_demo_loads_into_an_empty_postgresql_database(postgres_store_url: str) -> None:
    result = runner.invoke(app, ["--db", postgres_store_url, "demo", "--no-reports"])
    assert result.exit_code == 0, result.output
    assert "local_agreements.csv" in result.output
    stats = runner.invoke(app, ["--db", postgres_store_url, "stats"])
    assert stats.exit_code == 0, stats.output
    assert "651 local agreements from 2016-02-27 to 2016-09-26" in stats.output
