"""UCDP GED CSV: its columns, rows read into Event values, and events written back as rows.

Reading keeps every UCDP column in ``extra``, so an event imported from UCDP is written back
from the row it came from.

UCDP codes what ACLED splits into event types by its three kinds of organised violence; the
mapping below is deliberately coarse (UCDP does not say whether a death came from a clash, an
air strike or shelling):

- 1 state-based (a government against a rebel group or another state) → Battles / Armed clash
- 2 non-state (organised groups, no government) → Battles / Armed clash
- 3 one-sided (an organised actor against civilians) → Violence against civilians / Attack

``date_start``..``date_end`` is the event's window: ``event_date`` is its start, ``date_end``
its end when later; UCDP's ``date_prec`` (1 exact day … 5 a year or more) becomes the date
precision. ``low``/``best``/``high`` are the fatality estimates (``best`` is ACLED's
``fatalities``).

Writing an event that did not come from UCDP maps the other way round (Battles and remote
violence between organised groups → type 1 when state forces take part, else 2; violence
against civilians → 3). Protests, riots and strategic developments are not organised violence
in UCDP's sense and are left out (:data:`UCDP_EVENT_TYPES`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from truce.formats import fields
from truce.formats.acled import Resolver, cell, extra_cells, row_hash
from truce.formats.issues import FieldError
from truce.formats.refs import reference
from truce.store.models import Event

REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "low",
    "best",
    "high",
)
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


VIOLENCE_TYPES: dict[int, tuple[str, str, str]] = {
    1: ("Battles", "Armed clash", "state-based conflict"),
    2: ("Battles", "Armed clash", "non-state conflict"),
    3: ("Violence against civilians", "Attack", "one-sided violence"),
}
# UCDP date_prec → Truce date precision.
DATE_PRECISION = {1: "day", 2: "week", 3: "month", 4: "year", 5: "approximate"}
# UCDP where_prec (1 exact … 7 country) → ACLED geo_precision (1 exact … 3 region).
GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}


@dataclass(frozen=True)
class UcdpLayout:
    header: tuple[str, ...]
    index: Mapping[str, int]

    @classmethod
    def from_header(cls, header: Sequence[str]) -> UcdpLayout:
        names = tuple(name.strip() for name in header)
        index: dict[str, int] = {}
        for position, name in enumerate(names):
            index.setdefault(name, position)
        return cls(names, index)

    def parse(
        self, cells: Sequence[str], errors: list[FieldError], *, resolve: Resolver | None = None
    ) -> dict[str, Any]:
        row = {name: cells[position] for name, position in self.index.items() if name}
        values = parse_ucdp_row(row, errors, resolve=resolve)
        values["row_hash"] = row_hash([row[name] for name in sorted(row)])
        return values


def _check(errors: list[FieldError], check: Any, *args: Any, **kw: Any) -> Any:
    try:
        return check(*args, **kw)
    except FieldError as error:
        errors.append(error)
        return None


def parse_ucdp_row(
    row: Mapping[str, str], errors: list[FieldError], *, resolve: Resolver | None = None
) -> dict[str, Any]:
    """Event values for one UCDP GED row given as ``{column: cell}``."""
    cell = {name: (value or "").strip() for name, value in row.items()}
    ident = _check(errors, fields.text, cell.get("id"), "id", required=True, max_len=64)
    violence = _check(
        errors, fields.integer, cell.get("type_of_violence"), "type_of_violence", low=1, high=3
    )
    if violence is None and not cell.get("type_of_violence"):
        errors.append(
            FieldError("missing-value", "is required (1, 2 or 3)", column="type_of_violence")
        )
    event_type, sub_type, _ = VIOLENCE_TYPES.get(violence or 1, VIOLENCE_TYPES[1])
    start = _check(errors, fields.day, cell.get("date_start"), "date_start", required=True)
    end = _check(errors, fields.day, cell.get("date_end"), "date_end")
    _check(errors, fields.ordered_window, start, end, "date_end")
    precision = _check(errors, fields.integer, cell.get("date_prec"), "date_prec", low=1, high=5)
    where = _check(errors, fields.integer, cell.get("where_prec"), "where_prec", low=1, high=7)
    low = _check(errors, fields.integer, cell.get("low"), "low", low=0)
    best = _check(errors, fields.integer, cell.get("best"), "best", low=0)
    high = _check(errors, fields.integer, cell.get("high"), "high", low=0)
    # low <= best <= high does not always hold in UCDP's own releases (101 rows of the Syria
    # 2016-2019 file): the estimates are kept as UCDP published them.
    deaths_civilians = _check(
        errors, fields.integer, cell.get("deaths_civilians"), "deaths_civilians", low=0
    )
    side_a = cell.get("side_a") or None
    side_b = cell.get("side_b") or None
    values: dict[str, Any] = {
        "dataset": "ucdp",
        "external_id": ident,
        "event_date": start,
        "date_end": end if end is not None and start is not None and end > start else None,
        "year": start.year if start is not None else None,
        "date_precision": DATE_PRECISION.get(precision or 1, "day"),
        "time_precision": {1: 1, 2: 2, 3: 3}.get(precision or 1, 3),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "disorder_type": "Political violence",
        "actor1": side_a,
        "actor2": side_b,
        "civilian_targeting": "Civilian targeting" if violence == 3 or deaths_civilians else None,
        "country": cell.get("country") or None,
        "region": cell.get("region") or None,
        "admin1": _admin(cell.get("adm_1")),
        "admin2": _admin(cell.get("adm_2")),
        "location": cell.get("where_coordinates") or None,
        "latitude": _check(errors, fields.latitude, cell.get("latitude")),
        "longitude": _check(errors, fields.longitude, cell.get("longitude")),
        "geo_precision": GEO_PRECISION.get(where or 1, 3),
        "source": cell.get("source_office") or None,
        "notes": cell.get("source_headline") or None,
        "fatalities": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "status": "accepted",
        "classification": "public",
        "extra": json.dumps(dict(row), ensure_ascii=False, sort_keys=True),
    }
    if resolve is not None:
        values["actor1_id"] = resolve(side_a)
        values["actor2_id"] = resolve(side_b)
    return values


def _admin(value: str | None) -> str | None:
    """'Homs Governorate' → 'Homs' (ACLED's admin names carry no suffix)."""
    if not value:
        return None
    for suffix in (" governorate", " district", " province", " subdistrict"):
        if value.lower().endswith(suffix):
            return value[: -len(suffix)]
    return value


def _violence_type(event: Event) -> int:
    if event.event_type == "Violence against civilians" or event.civilian_targeting:
        return 3
    sides = f"{event.inter1 or ''} {event.inter2 or ''}".lower()
    return 1 if "state forces" in sides or sides.strip() in ("1", "1 2") else 2


def ucdp_row(event: Event) -> dict[str, str]:
    """One event in UCDP GED's columns."""
    if event.dataset == "ucdp":
        original = extra_cells(event.extra)
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
