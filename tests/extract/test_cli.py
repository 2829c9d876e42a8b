import json
from pathlib import Path

from typer.testing import CliRunner

from truce.cli import app

HERE = Path(__file__).parent
runner = CliRunner()


def test_extract_prints_the_contract_json():
    result = runner.invoke(
        app,
        [
            "extract",
            str(HERE / "report.txt"),
            "--published",
            "2016-09-21",
            "--actors",
            str(HERE / "actors.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "truce.extraction/1" and doc["events"]


def test_extract_table_lists_candidates():
    result = runner.invoke(
        app,
        [
            "extract",
            str(HERE / "report.txt"),
            "--published",
            "2016-09-21",
            "--format",
            "table",
            "--actors",
            str(HERE / "actors.yaml"),
        ],
    )
    assert result.exit_code == 0 and "Urum al-Kubra" in result.output


def test_a_bad_publication_date_is_a_clear_error():
    result = runner.invoke(app, ["extract", str(HERE / "report.txt"), "--published", "21/09/2016"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_ingest_review_accept_and_reject_from_the_command_line(tmp_path):
    db = ["--db", str(tmp_path / "t.sqlite")]
    args = [
        *db,
        "ingest",
        str(HERE / "report.txt"),
        "--published",
        "2016-09-21",
        "--actors",
        str(HERE / "actors.yaml"),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0 and "stored" in first.output
    assert "already stored" in runner.invoke(app, args).output
    listing = runner.invoke(app, [*db, "review", "--kind", "event"])
    assert listing.exit_code == 0 and "#1 event" in listing.output
    accepted = runner.invoke(app, [*db, "review", "accept", "1", "--note", "ok"])
    assert accepted.exit_code == 0 and "accepted: events" in accepted.output
    assert runner.invoke(app, [*db, "review", "reject", "2"]).exit_code == 0
    again = runner.invoke(app, [*db, "review", "reject", "2"])
    assert again.exit_code == 2 and "already rejected" in again.output
