"""Importers: outside files (CSV, GeoJSON, YAML, JSON Lines) into records, every row checked.

``import_file(engine, kind, path, actor=...)`` is the one entry point; ``KINDS`` lists what it
reads. The files themselves are read and checked by :mod:`truce.formats` (one module per
format); this package resolves names and ids, and writes the records in one transaction.
Problems are :class:`~truce.formats.issues.Issue` values with stable codes (docs/import.md).

The names below are imported on first use, so importing one module of this package does not
load the store's models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truce.ingest.api import KINDS, ImportIssues, Kind, import_file
    from truce.ingest.run import ImportReport

_HOMES = {
    "KINDS": "api",
    "ImportIssues": "api",
    "Kind": "api",
    "import_file": "api",
    "ImportReport": "run",
}

__all__ = [
    "KINDS",
    "ImportIssues",
    "ImportReport",
    "Kind",
    "import_file",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'truce.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(f"truce.ingest.{home}"), name)
