"""Bulk path: SQLite's insert triggers on events are replayed set-wise and always restored; a
first import builds the plain indexes of events after its rows and always puts them back, on
SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine

from truce.ingest import ImportIssues

TRIGGER = (
    "CREATE TRIGGER seen_insert AFTER INSERT ON events WHEN NEW.fatalities IS NOT NULL "
    "BEGIN INSERT INTO seen (event_id, dead) VALUES (NEW.id, NEW.fatalities); END"
)


def indexes(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
            "AND sql IS NOT NULL"
        )
        return {(row[0], row[1]) for row in rows}


def triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in rows}


@pytest.fixture
def watched(sqlite_engine: Engine) -> Engine:
    with sqlite_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE seen (event_id INTEGER, dead INTEGER)")
        conn.exec_driver_sql(TRIGGER)
    return sqlite_engine


def test_insert_triggers_do_their_work_for_every_new_row_and_come_back(watched: Engine) -> None:
    before = triggers(watched)
    load(watched, "acled", DATA / "acled.csv")
    assert triggers(watched) == before
    with watched.connect() as conn:
        seen = conn.exec_driver_sql("SELECT dead FROM seen ORDER BY dead").scalars().all()
        rtree = conn.exec_driver_sql("SELECT count(*) FROM events_rtree").scalar()
    assert seen == [20, 62] and rtree == 3  # the WHEN clause held: SYR103 has no fatalities


def _acled(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """An ACLED file of (id, fatalities, notes) rows, one place and day."""
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,latitude,longitude,"
    lines = [header + "fatalities,notes"]
    lines += [f"{n},2016-09-19,Battles,Armed clash,Syria,36.2,37.1,{dead},{notes}"
              for n, dead, notes in rows]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("through", ["this process", "the parsing process"])
def test_the_triggers_work_is_done_for_every_new_row_chunk_by_chunk(
    watched: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: str
) -> None:
    from truce.ingest import bulk, feed

    monkeypatch.setattr(bulk, "CHUNK", 2)
    if through == "the parsing process":
        monkeypatch.setattr(feed, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(feed, "BATCH", 2)
    before = triggers(watched)
    first = [(f"SYR{n}", str(n), f"shelling near the mill {n}") for n in range(1, 6)]
    load(watched, "acled", _acled(tmp_path / "first.csv", first))
    # a second import: one row changed, three new ones (one with no fatalities)
    second = [("SYR2", "9", "shelling near the mill 2 revised"),
              ("SYR6", "6", "a drone strike on the bakery"), ("SYR7", "", "sniper fire"),
              ("SYR8", "8", "a drone strike on the road")]  # fmt: skip
    load(watched, "acled", _acled(tmp_path / "second.csv", second))
    assert triggers(watched) == before
    with watched.connect() as conn:
        ids = conn.exec_driver_sql("SELECT id FROM events ORDER BY id").scalars().all()
        boxed = conn.exec_driver_sql("SELECT id FROM events_rtree ORDER BY id").scalars().all()
        seen = conn.exec_driver_sql("SELECT dead FROM seen ORDER BY dead").scalars().all()
        drones = (
            conn.exec_driver_sql(
                "SELECT e.external_id FROM events_fts JOIN events AS e ON e.id = events_fts.rowid "
                "WHERE events_fts MATCH 'drone' ORDER BY e.external_id"
            )
            .scalars()
            .all()
        )
        conn.exec_driver_sql("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")
    assert len(ids) == 8 and boxed == ids
    assert seen == [1, 2, 3, 4, 5, 6, 8]  # every new row with fatalities, once; SYR7 has none
    assert drones == ["SYR6", "SYR8"]


def test_a_failed_import_leaves_the_triggers_in_place(watched: Engine, tmp_path: Path) -> None:
    before = triggers(watched)
    bad = tmp_path / "bad.csv"
    text = (DATA / "acled.csv").read_text(encoding="utf-8").replace("2016-09-17", "2016-09-31")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportIssues):
        load(watched, "acled", bad)
    assert triggers(watched) == before
    load(watched, "acled", DATA / "acled.csv")
    with watched.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM seen").scalar() == 2


def test_a_repeated_id_across_chunks_is_caught_on_a_first_import(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truce.ingest import bulk

    monkeypatch.setattr(bulk, "CHUNK", 2)
    header = (
        "event_id_cnty,event_date,event_type,sub_event_type,country,latitude,longitude,fatalities"
    )
    rows = [f"SYR{n},2016-09-19,Battles,Armed clash,Syria,36.2,37.1,1" for n in (1, 2, 3, 1, 4)]
    path = tmp_path / "events.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ImportIssues) as caught:
        load(engine, "acled", path)
    assert [(i.line, i.code) for i in caught.value.issues] == [(5, "duplicate-id")]


def test_a_first_import_puts_back_every_index_of_events_filled(sqlite_engine: Engine) -> None:
    before = indexes(sqlite_engine)
    assert "ix_events_event_date" in {name for name, _ in before}
    load(sqlite_engine, "acled", DATA / "acled.csv")
    assert indexes(sqlite_engine) == before
    with sqlite_engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM events WHERE event_date = '2016-09-19'"
            )
        )
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM events INDEXED BY ix_events_event_date "
            "WHERE event_date >= '2016-01-01'"
        ).scalar()
    assert "ix_events_event_date" in plan and found == 3
    load(sqlite_engine, "acled", DATA / "acled.csv")  # a second import leaves them alone
    assert indexes(sqlite_engine) == before


def test_a_failed_first_import_leaves_the_indexes_in_place(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    before = indexes(sqlite_engine)
    bad = tmp_path / "bad.csv"
    text = (DATA / "acled.csv").read_text(encoding="utf-8").replace("2016-09-17", "2016-09-31")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportIssues):
        load(sqlite_engine, "acled", bad)
    assert indexes(sqlite_engine) == before


def pg_indexes(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'events' AND schemaname = current_schema()"
        )
        return {(row[0], row[1]) for row in rows}


def test_a_first_import_on_postgresql_builds_every_index_of_events_again(
    postgres_engine: Engine,
) -> None:
    before = pg_indexes(postgres_engine)
    assert {"ix_events_fts", "ix_events_point"} <= {name for name, _ in before}
    load(postgres_engine, "acled", DATA / "acled.csv")
    assert pg_indexes(postgres_engine) == before
    with postgres_engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = " ".join(
            str(row[0])
            for row in conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM events WHERE point(longitude, latitude) <@ "
                "box(point(36, 35), point(38, 37))"
            )
        )
    assert "ix_events_point" in plan
    load(postgres_engine, "acled", DATA / "acled.csv")  # a second import leaves them alone
    assert pg_indexes(postgres_engine) == before


def test_a_failed_first_import_on_postgresql_leaves_the_indexes_in_place(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    before = pg_indexes(postgres_engine)
    bad = tmp_path / "bad.csv"
    text = (DATA / "acled.csv").read_text(encoding="utf-8").replace("2016-09-17", "2016-09-31")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportIssues):
        load(postgres_engine, "acled", bad)
    assert pg_indexes(postgres_engine) == before
