"""Every error path: each bad file is refused with the issue's (line, column, code), and
nothing is written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from ingest_helpers import DATA, load
from sqlalchemy import Engine, func, select

from truce.ingest import ImportIssues
from truce.store.db import transaction
from truce.store.models import AuditEntry, Event, Zone

HEADER = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,country,latitude,longitude,fatalities"
)
GOOD = "SYR1,2016-09-19,2016,Battles,Armed clash,Syria,36.2,37.1,3"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def issues_of(engine: Engine, kind: str, path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportIssues) as caught:
        load(engine, kind, path)
    return [(issue.line, issue.column, issue.code) for issue in caught.value.issues]


def count(engine: Engine, model: type) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


ACLED_CASES = [
    (
        "bad date",
        "SYR2,19/09/2016,2016,Battles,Armed clash,Syria,36.2,37.1,3",
        (3, "event_date", "bad-date"),
    ),
    (
        "impossible date",
        "SYR2,2016-02-30,2016,Battles,Armed clash,Syria,36.2,37.1,3",
        (3, "event_date", "impossible-date"),
    ),
    (
        "impossible month",
        "SYR2,2016-13-01,2016,Battles,Armed clash,Syria,36.2,37.1,3",
        (3, "event_date", "impossible-date"),
    ),
    (
        "year disagrees",
        "SYR2,2016-09-19,2015,Battles,Armed clash,Syria,36.2,37.1,3",
        (3, "year", "bad-range"),
    ),
    (
        "latitude out of range",
        "SYR2,2016-09-19,2016,Battles,Armed clash,Syria,96.2,37.1,3",
        (3, "latitude", "out-of-range"),
    ),
    (
        "longitude out of range",
        "SYR2,2016-09-19,2016,Battles,Armed clash,Syria,36.2,-181,3",
        (3, "longitude", "out-of-range"),
    ),
    (
        "latitude not a number",
        "SYR2,2016-09-19,2016,Battles,Armed clash,Syria,north,37.1,3",
        (3, "latitude", "wrong-type"),
    ),
    (
        "fatalities not whole",
        "SYR2,2016-09-19,2016,Battles,Armed clash,Syria,36.2,37.1,3.5",
        (3, "fatalities", "wrong-type"),
    ),
    (
        "negative fatalities",
        "SYR2,2016-09-19,2016,Battles,Armed clash,Syria,36.2,37.1,-3",
        (3, "fatalities", "out-of-range"),
    ),
    (
        "unknown event type",
        "SYR2,2016-09-19,2016,Skirmish,Armed clash,Syria,36.2,37.1,3",
        (3, "event_type", "unknown-value"),
    ),
    (
        "sub-type of another type",
        "SYR2,2016-09-19,2016,Battles,Grenade,Syria,36.2,37.1,3",
        (3, "sub_event_type", "unknown-value"),
    ),
    (
        "missing id",
        ",2016-09-19,2016,Battles,Armed clash,Syria,36.2,37.1,3",
        (3, "event_id_cnty", "missing-value"),
    ),
    ("duplicate id", GOOD, (3, "id", "duplicate-id")),
    ("too many cells", GOOD.replace("SYR1", "SYR2") + ",extra", (3, "", "bad-row")),
]


@pytest.mark.parametrize(
    ("row", "expected"), [c[1:] for c in ACLED_CASES], ids=[c[0] for c in ACLED_CASES]
)
def test_acled_bad_row_is_named_and_nothing_is_written(
    engine: Engine, tmp_path: Path, row: str, expected: tuple[int, str, str]
) -> None:
    path = write(tmp_path, "events.csv", f"{HEADER}\n{GOOD}\n{row}\n")
    assert issues_of(engine, "acled", path) == [expected]
    assert count(engine, Event) == 0
    with transaction(engine) as session:  # a failed import leaves no audit entry either
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_every_bad_row_of_a_file_is_reported_not_just_the_first(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [
        GOOD,
        ACLED_CASES[0][1],
        ACLED_CASES[4][1].replace("SYR2", "SYR3"),
        GOOD.replace("SYR1", "SYR4"),
    ]
    path = write(tmp_path, "events.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    assert issues_of(engine, "acled", path) == [
        (3, "event_date", "bad-date"),
        (4, "latitude", "out-of-range"),
    ]


def test_a_row_spanning_lines_is_reported_on_its_first_line(engine: Engine, tmp_path: Path) -> None:
    multi = 'SYR2,2016-09-19,2016,Battles,Armed clash,"Syria\nnorth",36.2,37.1,3'
    bad = "SYR3,2016-09-31,2016,Battles,Armed clash,Syria,36.2,37.1,3"
    path = write(tmp_path, "events.csv", f"{HEADER}\n{multi}\n{bad}\n")
    assert issues_of(engine, "acled", path) == [(4, "event_date", "impossible-date")]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty", b"", [(1, "", "empty-file")]),
        ("blank", b"\n  \n", [(1, "", "empty-file")]),
        (
            "missing column",
            (HEADER.replace(",latitude", "") + "\n").encode(),
            [(1, "latitude", "missing-column")],
        ),
        (
            "not utf-8",
            f"{HEADER}\n{GOOD}\n".encode()
            + "SYR2,2016-09-19,2016,Battles,Armed clash,Syr\xefa,36.2,37.1,3\n".encode("latin-1"),
            [(3, "", "bad-encoding")],
        ),
        (
            "truncated inside quotes",
            f'{HEADER}\n{GOOD}\nSYR2,2016-09-19,2016,Battles,Armed clash,"Syr'.encode(),
            [(3, "", "truncated-file")],
        ),
        (
            "truncated row",
            f"{HEADER}\n{GOOD}\nSYR2,2016-09-19,2016,Batt".encode(),
            [(3, "", "truncated-file")],
        ),
    ],
)
def test_broken_csv_files_are_refused(
    engine: Engine, tmp_path: Path, name: str, content: bytes, expected: list[tuple[int, str, str]]
) -> None:
    path = write(tmp_path, "events.csv", content)
    assert issues_of(engine, "acled", path) == expected
    assert count(engine, Event) == 0


def test_message_names_file_line_column_and_code_and_says_lines_count_from_one(
    engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "events.csv", f"{HEADER}\n{ACLED_CASES[1][1]}\n")
    with pytest.raises(ImportIssues) as caught:
        load(engine, "acled", path)
    assert caught.value.detail[0].startswith(f"{path}:2: event_date: ")
    assert caught.value.detail[0].endswith("[impossible-date]")
    assert "lines count from 1" in caught.value.message
    assert "--skip-invalid" in caught.value.message


def test_skip_invalid_imports_good_rows_and_writes_the_rejects(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [GOOD, ACLED_CASES[1][1], ACLED_CASES[4][1].replace("SYR2", "SYR3"), GOOD]
    path = write(tmp_path, "events.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    rejects = tmp_path / "rejects.csv"
    report = load(engine, "acled", path, skip_invalid=rejects)
    assert (report.created, report.rejected) == (1, 3)
    assert count(engine, Event) == 1
    with rejects.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["line"], r["column"], r["code"]) for r in written] == [
        ("3", "event_date", "impossible-date"),
        ("4", "latitude", "out-of-range"),
        ("5", "id", "duplicate-id"),
    ]
    assert written[0]["event_id_cnty"] == "SYR2" and written[0]["reason"]


def test_skip_invalid_still_refuses_a_file_without_its_columns(
    engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "events.csv", "event_id_cnty,event_date\nSYR1,2016-09-19\n")
    with pytest.raises(ImportIssues):
        load(engine, "acled", path, skip_invalid=tmp_path / "rejects.csv")


def test_changed_row_updates_its_event_and_bumps_the_version(
    engine: Engine, tmp_path: Path
) -> None:
    first = write(
        tmp_path,
        "a.csv",
        f"{HEADER}\n{GOOD}\nSYR2,2016-09-20,2016,Battles,Armed clash,Syria,36.2,37.1,1\n",
    )
    load(engine, "acled", first)
    changed = write(
        tmp_path,
        "b.csv",
        f"{HEADER}\n{GOOD}\nSYR2,2016-09-20,2016,Battles,Armed clash,Syria,36.3,37.2,4\n",
    )
    report = load(engine, "acled", changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    with transaction(engine) as session:
        event = session.scalars(select(Event).where(Event.external_id == "SYR2")).one()
    assert (event.version, event.fatalities, event.latitude) == (2, 4, 36.3)


def test_reordered_columns_match_the_rows_they_came_from(engine: Engine, tmp_path: Path) -> None:
    load(engine, "acled", write(tmp_path, "a.csv", f"{HEADER}\n{GOOD}\n"))
    names, cells = HEADER.split(","), GOOD.split(",")
    order = list(reversed(range(len(names))))
    reordered = ",".join(names[i] for i in order) + "\n" + ",".join(cells[i] for i in order) + "\n"
    report = load(engine, "acled", write(tmp_path, "b.csv", reordered))
    assert (report.unchanged, report.updated) == (1, 0)


def test_sqlite_index_follows_a_changed_position(sqlite_engine: Engine, tmp_path: Path) -> None:
    load(sqlite_engine, "acled", write(tmp_path, "a.csv", f"{HEADER}\n{GOOD}\n"))
    load(
        sqlite_engine,
        "acled",
        write(tmp_path, "b.csv", f"{HEADER}\n{GOOD.replace('36.2', '35.0')}\n"),
    )
    with sqlite_engine.connect() as conn:
        boxes = conn.exec_driver_sql("SELECT min_lat FROM events_rtree").scalars().all()
    assert [round(b, 3) for b in boxes] == [35.0]


def jsonl(tmp_path: Path, name: str, *rows: object) -> Path:
    return write(tmp_path, name, "".join(json.dumps(row) + "\n" for row in rows))


@pytest.mark.parametrize(
    ("kind", "row", "expected"),
    [
        ("sources", {"id": "s", "reliability": "G"}, (1, "reliability", "unknown-value")),
        ("sources", {"id": "s", "published": "2016-02-31"}, (1, "published", "impossible-date")),
        ("sources", {"id": "s", "title": 5.5, "colour": "red"}, (1, "colour", "unknown-field")),
        (
            "statements",
            {"id": "x", "speaker": "Nobody Known", "words": "w"},
            (1, "speaker", "unknown-actor"),
        ),
        ("statements", {"id": "x", "speaker": "Lavrov"}, (1, "words", "missing-value")),
        (
            "statements",
            {"id": "x", "speaker": "Lavrov", "words": "w", "span": [5, 2]},
            (1, "span", "wrong-type"),
        ),
        (
            "claims",
            {"id": "c", "event": "no-such-event", "attribute": "weapon", "value": "v"},
            (1, "event", "unknown-reference"),
        ),
        (
            "claims",
            {"id": "c", "event": "SYR101", "attribute": "colour", "value": "v"},
            (1, "attribute", "unknown-value"),
        ),
        (
            "claims",
            {"id": "c", "event": "SYR101", "attribute": "weapon", "value": "v", "credibility": 9},
            (1, "credibility", "out-of-range"),
        ),
        (
            "agreements",
            {"id": "a", "name": "n", "kind": "truce", "scope": "local", "parties": ["Nobody"]},
            (1, "parties", "unknown-actor"),
        ),
        (
            "agreements",
            {
                "id": "a",
                "name": "n",
                "kind": "truce",
                "scope": "local",
                "effective_from": "2016-03-02",
                "effective_to": "2016-03-01",
            },
            (1, "effective_to", "bad-range"),
        ),
        (
            "agreements",
            {"id": "a", "name": "n", "kind": "truce", "scope": "local", "latitude": "north"},
            (1, "latitude", "wrong-type"),
        ),
        (
            "events",
            {"id": "e", "event_date": "2016-09-19", "event_type": "Battles", "longitude": 200},
            (1, "longitude", "out-of-range"),
        ),
        (
            "events",
            {
                "id": "e",
                "event_date": "2016-09-19",
                "event_type": "Battles",
                "violations": [{"agreement": "nope"}],
            },
            (1, "violations", "unknown-reference"),
        ),
    ],
)
def test_jsonl_bad_field_is_named(
    engine: Engine,
    tmp_path: Path,
    kind: str,
    row: dict[str, object],
    expected: tuple[int, str, str],
) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    load(engine, "acled", DATA / "acled.csv")
    path = jsonl(tmp_path, f"{kind}.jsonl", row)
    assert expected in issues_of(engine, kind, path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "s1"}\nnot json\n', [(2, "", "bad-json")]),
        ('{"id": "s1"}\n[1, 2]\n', [(2, "", "bad-json")]),
        ('{"id": "s1"}\n{"id": "s2", "tit', [(2, "", "truncated-file")]),
        ('{"id": "s1"}\n{"id": "s1"}\n', [(2, "id", "duplicate-id")]),
        ("", [(1, "", "empty-file")]),
    ],
)
def test_broken_jsonl_files_are_refused(
    engine: Engine, tmp_path: Path, content: str, expected: list[tuple[int, str, str]]
) -> None:
    path = write(tmp_path, "sources.jsonl", content)
    assert issues_of(engine, "sources", path) == expected


def test_jsonl_non_utf8_line_is_named(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "sources.jsonl", b'{"id": "s1"}\n{"id": "s\xff2"}\n')
    assert issues_of(engine, "sources", path) == [(2, "", "bad-encoding")]


def feature(geometry: object, properties: object) -> dict[str, object]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


SQUARE = {"type": "Polygon", "coordinates": [[[36, 36], [37, 36], [37, 37], [36, 37], [36, 36]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[36, 36], [37, 37], [37, 36], [36, 37], [36, 36]]]}
OPEN_RING = {"type": "Polygon", "coordinates": [[[36, 36], [37, 36], [37, 37], [36, 37]]]}
ZONE = {"id": "z", "name": "Zone", "kind": "control"}


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ([feature(SQUARE, ZONE), feature(SQUARE, None)], [(1, "properties", "null-properties")]),
        ([feature(BOWTIE, ZONE)], [(0, "geometry", "invalid-geometry")]),
        ([feature(OPEN_RING, ZONE)], [(0, "geometry", "invalid-geometry")]),
        (
            [feature({"type": "Point", "coordinates": [36, 36]}, ZONE)],
            [(0, "geometry", "invalid-geometry")],
        ),
        ([feature(SQUARE, {**ZONE, "kind": "castle"})], [(0, "kind", "unknown-value")]),
        ([feature(SQUARE, {**ZONE, "binds": ["Nobody"]})], [(0, "binds", "unknown-actor")]),
        (
            [feature(SQUARE, {**ZONE, "valid_from": "2016-09-31"})],
            [(0, "valid_from", "impossible-date")],
        ),
        ([feature(SQUARE, ZONE), feature(SQUARE, ZONE)], [(1, "id", "duplicate-id")]),
        (
            [
                feature(
                    {"type": "Polygon", "coordinates": [[[36, 95], [37, 95], [37, 96], [36, 95]]]},
                    ZONE,
                )
            ],
            [(0, "geometry", "out-of-range")],
        ),
    ],
)
def test_bad_zone_feature_is_named_by_its_index(
    engine: Engine, tmp_path: Path, features: list[object], expected: list[tuple[int, str, str]]
) -> None:
    load(engine, "actors", DATA / "actors.yaml")
    path = write(
        tmp_path, "zones.geojson", json.dumps({"type": "FeatureCollection", "features": features})
    )
    with pytest.raises(ImportIssues) as caught:
        load(engine, "zones", path)
    issues = caught.value.issues
    assert [(i.line, i.column, i.code) for i in issues] == expected
    assert all(i.unit == "feature" for i in issues)
    assert f"feature {expected[0][0]}:" in caught.value.detail[0]
    assert count(engine, Zone) == 0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"type": "FeatureCollection", "features": [', "truncated-file"),
        ('{"type": "Feature"}', "bad-json"),
        ("", "empty-file"),
    ],
)
def test_broken_geojson_files_are_refused(
    engine: Engine, tmp_path: Path, content: str, code: str
) -> None:
    path = write(tmp_path, "zones.geojson", content)
    assert [c for _, _, c in issues_of(engine, "zones", path)] == [code]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- name: A\n  kind: warlord\n", (1, "kind", "unknown-value")),
        ("- name: A\n- name: B\n  parent: Nobody\n", (2, "parent", "unknown-actor")),
        ("- name: A\n- name: A\n", (2, "name", "duplicate-id")),
        (
            "- name: A\n  offices:\n    - {title: T, start: 2016-02-30}\n",
            (1, "offices", "impossible-date"),
        ),
        (
            "- name: A\n  relationships:\n    - {kind: loves, object: A}\n",
            (1, "relationships", "unknown-value"),
        ),
        ("- name: A\n  country: Syria\n", (1, "country", "wrong-type")),
        ("- name: [unclosed\n", (2, "", "bad-yaml")),
    ],
)
def test_bad_actor_entry_is_named(
    engine: Engine, tmp_path: Path, content: str, expected: tuple[int, str, str]
) -> None:
    path = write(tmp_path, "actors.yaml", content)
    assert expected in issues_of(engine, "actors", path)


def test_unknown_kind_and_missing_file_are_clear_errors(engine: Engine, tmp_path: Path) -> None:
    from truce.errors import InvalidInput

    with pytest.raises(InvalidInput, match="use one of"):
        load(engine, "wombats", DATA / "acled.csv")
    with pytest.raises(InvalidInput, match="no such file"):
        load(engine, "acled", tmp_path / "absent.csv")
