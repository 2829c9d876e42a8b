"""The parsing process of a large ACLED import: the same rows, problems and seals as reading in
one process; a problem late in the file leaves nothing written; a second import is idempotent."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.ingest import ImportIssues, feed
from truce.store import audit
from truce.store.db import make_engine, migrate

ROWS = 1200


def acled_copies(
    path: Path, *, rows: int = ROWS, edit: dict[int, dict[str, str]] | None = None
) -> Path:
    """``rows`` rows made from the fixture's, each with its own id; ``edit`` changes cells of
    the rows at the given positions (from 0); the header is line 1, row k is on line k + 2
    (the fixture's rows hold no line break once written this way: see ``flat``)."""
    with (DATA / "acled.csv").open(encoding="utf-8", newline="") as handle:
        header, *samples = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            cells = dict(zip(header, samples[number % len(samples)], strict=True))
            cells["event_id_cnty"] = f"SYR{number}"
            cells["notes"] = cells["notes"].replace("\n", " ")
            cells.update((edit or {}).get(number, {}))
            writer.writerow([cells[name] for name in header])
    return path


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ACLED file through the parsing process, in small batches."""
    monkeypatch.setattr(feed, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(feed, "BATCH", 100)


def events(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT external_id, event_date, latitude, longitude, fatalities, actor1, notes, "
            "extra, row_hash, version FROM events ORDER BY id"
        )
        # Days as text: SQLite's driver gives them so, PostgreSQL's as dates.
        return [tuple(str(v) if isinstance(v, date) else v for v in row) for row in rows]


def entries(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() or 0)


def verified(engine: Engine) -> bool:
    with Session(engine) as session:
        return audit.verify(session).ok


@pytest.mark.usefixtures("parallel")
def test_a_bad_cell_near_the_end_names_its_line_and_column_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    bad = acled_copies(tmp_path / "late.csv", edit={ROWS - 10: {"latitude": "95.5"}})
    before = entries(engine)
    with pytest.raises(ImportIssues) as caught:
        load(engine, "acled", bad)
    found = [(issue.line, issue.column, issue.code) for issue in caught.value.issues]
    assert found == [(ROWS - 10 + 2, "latitude", "out-of-range")]
    assert str(bad) in caught.value.message
    assert events(engine) == [] and entries(engine) == before


@pytest.mark.usefixtures("parallel")
def test_a_second_import_of_the_same_file_changes_nothing_and_the_seals_verify(
    engine: Engine, tmp_path: Path
) -> None:
    path = acled_copies(tmp_path / "many.csv")
    first = load(engine, "acled", path)
    rows = events(engine)
    second = load(engine, "acled", path)
    assert (first.created, first.unchanged) == (ROWS, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, ROWS)
    assert events(engine) == rows and verified(engine)


@pytest.mark.usefixtures("parallel")
def test_a_changed_row_is_updated_and_sealed(engine: Engine, tmp_path: Path) -> None:
    load(engine, "acled", acled_copies(tmp_path / "one.csv"))
    changed = acled_copies(tmp_path / "two.csv", edit={500: {"fatalities": "7"}})
    report = load(engine, "acled", changed)
    assert (report.updated, report.unchanged) == (1, ROWS - 1)
    assert verified(engine)


def test_the_parsing_process_writes_what_one_process_writes(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = acled_copies(tmp_path / "same.csv")
    alone = make_engine(f"sqlite:///{tmp_path / 'alone.sqlite'}")
    migrate(alone)
    one = load(alone, "acled", path)
    monkeypatch.setattr(feed, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(feed, "BATCH", 100)
    two = load(engine, "acled", path)
    assert one.as_dict() == two.as_dict()
    assert events(alone) == events(engine)
    assert verified(engine)
    alone.dispose()


@pytest.mark.usefixtures("parallel")
def test_skipping_writes_the_good_rows_and_rejects_a_repeated_id_with_its_cells(
    engine: Engine, tmp_path: Path
) -> None:
    path = acled_copies(
        tmp_path / "dup.csv",
        edit={700: {"event_id_cnty": "SYR3", "location": "Elsewhere"}, 900: {"year": "x"}},
    )
    rejects = tmp_path / "rejects.csv"
    report = load(engine, "acled", path, skip_invalid=rejects)
    assert (report.created, report.rejected) == (ROWS - 2, 2)
    with rejects.open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    lines = {(row["line"], row["code"]): row for row in found}
    assert set(lines) == {("702", "duplicate-id"), ("902", "wrong-type")}
    assert lines[("702", "duplicate-id")]["location"] == "Elsewhere"
    assert verified(engine)


@pytest.mark.usefixtures("parallel")
def test_a_missing_column_fails_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("event_id_cnty,event_date\nSYR1,2016-01-01\n", encoding="utf-8")
    with pytest.raises(ImportIssues) as caught:
        load(engine, "acled", path)
    assert {issue.code for issue in caught.value.issues} == {"missing-column"}
    assert events(engine) == []
