"""The output contract ``truce.extraction/1`` as pydantic models (see docs/extraction.md).

Each model mirrors one ``$defs`` entry of ``truce/data/extraction.schema.json``; ``Extraction``
serialises to a document valid against that schema with :meth:`Extraction.to_json`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "truce.extraction/1"
Precision = Literal["day", "week", "month", "year", "approximate"]
PlacePrecision = Literal["site", "district", "city", "admin2", "admin1", "country", "region"]
Modality = Literal["occurred", "proposed", "planned", "threatened", "denied", "hypothetical"]
Span = tuple[int, int]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _unset(value: object) -> bool:
    return value is None


def _omitted() -> Any:
    """An optional key the schema types as non-null (``span``, ``text``): unset by default,
    and left out of the JSON when unset."""
    return Field(default=None, exclude_if=_unset)


class DateValue(_Frozen):
    start: date
    end: date
    precision: Precision
    text: str | None = _omitted()
    span: Span | None = _omitted()


class ActorRef(_Frozen):
    name: str
    canonical: str | None = None
    kind: str | None = None
    country: str | None = None
    span: Span | None = _omitted()


class PlaceRef(_Frozen):
    name: str
    canonical: str | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision: PlacePrecision = "city"
    country: str | None = None
    span: Span | None = _omitted()


class Plover(_Frozen):
    type: str
    mode: str | None = None


class Fatalities(_Frozen):
    low: int | None = None
    best: int | None = None
    high: int | None = None


class EventCandidate(_Frozen):
    id: str
    span: Span
    text: str
    date: DateValue | None
    event_type: str | None  # None: a verbal PLOVER event, which ACLED does not code
    sub_event_type: str | None = None
    plover: Plover
    cameo: str | None = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    place: PlaceRef | None = None
    fatalities: Fatalities = Fatalities()
    negated: bool = False
    modality: Modality = "occurred"
    confidence: float = Field(ge=0, le=1)


class StatementCandidate(_Frozen):
    id: str
    span: Span
    speaker: ActorRef
    reported_by: ActorRef | None = None
    words: str
    direct: bool
    venue: str | None = None
    date: DateValue | None = None


class ClaimCandidate(_Frozen):
    event: str | None = None
    claimant: ActorRef | None = None
    attribute: Literal[
        "perpetrator", "weapon", "fatalities", "target", "time", "place", "responsibility", "other"
    ]
    value: str
    stance: Literal["asserts", "denies", "questions"]
    span: Span


class AgreementCandidate(_Frozen):
    kind: Literal[
        "ceasefire",
        "truce",
        "reconciliation",
        "amnesty",
        "evacuation",
        "surrender",
        "humanitarian pause",
        "deconfliction",
        "other",
    ]
    scope: Literal["national", "local"] | None = None
    count: int | None = None
    parties: tuple[ActorRef, ...] = ()
    mediator: ActorRef | None = None
    place: PlaceRef | None = None
    date: DateValue | None = None
    span: Span


class QuantityCandidate(_Frozen):
    value: float
    approximate: bool = False
    bound: Literal["exact", "at least", "at most", "about"] = "exact"
    unit: str
    per: Literal["day", "week", "month", "year"] | None = None
    span: Span


class Mentions(_Frozen):
    actors: tuple[ActorRef, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    dates: tuple[DateValue, ...] = ()


class DocumentInfo(_Frozen):
    sha256: str
    published: date | None
    language: str = "en"
    chars: int


class Extraction(_Frozen):
    """Every candidate found in one document."""

    schema_: str = Field(default=SCHEMA, alias="schema")
    document: DocumentInfo
    events: tuple[EventCandidate, ...] = ()
    statements: tuple[StatementCandidate, ...] = ()
    claims: tuple[ClaimCandidate, ...] = ()
    agreements: tuple[AgreementCandidate, ...] = ()
    quantities: tuple[QuantityCandidate, ...] = ()
    mentions: Mentions = Mentions()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON document (a dict ready for ``json.dumps``)."""
        document: dict[str, Any] = self.model_dump(mode="json", by_alias=True)
        return document
