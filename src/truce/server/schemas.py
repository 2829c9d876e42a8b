"""A schema family per record kind, built from the store's models: XCreate, XUpdate,
XPublic and XPage ``{data, count}``.

Field types and string lengths come from the model's columns and the allowed values from
``truce.vocab``, so each limit is declared once. ``XCreate`` requires the columns that have no
default; ``XUpdate`` makes every field optional (a PATCH changes only what it names); both
refuse unknown fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import Column, String, inspect

from truce import vocab
from truce.store.models import RECORD_KINDS

API_KINDS = tuple(k for k in RECORD_KINDS if k != "candidates")
_SET_BY_TRUCE = frozenset({"id", "created_at", "updated_at", "version", "deleted_at"})
# Computed by the store from other fields (a source's sha256 is its text's hash): read-only.
_COMPUTED: frozenset[tuple[str, str]] = frozenset({("sources", "sha256")})

# (kind or "*", column) → the values it may take
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", "classification"): vocab.CLASSIFICATIONS,
    ("*", "date_precision"): vocab.DATE_PRECISIONS,
    ("sources", "kind"): vocab.SOURCE_KINDS,
    ("sources", "reliability"): vocab.RELIABILITY_GRADES,
    ("sources", "published_precision"): vocab.DATE_PRECISIONS,
    ("actors", "kind"): vocab.ACTOR_KINDS,
    ("places", "feature_kind"): vocab.PLACE_KINDS,
    ("zones", "kind"): vocab.ZONE_KINDS,
    ("notifications", "kind"): vocab.NOTIFICATION_KINDS,
    ("agreements", "kind"): vocab.AGREEMENT_KINDS,
    ("agreements", "scope"): vocab.AGREEMENT_SCOPES,
    ("agreements", "status"): vocab.AGREEMENT_STATUSES,
    ("events", "event_type"): vocab.EVENT_TYPES,
    ("events", "status"): vocab.EVENT_STATUSES,
    ("claims", "attribute"): vocab.CLAIM_ATTRIBUTES,
    ("claims", "stance"): vocab.CLAIM_STANCES,
    ("claims", "credibility"): vocab.CREDIBILITY_GRADES,
}
RANGES: dict[str, tuple[float, float]] = {
    "latitude": (-90, 90),
    "longitude": (-180, 180),
    "min_lat": (-90, 90),
    "max_lat": (-90, 90),
    "min_lon": (-180, 180),
    "max_lon": (-180, 180),
}
NON_NEGATIVE = frozenset(
    {"fatalities", "fatalities_low", "fatalities_high", "buffer_m", "span_start", "span_end"}
)


@dataclass(frozen=True)
class Family:
    kind: str
    create: type[BaseModel]
    update: type[BaseModel]
    public: type[BaseModel]
    page: type[BaseModel]


def _stem(kind: str) -> str:
    return RECORD_KINDS[kind].__name__


def _python_type(column: Column[Any]) -> Any:
    try:
        found = column.type.python_type
    except NotImplementedError:  # SQLAlchemy's JSON type has no Python type: any JSON value
        return Any
    if found in (dict, list):
        return Any
    return found


def _field_type(kind: str, column: Column[Any]) -> Any:
    if column.key == "geometry":
        return dict[str, Any] | str  # a GeoJSON geometry object, or its text
    choices = CHOICES.get((kind, column.key)) or CHOICES.get(("*", column.key))
    if choices:
        return Literal[choices]
    return _python_type(column)


def _constraints(column: Column[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if column.key in RANGES:
        out["ge"], out["le"] = RANGES[column.key]
    elif column.key in NON_NEGATIVE:
        out["ge"] = 0
    if isinstance(column.type, String) and column.type.length and column.key != "geometry":
        out["max_length"] = column.type.length
    return out


def _writable(kind: str) -> list[Column[Any]]:
    mapper = inspect(RECORD_KINDS[kind])
    return [
        c for c in mapper.columns if c.key not in _SET_BY_TRUCE and (kind, c.key) not in _COMPUTED
    ]


# Filled in by the API from the GeoJSON geometry when not given.
_DERIVED = frozenset({"min_lon", "min_lat", "max_lon", "max_lat"})


def _required(column: Column[Any]) -> bool:
    if column.key in _DERIVED:
        return False
    return not column.nullable and column.default is None and column.server_default is None


def _create_fields(kind: str, *, partial: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column in _writable(kind):
        kind_type = _field_type(kind, column)
        constraints = _constraints(column)
        if _required(column) and not partial:
            fields[column.key] = (kind_type, Field(..., **constraints))
        else:
            fields[column.key] = (kind_type | None, Field(None, **constraints))
    return fields


def _public_fields(kind: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column in inspect(RECORD_KINDS[kind]).columns:
        kind_type = _python_type(column)
        if column.key in ("id", "version"):
            fields[column.key] = (int, ...)
        elif kind_type in (date, datetime):
            fields[column.key] = (str | None, None)  # ISO 8601
        else:
            fields[column.key] = (kind_type | None, None)
    return fields


@cache
def family(kind: str) -> Family:
    """The schema family of ``kind`` (built once per process)."""
    stem = _stem(kind)
    strict = ConfigDict(extra="forbid")
    create = create_model(f"{stem}Create", __config__=strict, **_create_fields(kind, partial=False))
    update = create_model(f"{stem}Update", __config__=strict, **_create_fields(kind, partial=True))
    public = create_model(f"{stem}Public", **_public_fields(kind))
    page = create_model(f"{stem}Page", data=(list[public], ...), count=(int, ...))
    return Family(kind=kind, create=create, update=update, public=public, page=page)


class ErrorInfo(BaseModel):
    code: str = Field(description="Stable kebab-case code, e.g. not-found, invalid-input")
    message: str = Field(description="What went wrong and how to fix it")
    detail: Any = Field(None, description="Fields, issues or limits, when there are any")


class ErrorBody(BaseModel):
    """The one shape of every error answer: ``{"error": {"code", "message", "detail"}}``."""

    error: ErrorInfo
