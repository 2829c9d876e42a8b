"""Property: on any input at all, the CSV importers either import or raise their own
validation error (ImportIssues) — never another exception."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import DATA, load
from sqlalchemy import Engine

from truce.formats.acled import ACLED_COLUMNS
from truce.ingest import ImportIssues

UCDP_HEADER = (DATA / "ucdp.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
HEADERS = {
    "acled": list(ACLED_COLUMNS),
    "ucdp": UCDP_HEADER,
    "agreements": ["id", "name", "kind", "scope", "parties", "signed", "latitude", "provisions"],
    "actors": ["name", "kind", "country", "aliases", "offices", "relationships"],
}
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
counter = itertools.count()

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "2016-09-19",
            "2016-02-30",
            "19 September 2016",
            "-1",
            "1e999",
            "nan",
            "Battles",
            "Armed clash",
            "36.2",
            "91",
            "true",
            "a|b",
            "x; y; 2016-01-01",
        ]
    ),
)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def attempt(engine: Engine, tmp_path: Path, kind: str, content: bytes) -> None:
    path = tmp_path / f"input-{next(counter)}.csv"
    path.write_bytes(content)
    with contextlib.suppress(ImportIssues):
        load(engine, kind, path)


@pytest.mark.parametrize("kind", sorted(HEADERS))
@SETTINGS
@given(data=st.data())
def test_rows_of_random_cells_give_only_validation_errors(
    sqlite_engine: Engine, tmp_path: Path, kind: str, data: st.DataObject
) -> None:
    header = HEADERS[kind]
    width = len(header)
    rows = data.draw(st.lists(st.lists(cells, min_size=width - 1, max_size=width + 1), max_size=4))
    attempt(sqlite_engine, tmp_path, kind, csv_text(header, rows).encode("utf-8"))


@pytest.mark.parametrize("kind", sorted(HEADERS))
@SETTINGS
@given(content=st.binary(max_size=300))
def test_arbitrary_bytes_give_only_validation_errors(
    sqlite_engine: Engine, tmp_path: Path, kind: str, content: bytes
) -> None:
    header = ",".join(HEADERS[kind]).encode() + b"\n"
    attempt(sqlite_engine, tmp_path, kind, content)
    attempt(sqlite_engine, tmp_path, kind, header + content)
