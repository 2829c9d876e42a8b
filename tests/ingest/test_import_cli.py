"""`truce import KIND FILE`: counts on success; every problem on stderr and exit 2 on failure."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import DATA
from typer.testing import CliRunner

from truce.cli import app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(db), "import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_prints_what_it_created_then_that_nothing_changed(tmp_path: Path) -> None:
    db = tmp_path / "truce.sqlite"
    code, out, _ = run(db, "acled", str(DATA / "acled.csv"))
    assert code == 0 and "3 created, 0 updated, 0 unchanged, 0 rejected" in out
    code, out, _ = run(db, "acled", str(DATA / "acled.csv"))
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in out


def test_a_bad_file_exits_2_and_lists_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = (DATA / "acled.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace("35.2833", "135.2833").replace("2016-09-19", "2016-09-31"), "utf-8")
    code, _, err = run(tmp_path / "truce.sqlite", "acled", str(bad))
    assert code == 2
    assert f"{bad}:2: latitude: " in err and "[out-of-range]" in err
    assert f"{bad}:5: event_date: " in err and "[impossible-date]" in err
    assert "problem(s) in 2 rows" in " ".join(err.split())  # the summary, in the error box


def test_skip_invalid_writes_the_rejects_file_and_imports_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text((DATA / "acled.csv").read_text("utf-8").replace("35.2833", "135.2"), "utf-8")
    rejects = tmp_path / "rejects.csv"
    code, out, err = run(tmp_path / "t.sqlite", "acled", str(bad), "--skip-invalid", str(rejects))
    assert code == 0 and "2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert str(rejects) in err
    assert rejects.read_text("utf-8").splitlines()[1].startswith("2,latitude,out-of-range,")


def test_unknown_kind_is_a_usage_error_naming_the_kinds(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "t.sqlite", "wombats", str(DATA / "acled.csv"))
    assert code == 2 and "acled" in err and "claims" in err
