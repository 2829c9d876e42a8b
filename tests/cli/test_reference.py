from __future__ import annotations

from pathlib import Path

from truce.cli import app
from truce.cli.reference import commands_without_help, render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_every_command_has_help_text() -> None:
    assert commands_without_help(app) == []


def test_cli_reference_in_docs_is_generated_from_the_cli() -> None:
    expected = render(app)
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: run `python -m truce.cli.reference > docs/cli.md`"
    )


def test_record_reference_in_docs_is_generated_from_the_models() -> None:
    from truce.store.reference import render as render_records

    path = DOCS.parent / "records.md"
    assert path.read_text(encoding="utf-8") == render_records(), (
        "docs/records.md is stale: run `python -m truce.store.reference > docs/records.md`"
    )
