"""Truce's own JSON Lines events, with the agreements each is alleged to violate."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from truce import vocab
from truce.formats import fields
from truce.formats.acled import TIME_PRECISION
from truce.formats.fields import guard
from truce.formats.issues import FieldError
from truce.ingest.kinds import Context
from truce.store import audit, seals
from truce.store.models import EVENT_FIELDS, EventViolation
from truce.store.queries_ingest import violation_ids
from truce.store.visibility import inherited

# Record bookkeeping an export may carry; the importer ignores it.
_IGNORED = frozenset(
    {
        "created_at",
        "updated_at",
        "version",
        "deleted_at",
        "row_hash",
        "actor1_id",
        "actor2_id",
        "place_id",
        "external_id",
    }
)
_TEXT = frozenset(
    {
        "event_id_cnty",
        "disorder_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "source",
        "source_scale",
        "notes",
        "tags",
        "plover_mode",
        "cameo",
    }
)
_INTEGERS = {
    "year": (1900, 2200),
    "time_precision": (1, 3),
    "iso": (0, 999),
    "geo_precision": (1, 3),
    "fatalities": (0, None),
    "fatalities_low": (0, None),
    "fatalities_high": (0, None),
    "timestamp": (0, None),
}
EVENT_JSON_FIELDS = frozenset(EVENT_FIELDS) | {
    "id",
    "place",
    "sources",
    "shared_with",
    "violations",
}


def parse_event(row: Mapping[str, Any], ctx: Context, errors: list[FieldError]) -> dict[str, Any]:
    """Event values (and ``_violations``, ``_sources``) for one JSON object."""
    for key in row:
        if key not in EVENT_JSON_FIELDS and key not in _IGNORED:
            errors.append(
                FieldError(
                    "unknown-field", f"unknown field {key!r} (see docs/import.md)", column=str(key)
                )
            )
    ident = row.get("id", row.get("external_id"))
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    values: dict[str, Any] = {
        "external_id": guard(errors, fields.text, ident, "id", required=True, max_len=64),
        "dataset": guard(errors, fields.text, row.get("dataset"), "dataset", max_len=16) or "truce",
    }
    for name in _TEXT:
        values[name] = guard(errors, fields.text, row.get(name), name)
    for name, (low, high) in _INTEGERS.items():
        values[name] = guard(errors, fields.integer, row.get(name), name, low=low, high=high)
    start = guard(errors, fields.day, row.get("event_date"), "event_date", required=True)
    end = guard(errors, fields.day, row.get("date_end"), "date_end")
    guard(errors, fields.ordered_window, start, end, "date_end")
    values["event_date"], values["date_end"] = start, end
    if values["year"] is None and start is not None:
        values["year"] = start.year
    values["latitude"] = guard(errors, fields.latitude, row.get("latitude"))
    values["longitude"] = guard(errors, fields.longitude, row.get("longitude"))
    event_type = guard(
        errors, fields.choice, row.get("event_type"), "event_type", vocab.EVENT_TYPES, required=True
    )
    values["event_type"] = event_type
    subs = vocab.ACLED_EVENT_TYPES.get(event_type or "", ())
    values["sub_event_type"] = (
        guard(errors, fields.choice, row.get("sub_event_type"), "sub_event_type", subs)
        if event_type
        else None
    )
    values["plover_type"] = guard(
        errors, fields.choice, row.get("plover_type"), "plover_type", vocab.PLOVER_TYPES
    )
    values["status"] = (
        guard(errors, fields.choice, row.get("status"), "status", vocab.EVENT_STATUSES)
        or "accepted"
    )
    values["classification"] = (
        guard(
            errors,
            fields.choice,
            row.get("classification"),
            "classification",
            vocab.CLASSIFICATIONS,
        )
        or "public"
    )
    values["date_precision"] = guard(
        errors, fields.choice, row.get("date_precision"), "date_precision", vocab.DATE_PRECISIONS
    ) or TIME_PRECISION.get(values["time_precision"] or 1, "day")
    extra = row.get("extra")
    values["extra"] = extra if extra is None or isinstance(extra, str) else json.dumps(extra)
    values["actor1_id"] = ctx.actors.find(values["actor1"])
    values["actor2_id"] = ctx.actors.find(values["actor2"])
    place = guard(errors, fields.text, row.get("place"), "place")
    values["place_id"] = guard(errors, ctx.ids.require, "places", place, "place") if place else None
    low, best, high = values["fatalities_low"], values["fatalities"], values["fatalities_high"]
    if (None not in (low, best) and low > best) or (None not in (best, high) and best > high):
        errors.append(
            FieldError(
                "bad-range",
                "fatalities must satisfy low <= best <= high",
                column="fatalities",
                value=best,
            )
        )
    values["_violations"] = _violations(row.get("violations"), ctx, errors)
    refs = guard(errors, fields.names, row.get("sources"), "sources") or []
    values["_sources"] = [guard(errors, ctx.ids.require, "sources", ref, "sources") for ref in refs]
    parties = guard(errors, fields.names, row.get("shared_with"), "shared_with") or []
    values["_shares"] = [guard(errors, ctx.actors.require, name, "shared_with") for name in parties]
    return values


def _violations(value: Any, ctx: Context, errors: list[FieldError]) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(
            FieldError(
                "wrong-type",
                "expected a list of {agreement, alleged_by, alleged_on, source, notes}",
                column="violations",
            )
        )
        return []
    found = []
    for item in value:
        if not isinstance(item, dict) or not item.get("agreement"):
            errors.append(
                FieldError(
                    "missing-value", "each violation needs an agreement id", column="violations"
                )
            )
            continue
        by = guard(errors, fields.text, item.get("alleged_by"), "violations")
        source = guard(errors, fields.text, item.get("source"), "violations")
        found.append(
            {
                "agreement_id": guard(
                    errors, ctx.ids.require, "agreements", str(item["agreement"]), "violations"
                ),
                "alleged_by_id": guard(errors, ctx.actors.require, by, "violations")
                if by
                else None,
                "alleged_on": guard(errors, fields.day, item.get("alleged_on"), "violations"),
                "source_id": guard(errors, ctx.ids.require, "sources", source, "violations")
                if source
                else None,
                "notes": guard(errors, fields.text, item.get("notes"), "violations"),
            }
        )
    return found


def write_violations(
    session: Session, event_id: int, violations: list[dict[str, Any]], *, actor: str
) -> None:
    """Replace the event's alleged violations (the row changed, or the event is new)."""
    old = violation_ids(session, event_id)
    if old:
        session.execute(delete(EventViolation).where(EventViolation.event_id == event_id))
    for item in violations:
        values = inherited(session, EventViolation, {"event_id": event_id, **item})
        session.add(EventViolation(**values))
    session.flush()
    if old or violations:
        new = violation_ids(session, event_id)
        audit.append(
            session,
            actor=actor,
            action="link",
            record_kind="violations",
            record_id=event_id,
            before={"violations": len(old)},
            after={"violations": [jsonable_item(v) for v in violations]},
            seals=seals.seals_of(session, "violations", [*old, *new]),
        )


def jsonable_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in item.items()
    }
