"""UCDP GED: our small fixture, and the real Syria file from ../shared/data when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine, func, select

from truce.ingest import ImportIssues
from truce.store.db import transaction
from truce.store.models import Event


def events(engine: Engine) -> dict[str, Event]:
    with transaction(engine) as session:
        return {e.external_id or "": e for e in session.scalars(select(Event))}


def test_ucdp_rows_map_violence_types_windows_and_estimates(engine: Engine) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    report = load(engine, "ucdp", DATA / "ucdp.csv")
    assert (report.created, report.rejected) == (3, 0)
    found = events(engine)
    clash, one_sided, rebels = found["900001"], found["900002"], found["900003"]
    assert (clash.dataset, clash.event_type, clash.sub_event_type) == (
        "ucdp",
        "Battles",
        "Armed clash",
    )
    assert (
        clash.notes == "Clashes on the\nsouthern edge of the city"
    )  # a quoted field over two lines
    assert (clash.date_end, clash.date_precision) == (None, "day")
    assert (one_sided.event_type, one_sided.civilian_targeting) == (
        "Violence against civilians",
        "Civilian targeting",
    )
    assert (str(one_sided.event_date), str(one_sided.date_end)) == ("2016-09-22", "2016-09-28")
    assert one_sided.date_precision == "week"
    assert (one_sided.fatalities_low, one_sided.fatalities, one_sided.fatalities_high) == (
        30,
        40,
        60,
    )
    assert (rebels.date_precision, rebels.geo_precision, rebels.admin1) == ("year", 3, "Idlib")
    assert rebels.actor1_id is not None  # "Jabhat al-Nusra" is in the registry


def test_ucdp_keeps_every_column_in_extra_for_the_export(engine: Engine) -> None:
    load(engine, "ucdp", DATA / "ucdp.csv")
    extra = json.loads(events(engine)["900001"].extra or "{}")
    assert len(extra) == 41
    assert (extra["dyad_new_id"], extra["priogrid_gid"], extra["where_prec"]) == (
        "11973",
        "181875",
        "1",
    )


def test_ucdp_reimport_changes_nothing(engine: Engine) -> None:
    load(engine, "ucdp", DATA / "ucdp.csv")
    again = load(engine, "ucdp", DATA / "ucdp.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("date_start", "2016-09-31", "impossible-date"),
        ("date_end", "2016-09-01", "bad-range"),
        ("best", "many", "wrong-type"),
        ("low", "-1", "out-of-range"),
        ("type_of_violence", "4", "out-of-range"),
        ("latitude", "91", "out-of-range"),
    ],
)
def test_ucdp_bad_cells_are_named(
    engine: Engine, tmp_path: Path, column: str, value: str, code: str
) -> None:
    import csv

    with (DATA / "ucdp.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[1][column] = value
    path = tmp_path / "ucdp.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ImportIssues) as caught:
        load(engine, "ucdp", path)
    line = 4  # header, a first row spanning two lines, then this row
    assert [(i.line, i.column, i.code) for i in caught.value.issues] == [(line, column, code)]


def test_real_ucdp_syria_file_imports_every_row(sqlite_engine: Engine, shared_data: Path) -> None:
    path = shared_data / "ucdp" / "ged_syria_2016-2019.csv"
    report = load(sqlite_engine, "ucdp", path)
    assert (report.created, report.rejected) == (16566, 0)
    found = events(sqlite_engine)
    deir = found["227936"]
    assert (str(deir.event_date), deir.event_type) == ("2016-09-17", "Battles")
    convoy = found["301214"]
    assert convoy.event_type == "Violence against civilians" and convoy.fatalities == 21
    with transaction(sqlite_engine) as session:
        multi_day = session.scalar(select(func.count()).where(Event.date_end.is_not(None)))
        assert multi_day and multi_day > 0
