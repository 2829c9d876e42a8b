"""CLI commands: init, and (from the core issue) demo and stats."""

from __future__ import annotations

import typer

from truce.cli.common import engine, out, state
from truce.store.db import current_revision


def init(ctx: typer.Context) -> None:
    """Create the store, or bring its schema up to date (safe to run again)."""
    eng = engine(ctx, create=True)
    out.print(f"Store ready at {state(ctx).settings.database_url} (schema {current_revision(eng)})")
