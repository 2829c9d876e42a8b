"""CSV exports are safe to open in a spreadsheet and still import back exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from truce.export import Filters, export
from truce.formats import csvfile
from truce.ingest import import_file
from truce.store.db import transaction
from truce.store.models import Event
from truce.store.visibility import EVERYONE

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
# Notes a spreadsheet would run, or that break naive CSV, each on its own event.
TRICKY_NOTES = {
    "T-1": "=1+2",
    "T-2": "+SUM(A1:A9)",
    "T-3": "-2+3",
    "T-4": "@cmd",
    "T-5": "\tstarts with a tab",
    "T-6": "\rstarts with a carriage return",
    "T-7": "a bare\rcarriage return inside",
    "T-8": "'already quoted",
    "T-9": "'=quoted formula",
    "T-10": 'ordinary, with a comma and "quotes"',
}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+7 dead", "'+7 dead"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("'", "''"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-1e3", "-1e3"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_formula_cells_get_a_quote_and_numbers_do_not(value: str, written: str) -> None:
    assert csvfile.neutralise(value) == written
    assert csvfile.restore_cell(written) == value


def test_a_neutralised_row_is_quoted_whole_and_reads_back() -> None:
    buffer = io.StringIO()
    csvfile.writer(buffer).writerow(["=1+2", "-3.5", "a\rb", None, 4])
    assert buffer.getvalue() == '"\'=1+2","-3.5","a\rb","","4"\n'
    cells = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert csvfile.restore_row(cells) == ["=1+2", "-3.5", "a\rb", "", "4"]


def test_ordinary_rows_are_written_as_before() -> None:
    buffer = io.StringIO()
    csvfile.writer(buffer).writerow(["a", "b,c", "-3.5", 7])
    assert buffer.getvalue() == 'a,"b,c",-3.5,7\n'


def _tricky_file(folder: Path) -> Path:
    """The notes written the way Truce writes them (a leading quote where one is needed)."""
    lines = [HEADER]
    for external, notes in TRICKY_NOTES.items():
        quoted = '"' + csvfile.neutralise(notes).replace('"', '""') + '"'
        lines.append(
            f"{external},2016-09-19,2016,1,Political violence,Battles,Armed clash,"
            "Syrian Arab Army,,State forces,,,,,,760,Middle East,Syria,Aleppo,,,Aleppo,"
            f"36.2,-3.5,1,test,Other,{quoted},4,,1475020800"
        )
    path = folder / "tricky.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    return path


def _notes(engine: Engine) -> dict[str, str | None]:
    with transaction(engine) as session:
        rows = session.execute(select(Event.external_id, Event.notes, Event.longitude))
        found = {external: notes for external, notes, longitude in rows if longitude == -3.5}
    return found


def test_acled_export_neutralises_formulas_and_round_trips_exactly(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, "acled", _tricky_file(tmp_path), actor="test")
    assert _notes(engine) == TRICKY_NOTES
    stream = io.StringIO()
    export(engine, "acled", stream, filters=Filters(audience=EVERYONE))
    text = stream.getvalue()
    rows = {row[0]: row for row in csv.reader(io.StringIO(text, newline=""))}
    notes_at = HEADER.split(",").index("notes")
    assert rows["T-1"][notes_at] == "'=1+2"
    assert rows["T-5"][notes_at] == "'\tstarts with a tab"
    assert rows["T-9"][notes_at] == "''=quoted formula"
    assert rows["T-1"][HEADER.split(",").index("longitude")] == "-3.5"
    exported = tmp_path / "exported.csv"
    exported.write_text(text, encoding="utf-8", newline="")
    again = import_file(engine, "acled", exported, actor="test")
    assert again.rejected == 0
    assert (again.created, again.updated) == (0, 0)
    assert _notes(engine) == TRICKY_NOTES


def test_analysis_csv_neutralises_text_and_leaves_numbers() -> None:
    from truce.analyze.output import to_csv

    text = to_csv([{"actor": "=HYPERLINK(1)", "km": -2.5, "count": 3}])
    assert text == 'actor,km,count\n"\'=HYPERLINK(1)","-2.5","3"\n'
