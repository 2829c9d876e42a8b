"""The demo data and `truce demo`: the registry reproduces "651 since 27 Feb 2016, 3.1 a day"."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from truce.auth import Principal
from truce.cli import app
from truce.demo import make_events, make_local_agreements
from truce.demo.load import DEMO_FILES, build_demo, is_demo_store, load_demo, report_files
from truce.errors import Conflict
from truce.server.web.incident import incident
from truce.services.reports import compute_stats
from truce.store import audit
from truce.store.db import transaction
from truce.store.models import AuditEntry, Event
from truce.store.sealcheck import check_records

DEMO = Path(str(resources.files("truce.demo")))


@pytest.mark.parametrize(
    ("module", "name"),
    [(make_local_agreements, "local_agreements.csv"), (make_events, "events_acled.csv")],
)
def test_generated_demo_files_match_their_generator(
    module: object, name: str, tmp_path: Path
) -> None:
    target = tmp_path / name
    module.write(target)  # type: ignore[attr-defined]
    assert target.read_bytes() == (DEMO / name).read_bytes()


def test_local_agreements_are_651_between_the_ceasefire_and_26_september() -> None:
    with (DEMO / "local_agreements.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 651
    assert len({row["id"] for row in rows}) == 651
    days = sorted(date.fromisoformat(row["signed"]) for row in rows)
    assert (days[0], days[-1]) == (date(2016, 2, 27), date(2016, 9, 26))
    real = {row["location"] for row in rows if row["illustrative"] == "false"}
    assert real == {"Daraya", "al-Waer"}
    assert {row["mediators"] for row in rows} == {"Russian Centre for Reconciliation"}


def test_every_demo_file_is_packaged_and_every_report_is_dated() -> None:
    for _kind, name in DEMO_FILES:
        assert (DEMO / name).is_file(), name
    reports = report_files(DEMO)
    assert len(reports) >= 3
    assert all(date(2016, 9, 1) <= day <= date(2016, 9, 30) for _, day in reports)


@pytest.mark.slow
def test_demo_loads_and_reproduces_651_local_agreements_at_3_1_a_day(engine: Engine) -> None:
    loaded = load_demo(engine, actor="test", reports=False)
    assert {item.file: item.created for item in loaded}["local_agreements.csv"] == 651
    stats = compute_stats(engine)
    assert stats.local_agreements.count == 651
    assert stats.window.since == date(2016, 2, 27)
    assert stats.headline.endswith("3.1 a day")
    assert stats.baseline == "Cessation of hostilities in Syria"
    with transaction(engine) as session:
        marks = session.scalars(select(AuditEntry).where(AuditEntry.action == "demo")).all()
        # Every key incident names its place in the gazetteer; the page gives its spellings.
        incidents = session.scalars(select(Event).where(Event.dataset == "truce")).all()
        convoy = next(e for e in incidents if e.external_id.endswith("urum-al-kubra-convoy"))
        page = incident(session, Principal(id=1, username="ana", role="analyst"), convoy.id)
        # Every record the importers wrote matches the hash its audited write left.
        records = check_records(session)
        assert audit.verify(session).ok and records.ok, records.problems[:3]
    assert len(marks) == 1
    assert len(incidents) == 8 and all(e.place_id is not None for e in incidents)
    assert page.place is not None and "Orem al-Kubra" in page.place["other_names"]


def test_demo_refuses_to_replace_a_database_it_did_not_make(tmp_path: Path) -> None:
    other = tmp_path / "mine.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text)")
    with pytest.raises(Conflict):
        build_demo(other, fresh=False, actor="test", reports=False)
    assert not is_demo_store(other)
    result = CliRunner().invoke(app, ["--db", str(other), "demo", "--no-reports"])
    assert result.exit_code == 2
    assert "--fresh" in result.output


def test_demo_needs_a_sqlite_file() -> None:
    result = CliRunner().invoke(app, ["--db", "sqlite:///:memory:", "demo"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_cli_demo_fresh_then_stats_prints_the_headline(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(b"not a database")
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(path), "demo", "--fresh", "--no-reports"])
    assert result.exit_code == 0, result.output
    assert "local_agreements.csv" in result.output
    assert is_demo_store(path)
    assert not list(tmp_path.glob(".*partial*"))
    stats = runner.invoke(app, ["--db", str(path), "stats"])
    assert stats.exit_code == 0, stats.output
    assert "651 local agreements from 2016-02-27 to 2016-09-26" in stats.output
    assert "3.1 a day" in stats.output
