"""The root group lists each command from its table, without importing it; what it lists must
be what the command itself says once loaded."""

from __future__ import annotations

import pytest
import typer
from typer._click.core import Context
from typer.core import TyperCommand
from typer.testing import CliRunner

from truce.cli import COMMANDS, app


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_the_listed_summary_is_the_commands_own_short_help(entry) -> None:
    root = typer.main.get_command(app)
    command = root.get_command(Context(root, info_name="truce"), entry.name)
    assert command is not None
    listed = TyperCommand(entry.name, help=entry.summary)
    for width in (30, 60, 200):
        assert listed.get_short_help_str(width) == command.get_short_help_str(width)


def test_an_unknown_command_is_refused_by_name() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_a_mistyped_command_suggests_the_one_meant_before_it_is_loaded() -> None:
    result = CliRunner().invoke(app, ["revew"])
    assert result.exit_code == 2 and "Did you mean 'review'" in result.output
