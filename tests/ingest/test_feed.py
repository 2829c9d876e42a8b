"""The parsing process of a large ACLED import: the same rows, problems and seals as reading in
one process; a problem late in the file leaves nothing written; a second import is idempotent."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.errors import ImportFailed
from truce.formats import source as source_module
from truce.formats.acled import AcledLayout
from truce.formats.acled_batch import clean_rows
from truce.formats.source import Source
from truce.ingest import ImportIssues, feed
from truce.ingest.bulk import ROW_COLUMNS
from truce.ingest.csvrows import csv_batches, csv_rows
from truce.store import audit
from truce.store.db import make_engine, migrate
from truce.store.models import EVENT_FIELDS, FIELD_INDEX
from truce.store.sealcheck import check_records
from truce.store.seals import InsertedSeals
from truce.store.sealtexts import batch_digests, batch_texts

ROWS = 1200


def acled_copies(
    path: Path,
    *,
    rows: int = ROWS,
    edit: dict[int, dict[str, str]] | None = None,
    iso: bool = False,
) -> Path:
    """``rows`` rows made from the fixture's, each with its own id; ``edit`` changes cells of
    the rows at the given positions (from 0); the header is line 1, row k is on line k + 2
    (the fixture's rows hold no line break once written this way); with ``iso`` every date is
    written as ISO (the fixture spells one out, which a batch checked by column refuses)."""
    with (DATA / "acled.csv").open(encoding="utf-8", newline="") as handle:
        header, *samples = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            cells = dict(zip(header, samples[number % len(samples)], strict=True))
            cells["event_id_cnty"] = f"SYR{number}"
            cells["notes"] = cells["notes"].replace("\n", " ")
            if iso:
                cells["event_date"] = cells["event_date"].replace("19 September 2016", "2016-09-19")
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
    """The audit chain holds and every row matches its newest seal (``truce audit verify``)."""
    with Session(engine) as session:
        return audit.verify(session).ok and check_records(session).ok


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
    path = acled_copies(tmp_path / "many.csv", iso=True)
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


@pytest.mark.usefixtures("parallel")
def test_rows_copied_under_ids_that_do_not_run_on_are_sealed_as_stored(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    # As when other writers draw from the sequence while the import draws its own: the ids
    # the import gets skip, and its seals must still be those of the rows as stored.
    with postgres_engine.begin() as conn:
        sequence = conn.exec_driver_sql("SELECT pg_get_serial_sequence('events', 'id')").scalar()
        conn.exec_driver_sql(f"ALTER SEQUENCE {sequence} INCREMENT BY 2")
    report = load(postgres_engine, "acled", acled_copies(tmp_path / "gaps.csv", iso=True))
    with postgres_engine.connect() as conn:
        ids = conn.exec_driver_sql("SELECT id FROM events ORDER BY id").scalars().all()
    assert report.created == ROWS and ids == list(range(ids[0], ids[0] + 2 * ROWS, 2))
    assert verified(postgres_engine)


def test_the_parsing_process_writes_what_one_process_writes(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of ISO dates are checked a column at a time; the one with a date spelled out
    # and the one with a bad cell go row by row.
    edit = {150: {"event_date": "19 September 2016"}, 420: {"latitude": "95"}}
    path = acled_copies(tmp_path / "same.csv", iso=True, edit=edit)
    alone = make_engine(f"sqlite:///{tmp_path / 'alone.sqlite'}")
    migrate(alone)
    rejects = tmp_path / "one.csv", tmp_path / "two.csv"
    one = load(alone, "acled", path, skip_invalid=rejects[0])
    monkeypatch.setattr(feed, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(feed, "BATCH", 100)
    two = load(engine, "acled", path, skip_invalid=rejects[1])
    assert {**one.as_dict(), "rejects": None} == {**two.as_dict(), "rejects": None}
    assert one.rejected == 1
    assert rejects[0].read_text(encoding="utf-8") == rejects[1].read_text(encoding="utf-8")
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


def test_seal_texts_made_a_column_at_a_time_are_the_row_by_row_ones() -> None:
    sealer = InsertedSeals("events", ROW_COLUMNS)
    tail = ("2026-01-02 03:04:05.000006", "2026-01-02 03:04:05.000006", 1)
    sample = {"actor1": 'Forces "A" – ü', "latitude": 35.0, "longitude": -0.5, "notes": "a\nb\\c"}
    rows = []
    for number in range(5):
        row: list[object] = [None] * len(EVENT_FIELDS)
        for name, value in sample.items():
            row[FIELD_INDEX[name]] = value if number % 2 else None
        row[FIELD_INDEX["external_id"]] = f"X{number}"
        row[FIELD_INDEX["event_date"]] = "2016-01-0" + str(number + 1)
        row[FIELD_INDEX["fatalities"]] = number
        rows.append((*row, *tail))
    assert batch_texts(sealer, rows) == sealer.texts(rows)
    hasher = sealer.hasher
    for number, (before, after) in enumerate(batch_texts(sealer, rows)):
        values = list(sealer._pick((41 + number, *rows[number], None)))
        assert f"{before}{41 + number}{after}" == hasher.canonical(values)


@pytest.mark.parametrize(
    "edit",
    [
        {},
        {3: {"year": ""}, 4: {"latitude": "", "longitude": ""}, 5: {"sub_event_type": ""}},
        {2: {"timestamp": "-1"}},
        {1: {"event_date": "2016-02-30"}},
        {0: {"latitude": "nan"}},
        {6: {"event_type": "Riots", "sub_event_type": "Air/drone strike"}},
    ],
)
def test_a_batch_checked_a_column_at_a_time_gives_the_rows_of_one_at_a_time(
    tmp_path: Path, edit: dict[int, dict[str, str]]
) -> None:
    path = acled_copies(tmp_path / "batch.csv", rows=12, edit=edit)
    with path.open(encoding="utf-8", newline="") as handle:
        header, *records = list(csv.reader(handle))
    records = [cells for cells in records if "September" not in cells[1]]
    layout = AcledLayout.from_header(header)
    names = {"Syrian Arab Army": 7}.get
    one = [layout.fast_row(cells, names) for cells in records]
    batch = clean_rows(layout, records, names)
    if None in one:
        assert batch is None
    else:
        assert batch is not None and [list(row) for row in batch] == one


@pytest.mark.usefixtures("parallel")
def test_a_parsing_process_that_fails_fails_the_import_and_nothing_is_written(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(settings: feed.Settings, send: object) -> None:
        raise RuntimeError("disk gone")

    load(sqlite_engine, "acled", acled_copies(tmp_path / "first.csv", rows=50))
    rows, before = events(sqlite_engine), entries(sqlite_engine)
    monkeypatch.setattr(feed, "parse_file", broken)
    with pytest.raises(ImportFailed) as caught:
        load(sqlite_engine, "acled", acled_copies(tmp_path / "second.csv", rows=300))
    assert "parsing process failed" in caught.value.message
    assert "disk gone" in caught.value.detail[0]
    assert events(sqlite_engine) == rows and entries(sqlite_engine) == before


def test_seals_made_for_the_ids_to_come_are_the_hashes_of_the_texts_with_those_ids() -> None:
    sealer = InsertedSeals("events", ROW_COLUMNS)
    tail = ("2026-01-02 03:04:05.000006", "2026-01-02 03:04:05.000006", 1)
    rows = []
    for number in range(4):
        row: list[object] = [None] * len(EVENT_FIELDS)
        row[FIELD_INDEX["external_id"]] = f"X{number}"
        row[FIELD_INDEX["event_date"]] = "2016-01-0" + str(number + 1)
        row[FIELD_INDEX["actor2"]] = "Civilians" if number % 2 else None
        row[FIELD_INDEX["latitude"]] = 35.5 + number
        rows.append((*row, *tail))
    digests = batch_digests(sealer, rows, 41)
    texts = [f"{before}{41 + n}{after}" for n, (before, after) in enumerate(sealer.texts(rows))]
    assert digests == b"".join(hashlib.sha256(text.encode()).digest() for text in texts)


BROKEN = {  # what a file holds in its middle, and at its end
    "clean": ("", "SYR9,9,last\n"),
    "short and long rows": ("SYR1,1\nSYR2,2,3,4\n", ""),
    "a blank line": ("\n", "SYR9,9,last"),
    "a line break inside quotes": ('SYR3,"two\nlines",x\n', ""),
    "a stray quote": ('SYR4,a"b,c\n', ""),
    "a byte that is not UTF-8": ("SYR5,\udcff,c\n", ""),
    "a formula kept as text": ("SYR6,'=1+2,c\n", ""),
    "a short last row": ("", "SYR7,a"),
    "a quote left open": ("", 'SYR8,"open'),
}


@pytest.mark.parametrize(("middle", "end"), BROKEN.values(), ids=BROKEN.keys())
def test_records_read_in_lists_are_the_ones_read_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, middle: str, end: str
) -> None:
    good = [f"SYR{100 + n},{n},note {n}\n" for n in range(7)]
    body = "\ufeffevent_id_cnty,n,notes\n" + "".join([*good[:2], middle, *good[2:], end])
    path = tmp_path / "broken.csv"
    path.write_bytes(body.encode("utf-8", "surrogateescape"))
    monkeypatch.setattr(source_module, "BLOCK", 50)  # several blocks, split between lines

    def read(lists: bool) -> tuple[list[tuple[int, list[str]]], list[object], list[object]]:
        run = feed.ChildRun(Source(path), skipping=True)
        if lists:
            found = [
                (line, cells)
                for _, lines, records in csv_batches(run, ("n",), size=3)
                for line, cells in zip(lines, records, strict=True)
            ]
        else:
            found = [(record.line, record.cells) for record, _ in csv_rows(run, ("n",))]
        return found, run.out, [*run.source.issues, run.source.digest.hexdigest()]

    found = read(lists=True)
    assert found == read(lists=False)
    assert len(found[0]) >= 7 and found[1][0] == ("header", ["event_id_cnty", "n", "notes"])
