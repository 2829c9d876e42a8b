"""CLI commands: init, and (from the core issue) demo and stats."""

from __future__ import annotations

import typer

from truce.cli.common import engine, out, state


def init(ctx: typer.Context) -> None:
    """Create the store, or bring its schema up to date (safe to run again)."""
    from truce.store.db import current_revision

    eng = engine(ctx, create=True)
    out.print(f"Store ready at {state(ctx).settings.database_url} (schema {current_revision(eng)})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command()(init)
