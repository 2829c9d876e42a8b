"""What every CLI command shares: the store ``--db`` names, the consoles, sub-command groups.

Command modules import it (and the store, the analyses, the extractor) at the top; they are
themselves imported only when their command runs (:mod:`truce.cli.group`). A command that needs
no store (``truce extract``) takes the consoles from :mod:`truce.cli.group` instead, so it does
not import the store and SQLAlchemy with this module.
"""

from __future__ import annotations

import typer
from sqlalchemy import Engine

from truce.cli.group import CliState, TruceGroup, err, out
from truce.store.db import open_store

__all__ = ["engine", "err", "new_typer", "out", "state"]


def state(ctx: typer.Context) -> CliState:
    """This run's state (``--db``), made on first use when a command runs without the root."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        obj = CliState()
        ctx.find_root().obj = obj
    return obj


def engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    """The store ``--db`` names, migrated to the newest schema on first use. Only ``create``
    (init, import, ingest) makes a store where there is none; otherwise such a --db is refused."""
    run = state(ctx)
    if run.engine is None:
        run.engine = open_store(run.settings.database_url, create=create)
    found: Engine = run.engine
    return found


def new_typer(help_text: str, *, no_args_is_help: bool = True) -> typer.Typer:
    """A sub-command group with the same error handling as the main app (without arguments
    it prints its help, unless its callback does the work, as ``truce review`` does)."""
    return typer.Typer(
        cls=TruceGroup, help=help_text, no_args_is_help=no_args_is_help, rich_markup_mode=None
    )
