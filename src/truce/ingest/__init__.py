"""Importers: outside files (CSV, GeoJSON, YAML, JSON Lines) into records, every row checked.

``import_file(engine, kind, path, actor=...)`` is the one entry point; ``KINDS`` lists what it
reads. The files themselves are read and checked by :mod:`truce.formats` (one module per
format); this package resolves names and ids, and writes the records in one transaction.
Problems are :class:`~truce.formats.issues.Issue` values with stable codes (docs/import.md).
"""

from __future__ import annotations

from truce.ingest.api import KINDS, ImportIssues, Kind, import_file
from truce.ingest.run import ImportReport

__all__ = [
    "KINDS",
    "ImportIssues",
    "ImportReport",
    "Kind",
    "import_file",
]
