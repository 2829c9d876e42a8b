"""What every CLI module shares: the store chosen by ``--db``, consoles, error mapping.

CLI modules import only the standard library, typer, rich and light truce modules at the top;
the store, the analyses and the extractor are imported inside the commands, so ``truce --help``
starts fast (docs/extraction.md, "Start-up").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from typer._click.core import Context as ClickContext
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from truce.config import Settings
from truce.errors import TruceError

if TYPE_CHECKING:
    from sqlalchemy import Engine

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
    database_url: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        return Settings.load(database_url=self.database_url)

    def engine(self, *, create: bool = False) -> Engine:
        """The store, migrated to the newest schema on first use. Only ``create`` (init,
        import) makes a store where there is none; otherwise such a --db is refused."""
        if self._engine is None:
            from truce.store.db import open_store

            self._engine = open_store(self.settings.database_url, create=create)
        return self._engine


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        obj = CliState()
        ctx.find_root().obj = obj
    return obj


def engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    """The store ``--db`` names; it must exist unless ``create``."""
    return state(ctx).engine(create=create)


def new_typer(help_text: str, *, no_args_is_help: bool = True) -> typer.Typer:
    """A sub-command group with the same error handling as the main app (without arguments
    it prints its help, unless its callback does the work, as ``truce review`` does)."""
    return typer.Typer(
        cls=TruceGroup, help=help_text, no_args_is_help=no_args_is_help, rich_markup_mode=None
    )
