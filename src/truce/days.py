"""Days: the one parser for dates in files, on the command line and in the web forms.

:func:`read_day` accepts ``YYYY-MM-DD`` (one-digit months and days too), ACLED's own
``19 September 2016`` (month names from :mod:`truce.lexicon`) and any other ISO 8601 date
(``20160919``, ``2016-W38-1``); it raises :class:`DayError` with a stable code: ``bad-date``
for text that is no date, ``impossible-date`` for a day the calendar lacks (``2016-02-30``).
Importers turn that into a cell error (``truce.formats.fields.day``); :func:`parse_day` turns it
into an error naming the command-line option or form field.

Kept free of heavy imports, so the CLI can use it without loading the store.
"""

from __future__ import annotations

import re
from datetime import date

from truce.errors import InvalidInput
from truce.lexicon import MONTHS

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]+),? (\d{4})\Z")
FORMS = "YYYY-MM-DD (or '19 September 2016')"


class DayError(ValueError):
    """Why a text is not a day: ``code`` is ``bad-date`` or ``impossible-date``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_day(raw: str) -> date:
    """The day written in ``raw`` (surrounding spaces ignored), or :class:`DayError`."""
    raw = raw.strip()
    if len(raw) == 10:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    match = _ISO_DATE.match(raw)
    if match:
        year, month, dom = (int(part) for part in match.groups())
        return _checked(year, month, dom, raw)
    match = _DAY_MONTH_YEAR.match(raw)
    if match and match.group(2).lower() in MONTHS:
        month = MONTHS[match.group(2).lower()]
        return _checked(int(match.group(3)), month, int(match.group(1)), raw)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DayError("bad-date", f"{raw!r} is not a date; use {FORMS}") from None


def _checked(year: int, month: int, dom: int, raw: str) -> date:
    try:
        return date(year, month, dom)
    except ValueError as error:
        raise DayError(
            "impossible-date", f"{raw!r} is not a day of the calendar ({error})"
        ) from None


def parse_day(value: str | None, option: str) -> date | None:
    """``value`` as a day (None when absent or empty), or a clear error naming ``option``."""
    if value is None or value == "":
        return None
    try:
        return read_day(value)
    except DayError:
        raise InvalidInput(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None
