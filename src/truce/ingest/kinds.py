"""Row parsers of the small record kinds: sources, places, agreements, statements, claims.

Each takes one row (a JSON object, or a CSV row as ``{column: cell}``) and returns a
:class:`~truce.ingest.upsert.Parsed`, appending every problem it finds to ``errors``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truce import vocab
from truce.formats import fields
from truce.formats.fields import guard
from truce.formats.issues import FieldError
from truce.ingest.resolve import ActorIndex, ExternalIds
from truce.ingest.upsert import LinkSet, Parsed

COMMON = frozenset({"id", "classification", "shared_with", "sources"})


@dataclass
class Context:
    """What parsers look names and ids up in (inside the import's transaction)."""

    session: Session
    actors: ActorIndex
    ids: ExternalIds


def unknown_fields(row: Mapping[str, Any], known: frozenset[str], errors: list[FieldError]) -> None:
    for key in row:
        if key not in known and key not in COMMON:
            errors.append(
                FieldError(
                    "unknown-field",
                    f"unknown field {key!r}; the fields are {', '.join(sorted(known | COMMON))}",
                    column=str(key),
                )
            )


def external_id(row: Mapping[str, Any], errors: list[FieldError]) -> str:
    value = row.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    found = guard(errors, fields.text, value, "id", required=True, max_len=200)
    return str(found or "")


def common_links(
    row: Mapping[str, Any], ctx: Context, errors: list[FieldError], *, with_sources: bool = True
) -> tuple[str, dict[str, LinkSet]]:
    """classification, shared_with (parties) and sources (source ids) of any record."""
    classification = (
        guard(
            errors,
            fields.choice,
            row.get("classification"),
            "classification",
            vocab.CLASSIFICATIONS,
        )
        or "public"
    )
    names = guard(errors, fields.names, row.get("shared_with"), "shared_with") or []
    parties = [guard(errors, ctx.actors.require, name, "shared_with") for name in names]
    links: dict[str, LinkSet] = {
        "shared_with": frozenset((party,) for party in parties if party is not None)
    }
    if with_sources:
        refs = guard(errors, fields.names, row.get("sources"), "sources") or []
        found = [guard(errors, ctx.ids.require, "sources", ref, "sources") for ref in refs]
        links["sources"] = frozenset((item,) for item in found if item is not None)
    return classification, links


def span(value: Any, errors: list[FieldError]) -> tuple[int | None, int | None]:
    if value is None or value == "":
        return None, None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        and value[0] <= value[1]
    ):
        return value[0], value[1]
    errors.append(
        FieldError(
            "wrong-type",
            "expected [start, end], two character offsets with start <= end",
            column="span",
            value=value,
        )
    )
    return None, None


SOURCE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "publisher",
        "url",
        "published",
        "published_precision",
        "language",
        "text",
        "reliability",
        "notes",
        "retrieved",
    }
)


