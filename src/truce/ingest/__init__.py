"""Importers: outside files (CSV, GeoJSON, YAML, JSON Lines) into records, every row checked.

``import_file(engine, kind, path, actor=...)`` is the one entry point; ``KINDS`` lists what it
reads. Problems are :class:`Issue` values with stable codes (docs/import.md).

The names below are imported on first use, so reading a report (``truce.ingest.html``) does not
load the store's models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truce.ingest.acled import ACLED_COLUMNS, AcledLayout, parse_acled_row
    from truce.ingest.api import KINDS, ImportIssues, Kind, import_file
    from truce.ingest.issues import CODES, FieldError, Issue
    from truce.ingest.run import ImportReport

_HOMES = {
    "ACLED_COLUMNS": "acled",
    "AcledLayout": "acled",
    "parse_acled_row": "acled",
    "KINDS": "api",
    "ImportIssues": "api",
    "Kind": "api",
    "import_file": "api",
    "CODES": "issues",
    "FieldError": "issues",
    "Issue": "issues",
    "ImportReport": "run",
}

__all__ = [
    "ACLED_COLUMNS",
    "CODES",
    "KINDS",
    "AcledLayout",
    "FieldError",
    "ImportIssues",
    "ImportReport",
    "Issue",
    "Kind",
    "import_file",
    "parse_acled_row",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'truce.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(f"truce.ingest.{home}"), name)
