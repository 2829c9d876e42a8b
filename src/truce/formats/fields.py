"""Cell validators shared by every importer: each returns a value or raises FieldError.

They take the raw text (CSV) or the decoded JSON value and the column name, so the error names
the column and says what would have been accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any

from truce.days import DayError, read_day
from truce.formats.issues import FieldError
from truce.links import is_web_url

_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}\Z")


def guard(errors: list[FieldError], check: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """``check(*args, **kw)``, or None with its error appended to ``errors``."""
    try:
        return check(*args, **kw)
    except FieldError as error:
        errors.append(error)
        return None


def text(value: object, column: str, *, required: bool = False, max_len: int = 0) -> str | None:
    if value is None or value == "":
        if required:
            raise FieldError("missing-value", "is required but empty", column=column)
        return None
    if not isinstance(value, str):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(
                "wrong-type", f"expected text, got {type(value).__name__}", column=column
            )
        value = str(value)
    if max_len and len(value) > max_len:
        raise FieldError(
            "out-of-range", f"is {len(value)} characters long; at most {max_len}", column=column
        )
    return value


def web_url(value: object, column: str) -> str | None:
    """Text that must be an http(s) address (``truce.links``): ``bad-url`` otherwise."""
    found = text(value, column)
    if found is not None and not is_web_url(found):
        raise FieldError("bad-url", "only http:// and https:// addresses are kept", column=column)
    return found


def integer(
    value: object, column: str, *, low: int | None = None, high: int | None = None
) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError("wrong-type", "expected a whole number, got true/false", column=column)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise FieldError(
                "wrong-type", f"{value!r} is not a whole number", column=column, value=value
            ) from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise FieldError(
            "out-of-range",
            f"{number} is outside {_bounds(low, high)}",
            column=column,
            value=value,
        )
    return number


def number(
    value: object, column: str, *, low: float | None = None, high: float | None = None
) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError("wrong-type", "expected a number, got true/false", column=column)
    try:
        result = float(value) if isinstance(value, int | float) else float(str(value))
    except ValueError:
        raise FieldError(
            "wrong-type", f"{value!r} is not a number", column=column, value=value
        ) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise FieldError("wrong-type", f"{value!r} is not a finite number", column=column)
    if (low is not None and result < low) or (high is not None and result > high):
        raise FieldError(
            "out-of-range",
            f"{result:g} is outside {_bounds(low, high)}",
            column=column,
            value=value,
        )
    return result


def latitude(value: object, column: str = "latitude") -> float | None:
    return number(value, column, low=-90.0, high=90.0)


def longitude(value: object, column: str = "longitude") -> float | None:
    return number(value, column, low=-180.0, high=180.0)


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}..{high:g}"
    if low is not None:
        return f"the allowed range (at least {low:g})"
    return f"the allowed range (at most {high:g})"


def day(value: object, column: str, *, required: bool = False) -> date | None:
    """A day as :func:`truce.days.read_day` reads it (``YYYY-MM-DD``, ``19 September 2016``)."""
    if value is None or value == "":
        if required:
            raise FieldError(
                "missing-value", "is required; give a date as YYYY-MM-DD", column=column
            )
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise FieldError(
            "wrong-type", f"expected a date as YYYY-MM-DD, got {value!r}", column=column
        )
    try:
        return read_day(value)
    except DayError as error:
        raise FieldError(error.code, error.message, column=column, value=value.strip()) from None


def moment(value: object, column: str) -> datetime | None:
    """An ISO 8601 time (a date alone is midnight) in UTC; without a zone it is UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError("wrong-type", f"expected an ISO 8601 time, got {value!r}", column=column)
    raw = value.strip()
    if len(raw) <= 10:
        found = day(raw, column)
        assert found is not None
        return datetime(found.year, found.month, found.day, tzinfo=UTC)
    try:
        result = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        if _ISO_DATE.match(raw[:10]):
            day(raw[:10], column)  # raises impossible-date when the day is the problem
        raise FieldError(
            "bad-date",
            f"{raw!r} is not an ISO 8601 time; use e.g. 2016-09-19T18:00:00+03:00",
            column=column,
            value=raw,
        ) from None
    if result.tzinfo is None:
        return result.replace(tzinfo=UTC)
    # Stored in UTC: SQLite keeps no offset, so a local time would shift silently.
    return result.astimezone(UTC)


def choice(
    value: object, column: str, options: Collection[str], *, required: bool = False
) -> str | None:
    found = text(value, column, required=required)
    if found is None:
        return None
    if found in options:
        return found
    folded = {option.casefold(): option for option in options}
    if found.strip().casefold() in folded:
        return folded[found.strip().casefold()]
    raise FieldError(
        "unknown-value",
        f"{found!r} is not one of: {', '.join(options)}",
        column=column,
        value=found,
    )


def flag(value: object, column: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "yes", "1", "y", "t"):
        return True
    if lowered in ("false", "no", "0", "n", "f"):
        return False
    raise FieldError("wrong-type", f"{value!r} is not true or false", column=column, value=value)


def names(value: object, column: str) -> list[str]:
    """A list: a JSON array of strings, or a CSV cell separated by ``|``."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise FieldError(
        "wrong-type", "expected a list of names (a JSON array, or a|b|c in CSV)", column=column
    )


def ordered_window(start: date | datetime | None, end: date | datetime | None, column: str) -> None:
    if start is not None and end is not None and end < start:
        raise FieldError(
            "bad-range", f"ends ({end}) before it starts ({start})", column=column, value=end
        )