def parse_source(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> Parsed:
    unknown_fields(row, SOURCE_FIELDS, errors)
    ident = external_id(row, errors)
    classification, links = common_links(row, ctx, errors, with_sources=False)
    body = guard(errors, fields.text, row.get("text"), "text")
    values = {
        "external_id": ident,
        "kind": guard(errors, fields.choice, row.get("kind"), "kind", vocab.SOURCE_KINDS) or "news",
        "title": guard(errors, fields.text, row.get("title"), "title"),
        "publisher": guard(errors, fields.text, row.get("publisher"), "publisher", max_len=200),
        "url": guard(errors, fields.web_url, row.get("url"), "url"),
        "published": guard(errors, fields.day, row.get("published"), "published"),
        "published_precision": guard(
            errors,
            fields.choice,
            row.get("published_precision"),
            "published_precision",
            vocab.DATE_PRECISIONS,
        )
        or "day",
        "language": guard(errors, fields.text, row.get("language"), "language", max_len=16),
        "retrieved": guard(errors, fields.moment, row.get("retrieved"), "retrieved"),
        "text": body,
        "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest() if body else None,
        "reliability": guard(
            errors, fields.choice, row.get("reliability"), "reliability", vocab.RELIABILITY_GRADES
        ),
        "notes": guard(errors, fields.text, row.get("notes"), "notes"),
        "classification": classification,
    }
    return Parsed(ident, values, links)


PLACE_FIELDS = frozenset(
    {
        "name",
        "other_names",
        "latitude",
        "longitude",
        "admin1",
        "admin2",
        "admin3",
        "country",
        "feature_kind",
        "gazetteer_id",
    }
)


def parse_place(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> Parsed:
    """A gazetteer entry: a name, its other names and spellings, and where it is."""
    unknown_fields(row, PLACE_FIELDS, errors)
    ident = external_id(row, errors)
    classification, links = common_links(row, ctx, errors)
    latitude = guard(errors, fields.latitude, row.get("latitude"))
    longitude = guard(errors, fields.longitude, row.get("longitude"))
    given = {column: row.get(column) not in (None, "") for column in ("latitude", "longitude")}
    if given["latitude"] != given["longitude"]:
        missing = "longitude" if given["latitude"] else "latitude"
        errors.append(
            FieldError(
                "missing-value", "a place with one coordinate needs the other too", column=missing
            )
        )
    name = guard(errors, fields.text, row.get("name"), "name", required=True, max_len=300)
    others = guard(errors, fields.names, row.get("other_names"), "other_names") or []
    values = {
        "external_id": ident,
        "name": name,
        # Each spelling once, in the file's order, never the name itself.
        "other_names": list(dict.fromkeys(other for other in others if other != name)),
        "latitude": latitude,
        "longitude": longitude,
        "admin1": guard(errors, fields.text, row.get("admin1"), "admin1", max_len=200),
        "admin2": guard(errors, fields.text, row.get("admin2"), "admin2", max_len=200),
        "admin3": guard(errors, fields.text, row.get("admin3"), "admin3", max_len=200),
        "country": _country(row.get("country"), errors),
        "feature_kind": guard(
            errors, fields.choice, row.get("feature_kind"), "feature_kind", vocab.PLACE_KINDS
        ),
        "gazetteer_id": guard(
            errors, fields.text, row.get("gazetteer_id"), "gazetteer_id", max_len=64
        ),
        "classification": classification,
    }
    return Parsed(ident, values, links)


AGREEMENT_FIELDS = frozenset(
    {
        "name",
        "kind",
        "scope",
        "status",
        "parties",
        "mediators",
        "guarantors",
        "excluded",
        "location",
        "admin1",
        "country",
        "latitude",
        "longitude",
        "zone",
        "signed",
        "effective_from",
        "effective_to",
        "provisions",
        "illustrative",
        "notes",
        "place",
    }
)
_ROLES = {
    "parties": "party",
    "mediators": "mediator",
    "guarantors": "guarantor",
    "excluded": "excluded",
}


def parse_agreement(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> Parsed:
    unknown_fields(row, AGREEMENT_FIELDS, errors)
    ident = external_id(row, errors)
    classification, links = common_links(row, ctx, errors)
    roles: set[tuple[Any, ...]] = set()
    for column, role in _ROLES.items():
        for name in guard(errors, fields.names, row.get(column), column) or []:
            actor = guard(errors, ctx.actors.require, name, column)
            if actor is not None:
                roles.add((actor, role))
    links["agreement_actors"] = frozenset(roles)
    zone_ref = guard(errors, fields.text, row.get("zone"), "zone")
    place_ref = guard(errors, fields.text, row.get("place"), "place")
    signed = guard(errors, fields.day, row.get("signed"), "signed")
    start = guard(errors, fields.day, row.get("effective_from"), "effective_from")
    end = guard(errors, fields.day, row.get("effective_to"), "effective_to")
    guard(errors, fields.ordered_window, start, end, "effective_to")
    values = {
        "external_id": ident,
        "name": guard(errors, fields.text, row.get("name"), "name", required=True, max_len=500),
        "kind": guard(
            errors, fields.choice, row.get("kind"), "kind", vocab.AGREEMENT_KINDS, required=True
        ),
        "scope": guard(
            errors, fields.choice, row.get("scope"), "scope", vocab.AGREEMENT_SCOPES, required=True
        ),
        "status": guard(
            errors, fields.choice, row.get("status"), "status", vocab.AGREEMENT_STATUSES
        )
        or "in force",
        "location": guard(errors, fields.text, row.get("location"), "location", max_len=300),
        "admin1": guard(errors, fields.text, row.get("admin1"), "admin1", max_len=200),
        "country": _country(row.get("country"), errors),
        "latitude": guard(errors, fields.latitude, row.get("latitude")),
        "longitude": guard(errors, fields.longitude, row.get("longitude")),
        "zone_id": guard(errors, ctx.ids.require, "zones", zone_ref, "zone") if zone_ref else None,
        "place_id": (
            guard(errors, ctx.ids.require, "places", place_ref, "place") if place_ref else None
        ),
        "signed": signed,
        "effective_from": start,
        "effective_to": end,
        "provisions": guard(errors, fields.names, row.get("provisions"), "provisions") or [],
        "illustrative": bool(guard(errors, fields.flag, row.get("illustrative"), "illustrative")),
        "notes": guard(errors, fields.text, row.get("notes"), "notes"),
        "classification": classification,
    }
    return Parsed(ident, values, links)


def _country(value: Any, errors: list[FieldError], column: str = "country") -> str | None:
    found = guard(errors, fields.text, value, column)
    if found is None:
        return None
    if len(found) != 3 or not found.isalpha():
        errors.append(
            FieldError(
                "wrong-type",
                f"{found!r} is not an ISO 3166-1 alpha-3 code such as SYR",
                column=column,
                value=found,
            )
        )
        return None
    return str(found).upper()


STATEMENT_FIELDS = frozenset(
    {
        "speaker",
        "reported_by",
        "date",
        "date_precision",
        "venue",
        "words",
        "direct",
        "language",
        "source",
        "span",
        "notes",
    }
)


def parse_statement(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> Parsed:
    unknown_fields(row, STATEMENT_FIELDS - {"notes"}, errors)
    ident = external_id(row, errors)
    classification, links = common_links(row, ctx, errors)
    speaker = guard(errors, fields.text, row.get("speaker"), "speaker", required=True, max_len=300)
    reported_by = guard(errors, fields.text, row.get("reported_by"), "reported_by")
    source = guard(errors, fields.text, row.get("source"), "source")
    start, end = span(row.get("span"), errors)
    direct = guard(errors, fields.flag, row.get("direct"), "direct")
    values = {
        "external_id": ident,
        "speaker_name": speaker,
        "speaker_id": guard(errors, ctx.actors.require, speaker, "speaker") if speaker else None,
        "reported_by_id": (
            guard(errors, ctx.actors.require, reported_by, "reported_by") if reported_by else None
        ),
        "date": guard(errors, fields.day, row.get("date"), "date"),
        "date_precision": guard(
            errors,
            fields.choice,
            row.get("date_precision"),
            "date_precision",
            vocab.DATE_PRECISIONS,
        )
        or "day",
        "venue": guard(errors, fields.text, row.get("venue"), "venue", max_len=300),
        "words": guard(errors, fields.text, row.get("words"), "words", required=True),
        "direct": True if direct is None else direct,
        "language": guard(errors, fields.text, row.get("language"), "language", max_len=16) or "en",
        "source_id": guard(errors, ctx.ids.require, "sources", source, "source")
        if source
        else None,
        "span_start": start,
        "span_end": end,
        "classification": classification,
    }
    return Parsed(ident, values, links)


CLAIM_FIELDS = frozenset(
    {
        "event",
        "claimant",
        "attribute",
        "value",
        "stance",
        "made_on",
        "source",
        "credibility",
        "span",
        "notes",
    }
)


def parse_claim(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> Parsed:
    unknown_fields(row, CLAIM_FIELDS, errors)
    ident = external_id(row, errors)
    classification, links = common_links(row, ctx, errors)
    event = guard(errors, fields.text, _as_text(row.get("event")), "event", required=True)
    claimant = guard(errors, fields.text, row.get("claimant"), "claimant", max_len=300)
    source = guard(errors, fields.text, row.get("source"), "source")
    start, end = span(row.get("span"), errors)
    credibility = guard(
        errors, fields.integer, row.get("credibility"), "credibility", low=1, high=6
    )
    values = {
        "external_id": ident,
        "event_id": guard(errors, ctx.ids.require, "events", event, "event") if event else None,
        "claimant_name": claimant,
        "claimant_id": guard(errors, ctx.actors.require, claimant, "claimant")
        if claimant
        else None,
        "attribute": guard(
            errors,
            fields.choice,
            row.get("attribute"),
            "attribute",
            vocab.CLAIM_ATTRIBUTES,
            required=True,
        ),
        "value": guard(errors, fields.text, _as_text(row.get("value")), "value", required=True),
        "stance": guard(errors, fields.choice, row.get("stance"), "stance", vocab.CLAIM_STANCES)
        or "asserts",
        "made_on": guard(errors, fields.day, row.get("made_on"), "made_on"),
        "source_id": guard(errors, ctx.ids.require, "sources", source, "source")
        if source
        else None,
        "credibility": str(credibility) if credibility is not None else None,
        "span_start": start,
        "span_end": end,
        "notes": guard(errors, fields.text, row.get("notes"), "notes"),
        "classification": classification,
    }
    return Parsed(ident, values, links)


def _as_text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value
