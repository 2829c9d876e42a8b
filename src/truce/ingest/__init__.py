"""Importers: outside files (CSV, GeoJSON, YAML, JSON Lines) into records, every row checked.

``import_file(engine, kind, path, actor=...)`` is the one entry point; ``KINDS`` lists what it
reads. Problems are :class:`Issue` values with stable codes (docs/import.md).
"""

from truce.ingest.acled import ACLED_COLUMNS, AcledLayout, parse_acled_row
from truce.ingest.api import KINDS, ImportIssues, Kind, import_file
from truce.ingest.issues import CODES, FieldError, Issue
from truce.ingest.run import ImportReport

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
