"""Many reports in one run: JSON Lines in input order, worker processes, unreadable files."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truce import processes
from truce.cli import app
from truce.extract.batch import extract_files
from truce.extract.html import report_files

HERE = Path(__file__).parent
runner = CliRunner()
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
FORK = multiprocessing.get_context("fork") if CAN_FORK else None
REPORTS = {
    "a.txt": "Government aircraft bombed Saraqib on Tuesday, killing four people.",
    "b.md": "Rebels shelled a district of Aleppo on Monday, the monitor said.",
    "nested/c.txt": "Protesters gathered in Idlib on Friday to demand the release of detainees.",
}


def _folder(tmp_path: Path) -> Path:
    for name, text in REPORTS.items():
        path = tmp_path / "reports" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "reports" / "notes.csv").write_text("not,a,report\n")
    return tmp_path / "reports"


def test_a_folder_is_read_recursively_and_gives_one_json_line_per_report(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["extract", str(folder), "--published", "2016-09-21", "-j", "1"])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(d["document"]["file"]).relative_to(folder).as_posix() for d in docs] == [
        "a.txt",
        "b.md",
        "nested/c.txt",
    ]
    assert all(
        d["schema"] == "truce.extraction/1" and d["document"]["language"] == "en" for d in docs
    )
    assert docs[0]["events"] and docs[0]["document"]["published"] == "2016-09-21"


def test_an_unreadable_report_is_named_and_the_others_still_written(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bad.txt").write_bytes(b"caf\xe9 au lait")
    result = runner.invoke(app, ["extract", str(folder), "-j", "1"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("{")]
    assert len(lines) == 3
    assert "bad.txt: not UTF-8 text (byte 3) [bad-encoding]" in result.output


@pytest.mark.parametrize("forked", [True, False], ids=["forked-ready", "each-loads"])
def test_worker_processes_give_the_same_documents_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    # Forked ready from this process, or (as where the platform cannot fork, or another thread
    # runs: the test runner's own) each worker loading what it needs.
    monkeypatch.setattr(processes, "fork_context", lambda: FORK if forked else None)
    files = report_files([_folder(tmp_path)])
    alone = [d.line for d in extract_files(files, published=None, actors=None, jobs=1)]
    pooled = [d.line for d in extract_files(files, published=None, actors=None, jobs=2)]
    assert pooled == alone and all(alone)


def test_a_table_is_for_one_report_only(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_folder(tmp_path)), "--format", "table"])
    assert result.exit_code == 2 and "use jsonl" in result.output


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_one_report_can_be_written_as_a_json_line() -> None:
    args = ["extract", str(HERE / "report.txt"), "--format", "jsonl", "--published", "2016-09-21"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and len(result.output.splitlines()) == 1
    assert json.loads(result.output)["document"]["file"].endswith("report.txt")
