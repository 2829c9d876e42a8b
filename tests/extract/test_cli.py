import json
import sqlite3
from contextlib import closing
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


def _flat(output: str) -> str:
    """The error box's text on one line."""
    return " ".join(output.replace("│", " ").split())


def test_an_undated_report_is_dated_in_review_then_accepted(tmp_path):
    db = ["--db", str(tmp_path / "t.sqlite")]
    report = tmp_path / "undated.txt"
    report.write_text("Shelling hit a bakery in Douma, killing 4 civilians.\n", encoding="utf-8")
    assert runner.invoke(app, [*db, "init"]).exit_code == 0
    assert runner.invoke(app, [*db, "ingest", str(report)]).exit_code == 0
    listed = runner.invoke(app, [*db, "review", "--kind", "event"])
    assert "needs a date: truce review edit 1 --date" in listed.output
    refused = runner.invoke(app, [*db, "review", "accept", "1"])
    assert refused.exit_code != 0 and "truce review edit 1 --date" in _flat(refused.output)
    bad = runner.invoke(app, [*db, "review", "edit", "1", "--date", "20/09/2016"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    edited = runner.invoke(
        app, [*db, "review", "edit", "1", "--date", "2016-09-20", "--fatalities", "5"]
    )
    assert edited.exit_code == 0, edited.output
    accepted = runner.invoke(app, [*db, "review", "accept", "1"])
    assert accepted.exit_code == 0 and "accepted: events 1" in accepted.output
    again = tmp_path / "again.txt"
    again.write_text("Shelling hit a bakery in Duma, killing 5 civilians.\n", encoding="utf-8")
    runner.invoke(app, [*db, "ingest", str(again), "--published", "2016-09-20"])
    assert "--merge-into 1, or --new" in runner.invoke(app, [*db, "review", "--source", "2"]).output
    duplicate = runner.invoke(app, [*db, "review", "accept", "3"])  # 2: a quantity
    assert duplicate.exit_code != 0 and "--merge-into 1" in _flat(duplicate.output)
    merged = runner.invoke(app, [*db, "review", "accept", "3", "--merge-into", "1"])
    assert merged.exit_code == 0 and "accepted: events 1" in merged.output


def test_the_json_is_printed_as_written_without_emoji_codes_replaced(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        'Russian Foreign Minister Sergei Lavrov said on Tuesday: "The :warning: signs must stay '
        'up along the road."\n'
    )
    result = runner.invoke(app, ["extract", str(report), "--published", "2016-09-21"])
    assert result.exit_code == 0, result.output
    assert ":warning:" in result.output and "\u26a0" not in result.output
    words = [s["words"] for s in json.loads(result.output)["statements"]]
    assert words == ["The :warning: signs must stay up along the road."]


def test_ingest_takes_a_folder_as_extract_does_subfolders_included(tmp_path):
    folder = tmp_path / "reports"
    (folder / "2016-09").mkdir(parents=True)
    (folder / "top.txt").write_text("Shelling hit a bakery in Douma.\n", encoding="utf-8")
    (folder / "2016-09" / "inner.md").write_text("Clashes broke out in Daraa.\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not a report\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "t.sqlite")]
    done = runner.invoke(app, [*db, "ingest", str(folder), "--published", "2016-09-21"])
    assert done.exit_code == 0, done.output
    assert "inner.md" in done.output and "top.txt" in done.output
    assert "notes.csv" not in done.output
    with closing(sqlite3.connect(tmp_path / "t.sqlite")) as store:
        titles = {title for (title,) in store.execute("SELECT title FROM sources")}
    assert titles == {"inner", "top"}
    missing = runner.invoke(app, [*db, "ingest", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "no such file or folder" in missing.output
