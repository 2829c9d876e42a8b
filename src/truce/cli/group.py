"""The root command group and the one place the CLI defers imports.

Every command is named in the root's table by ``"module:attribute"`` (a command function or a
``typer.Typer`` group) with the line ``truce --help`` lists for it; the group imports a
command's module only when that command runs (or its own help is asked for). Command modules
therefore import the store, the analyses and the extractor at the top like any other module,
and ``truce --help`` still starts without them. A command that should refuse bad arguments
before any of those are imported hands the rest of its work to a :func:`deferred` function of
another module (``truce ingest``). Also here: the consoles, the per-run state (``--db``) and the
mapping of :class:`TruceError` to one ``Error: …`` line and exit code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, ClassVar

import typer
from rich.console import Console
from typer._click.core import Command
from typer._click.core import Context as ClickContext
from typer._click.exceptions import ClickException, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from truce.config import Settings
from truce.errors import TruceError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class TruceClickError(ClickException):
    """A :class:`TruceError` shown as ``Error: …`` with exit code 2 (bad input) or 1."""

    def __init__(self, error: TruceError) -> None:
        super().__init__(error.message)
        self.error = error
        self.exit_code = 2 if 400 <= error.status < 500 else 1

    def show(self, file: Any = None) -> None:
        err.print("Error", style="bold red", end="")
        err.print(f": {self.error.message}", markup=False, highlight=False)
        detail = self.error.detail
        if isinstance(detail, list):
            for line in detail[:50]:
                err.print(str(line), markup=False)
            if len(detail) > 50:
                err.print(f"… and {len(detail) - 50} more", markup=False)


class TruceGroup(TyperGroup):
    """Turns the library's errors into CLI errors, for every command and subcommand: one
    ``Error: …`` line on stderr (never wrapped into a box) and exit code 2 or 1."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except TruceError as error:
            failure = TruceClickError(error)
            failure.show()
            raise typer.Exit(failure.exit_code) from error


@dataclass
class CliState:
    """What one run shares between its commands: the ``--db`` given, and the store once
    opened (by :func:`truce.cli.common.engine`)."""

    database_url: str | None = None
    engine: Any = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        return Settings.load(database_url=self.database_url)


@dataclass(frozen=True)
class Lazy:
    """A command of the root group: its name, where it lives (``"module:attribute"``) and the
    first sentence of its help, which ``truce --help`` lists without importing the module (a
    test checks it matches the command's own)."""

    name: str
    target: str
    summary: str

    def load(self) -> Command:
        module, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            return typer.main.get_group(found)
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(self.name)(found)
        return typer.main.get_command(single)


def deferred(target: str) -> Callable[..., Any]:
    """The function ``"module:attribute"``, its module imported when it is first called (so a
    command checks its arguments before the store and the extractor are imported)."""
    module, _, attribute = target.partition(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), attribute)(*args, **kwargs)

    return call


class LazyGroup(TruceGroup):
    """A :class:`TruceGroup` whose commands (``lazy``, set by a subclass) load when used."""

    lazy: ClassVar[tuple[Lazy, ...]] = ()

    def _entry(self, name: str) -> Lazy | None:
        return next((entry for entry in self.lazy if entry.name == name), None)

    def list_commands(self, ctx: ClickContext) -> list[str]:
        loaded = super().list_commands(ctx)
        return [*loaded, *(entry.name for entry in self.lazy if entry.name not in loaded)]

    def get_command(self, ctx: ClickContext, cmd_name: str) -> Command | None:
        found = super().get_command(ctx, cmd_name)
        entry = self._entry(cmd_name) if found is None else None
        if entry is not None:
            found = self.commands[cmd_name] = entry.load()
        return found

    def resolve_command(
        self, ctx: ClickContext, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """As typer's, with the close matches among all the commands, loaded or not."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            close = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if close and "Did you mean" not in error.message:
                named = ", ".join(repr(name) for name in close)
                error.message = f"{error.message.rstrip('.')}. Did you mean {named}?"
            raise

    def format_commands(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        """The commands and their summaries, from the table (importing none of them)."""
        listed: list[tuple[str, Command]] = []
        for name in self.list_commands(ctx):
            entry = self._entry(name)
            command = super().get_command(ctx, name)
            if command is None and entry is not None:
                command = TyperCommand(name, help=entry.summary)
            if command is not None and not command.hidden:
                listed.append((name, command))
        if listed:
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in listed])
