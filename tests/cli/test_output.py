"""What the CLI prints: tables that fit the terminal or turn into one block per record, the
--format json|csv of every listing, and headlines that agree with their figures."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from truce.cli import app
from truce.cli.output import as_blocks, fits

runner = CliRunner()
CONVOY = "inc-2016-09-19-urum-al-kubra-convoy"


def _console(width: int) -> Console:
    return Console(width=width, file=io.StringIO(), force_terminal=False)


def _wide() -> Table:
    table = Table("notification", "kind", "notified to", "event", "type", "distance m")
    table.add_row(
        "UN/SARC convoy to Urum al-Kubra", "movement",
        "Government of Russia, Government of Syria, Government of the United States",
        "506 (inc-2016-09-19-urum-al-kubra-convoy)", "Air/drone strike", "0",
    )  # fmt: skip
    return table


@pytest.mark.parametrize("width", [80, 120])
def test_a_table_wider_than_the_terminal_becomes_one_block_per_record(width: int) -> None:
    console = _console(width)
    assert not fits(_wide(), console)
    console.print(as_blocks(_wide(), console))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "notification: UN/SARC convoy to Urum al-Kubra" in text
    assert "506 (inc-2016-09-19-urum-al-kubra-convoy)" in text
    assert "…" not in text


def test_a_table_that_fits_or_holds_key_value_pairs_stays_a_table() -> None:
    small = Table("id", "user", "role")
    small.add_row("1", "amira", "analyst")
    pairs = Table(show_header=False)
    pairs.add_column()
    pairs.add_column()
    pairs.add_row("why", "a long explanation " * 20)
    assert fits(small, _console(80)) and fits(pairs, _console(80))


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["80", "120"])
@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["check", "deconfliction"], ["UN/SARC convoy to Urum al-Kubra", CONVOY, "notified to"]),
        (["assess", CONVOY, "-a", "weapon"], ["Leading: air strike", "helicopter", "mortar"]),
    ],
)
def test_wide_results_show_whole_words_at_80_and_120_columns(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, columns: str, command: list[str],
    words: list[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("COLUMNS", columns)
    result = runner.invoke(app, ["--db", str(demo_store), *command])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    for word in words:
        assert word in result.output
    assert max(len(line.rstrip()) for line in result.output.splitlines()) <= int(columns) or (
        "Note:" in result.output  # notes are one line each, wrapped by the terminal
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [["stats"], ["user", "list"], ["review"], ["check", "deconfliction"], ["health"],
     ["check", "zones"], ["near", CONVOY], ["cooccur"]],
)  # fmt: skip
def test_every_listing_writes_json_and_csv(demo_store: Path, command: list[str]) -> None:
    as_json = runner.invoke(app, ["--db", str(demo_store), *command, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert isinstance(json.loads(as_json.output), dict)
    as_csv = runner.invoke(app, ["--db", str(demo_store), *command, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    if as_csv.output:  # an empty listing writes nothing
        rows = list(csv.reader(io.StringIO(as_csv.output)))
        assert len(rows) >= 2 and len({len(r) for r in rows}) == 1


def test_the_review_queue_and_tokens_list_as_json(sqlite_store_url: str) -> None:
    assert runner.invoke(app, ["--db", sqlite_store_url, "init"]).exit_code == 0
    queue = runner.invoke(app, ["--db", sqlite_store_url, "review", "-f", "json"])
    assert json.loads(queue.output) == {"data": [], "count": 0}
    db = ["--db", sqlite_store_url]
    add = [*db, "user", "add", "amira", "--role", "analyst", "--password-stdin"]
    added = runner.invoke(app, add, input="a long passphrase\n")
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, [*db, "token", "create", "amira"]).exit_code == 0
    tokens = json.loads(runner.invoke(app, [*db, "token", "list", "amira", "-f", "json"]).output)
    assert tokens["count"] == 1 and tokens["data"][0]["revoked"] is False
    users = runner.invoke(app, [*db, "user", "list", "-f", "csv"]).output
    assert users.splitlines()[0] == "id,user,role,party,active,tokens,created"


@pytest.mark.slow
def test_the_health_headline_agrees_with_its_flagged_days(demo_store: Path) -> None:
    result = runner.invoke(app, ["--db", str(demo_store), "health"])
    assert result.exit_code == 0, result.output
    flagged = json.loads(
        runner.invoke(app, ["--db", str(demo_store), "health", "-f", "json"]).output
    )
    days = flagged["early_warning"]["flagged_days"]
    assert days, "the demo has flagged days"
    assert "no warning" not in result.output
    assert f"{len(days)} flagged day(s)" in result.output


def test_serve_on_a_busy_port_fails_in_one_line_before_printing_a_url(
    sqlite_store_url: str,
) -> None:
    assert runner.invoke(app, ["--db", sqlite_store_url, "init"]).exit_code == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["--db", sqlite_store_url, "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: port {port} on 127.0.0.1 is already in use: pass another with --port "
        f"(e.g. --port {port + 1})"
    ]
    assert "http://" not in result.output
