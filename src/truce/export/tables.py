"""Events as ACLED CSV (round-trips through ``truce import acled``) and as UCDP-style CSV.

ACLED: the 31 columns in ACLED's header order, then the extra columns ACLED files brought with
them (kept in ``extra`` on import), so that import → export → import gives the same records.
An event that did not come from ACLED gets its external id as ``event_id_cnty``.

UCDP: UCDP GED's columns. An event imported from UCDP is written back from the row it came
from; others are mapped the other way round from the importer's mapping (Battles and remote
violence between organised groups → type 1 when state forces take part, else 2; violence
against civilians → 3). Protests, riots and strategic developments are not organised violence
in UCDP's sense and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce import csvcells
from truce.export.common import Filters, chunks, reference
from truce.export.records import event_query
from truce.ingest import ACLED_COLUMNS
from truce.store.models import Event

UCDP_COLUMNS: tuple[str, ...] = (
    "id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name",
    "dyad_new_id", "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "gwnob", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "low", "best", "high",
)  # fmt: skip
UCDP_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_DATE_PREC = {"day": 1, "week": 2, "month": 3, "year": 4, "approximate": 5}
_WHERE_PREC = {1: 1, 2: 3, 3: 4}


def cell(value: Any) -> str:
    """A value as ACLED writes it: empty for nothing, ISO dates, numbers as Python prints them."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _extra(event: Event) -> dict[str, str]:
    if not event.extra:
        return {}
    try:
        found = json.loads(event.extra)
    except ValueError:
        return {}
    return {str(k): cell(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _extra_columns(session: Session, filters: Filters) -> list[str]:
    """Extra ACLED columns over the exported ACLED events (a first, streamed pass)."""
    names: set[str] = set()
    query = filters.on(
        select(Event.extra).where(
            filters.visible(Event),
            Event.dataset == "acled",
            Event.extra.is_not(None),
            *filters.events_where,
        ),
        Event.event_date,
    )
    for (extra,) in session.execute(query.execution_options(yield_per=5000)):
        try:
            found = json.loads(extra)
        except ValueError:
            continue
        if isinstance(found, dict):
            names.update(str(key) for key in found)
    return sorted(names - set(ACLED_COLUMNS))


def acled_rows(session: Session, filters: Filters) -> Iterator[list[str]]:
    """The header, then one row per event."""
    extras = _extra_columns(session, filters)
    yield [*ACLED_COLUMNS, *extras]
    for chunk in chunks(session, event_query(filters)):
        for event in chunk:
            values = {name: cell(getattr(event, name)) for name in ACLED_COLUMNS}
            if not values["event_id_cnty"]:
                values["event_id_cnty"] = reference("event", event.external_id, event.id)
            kept = _extra(event) if event.dataset == "acled" else {}
            yield [values[name] for name in ACLED_COLUMNS] + [kept.get(n, "") for n in extras]


def _violence_type(event: Event) -> int:
    if event.event_type == "Violence against civilians" or event.civilian_targeting:
        return 3
    sides = f"{event.inter1 or ''} {event.inter2 or ''}".lower()
    return 1 if "state forces" in sides or sides.strip() in ("1", "1 2") else 2


def ucdp_row(event: Event) -> dict[str, str]:
    """One event in UCDP GED's columns."""
    if event.dataset == "ucdp":
        original = _extra(event)
        if original:
            return original
    best = event.fatalities
    wkt = (
        f"POINT ({event.longitude} {event.latitude})"
        if event.latitude is not None and event.longitude is not None
        else None
    )
    values: dict[str, Any] = {
        "id": reference("event", event.external_id or event.event_id_cnty, event.id),
        "year": event.event_date.year, "active_year": "",
        "type_of_violence": _violence_type(event),
        "side_a": event.actor1, "side_b": event.actor2,
        "dyad_name": " - ".join(x for x in (event.actor1, event.actor2) if x),
        "source_office": event.source, "source_headline": event.notes,
        "where_prec": _WHERE_PREC.get(event.geo_precision or 1, 4),
        "where_coordinates": event.location, "adm_1": event.admin1, "adm_2": event.admin2,
        "latitude": event.latitude, "longitude": event.longitude, "geom_wkt": wkt,
        "country": event.country, "region": event.region,
        "date_prec": _DATE_PREC.get(event.date_precision, 1),
        "date_start": event.event_date, "date_end": event.date_end or event.event_date,
        "low": event.fatalities_low if event.fatalities_low is not None else best,
        "best": best,
        "high": event.fatalities_high if event.fatalities_high is not None else best,
    }  # fmt: skip
    return {name: cell(values.get(name)) for name in UCDP_COLUMNS}


def ucdp_rows(session: Session, filters: Filters) -> Iterator[list[str]]:
    yield list(UCDP_COLUMNS)
    query = event_query(filters).where(Event.event_type.in_(UCDP_EVENT_TYPES))
    for chunk in chunks(session, query):
        for event in chunk:
            row = ucdp_row(event)
            yield [row.get(name, "") for name in UCDP_COLUMNS]


def write_csv(rows: Iterator[list[str]], stream: TextIO) -> int:
    """Write the header and rows; returns the number of data rows."""
    writer = csvcells.writer(stream)
    count = -1
    for row in rows:
        writer.writerow(row)
        count += 1
    return max(count, 0)
