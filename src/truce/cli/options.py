"""Options more than one command takes (``truce extract`` and ``truce ingest``), declared once.

Kept apart from the commands so that a command's module can take them without importing another
command's (``truce ingest`` checks its arguments before the extractor is imported)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ActorsOption = Annotated[
    Path | None,
    typer.Option("--actors", help="Actor registry YAML (docs/formats.md); default: see the help."),
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD (resolves 'yesterday')."),
]
