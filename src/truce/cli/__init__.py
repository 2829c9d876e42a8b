"""The ``truce`` command line: thin adapters over the library, one module per area."""

from __future__ import annotations

from typing import Annotated

import typer

from truce import __version__
from truce.cli import admin, analyze, assess, core, demo, export, extract, io, report, server
from truce.cli.common import CliState, TruceGroup, out
from truce.config import ENV_DATABASE_URL

app = typer.Typer(
    cls=TruceGroup,
    help="Truce: monitor ceasefires and investigate the incidents that break them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rendering it with rich doubles `truce --help`'s start-up
)


def _version(value: bool) -> None:
    if value:
        out.print(f"truce {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=ENV_DATABASE_URL,
            help="Database URL or SQLite file path (default: ~/.local/share/truce/truce.sqlite).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Truce: monitor ceasefires and investigate the incidents that break them."""
    ctx.obj = CliState(database_url=db)


for module in (core, io, export, demo, extract, analyze, assess, report, server, admin):
    module.register(app)


def main() -> None:
    app()
