"""JSON and CSV forms of every analysis result (the CLI, the API and the web share them)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any, Protocol

from truce.formats import csvfile


class Result(Protocol):
    """What every analysis result offers: a JSON-ready dict and flat rows for CSV."""

    def to_dict(self) -> dict[str, Any]: ...

    def to_rows(self) -> list[dict[str, Any]]: ...


def plain(value: Any) -> Any:
    """Dates as ISO text, tuples as lists, dataclasses as dicts; the rest unchanged."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def to_json(result: Result) -> str:
    return json.dumps(plain(result.to_dict()), ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV with a header from the first row; empty text for no rows."""
    rows = list(rows)
    if not rows:
        return ""
    buffer = io.StringIO()
    csvfile.write_dicts(buffer, [{k: plain(v) for k, v in row.items()} for row in rows])
    return buffer.getvalue()
