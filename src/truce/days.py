"""Days given by people: one parser for the command line and the web forms (YYYY-MM-DD).

Kept free of heavy imports, so the CLI can use it without loading the store.
"""

from __future__ import annotations

from datetime import date

from truce.errors import InvalidInput


def parse_day(value: str | None, option: str) -> date | None:
    """``value`` as a day (None when absent or empty), or a clear error naming ``option``."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None
