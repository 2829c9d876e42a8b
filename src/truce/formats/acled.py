"""ACLED CSV: its 31 columns, rows read into Event values, and events written back as rows.

Reading: :class:`AcledLayout` reads the header once and turns each record's cells into Event
values with every cell checked (columns ACLED's header does not name are kept in ``extra``);
:func:`parse_acled_row` does the same for one row given as a mapping (the stable target of the
exporters' round trip).

Writing: :func:`acled_row` gives the 31 columns in ACLED's header order, then the extra columns
the event's file brought with it, so that import → export → import gives the same records. An
event that did not come from ACLED gets its external id as ``event_id_cnty``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from truce import vocab
from truce.formats import fields
from truce.formats.issues import FieldError
from truce.formats.refs import reference
from truce.store.models import EVENT_FIELDS, FIELD_INDEX, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# Older ACLED exports lack some columns (tags, disorder_type, civilian_targeting); these must be
# present for a row to mean anything.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "country",
    "latitude",
    "longitude",
    "fatalities",
)
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
_TYPED = frozenset(
    {
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "iso",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "timestamp",
    }
)
_SUB_TYPES = {kind: frozenset(subs) for kind, subs in vocab.ACLED_EVENT_TYPES.items()}
_SLOT = FIELD_INDEX
_fromisoformat = date.fromisoformat


def row_hash(cells: Sequence[str]) -> str:
    """A digest of a row's cells: an unchanged row is skipped on re-import."""
    return hashlib.md5("\x1f".join(cells).encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class AcledLayout:
    """Where each column sits in the header, and which extra columns to keep."""

    header: tuple[str, ...]
    index: Mapping[str, int]
    text_columns: tuple[tuple[str, int], ...]
    extras: tuple[tuple[str, int], ...]
    hash_positions: tuple[int, ...]
    at: Mapping[str, int]  # ACLED column → its cell (-1: absent, read as "")
    padded: bool
    text_slots: tuple[tuple[int, int], ...]  # (position in the row, cell) of text columns
    template: tuple[Any, ...]
    canonical: bool

    @classmethod
    def from_header(cls, header: Sequence[str]) -> AcledLayout:
        names = tuple(name.strip() for name in header)
        index: dict[str, int] = {}
        for position, name in enumerate(names):
            index.setdefault(name, position)
        texts = tuple(
            (name, index[name]) for name in ACLED_COLUMNS if name not in _TYPED and name in index
        )
        known = set(ACLED_COLUMNS)
        extras = tuple(
            (name, position)
            for position, name in enumerate(names)
            if name not in known and name and index[name] == position
        )
        # The row hash reads the cells in a fixed column order, so a file whose columns were
        # reordered (an export, say) still matches the rows it was made from.
        positions = tuple(index.get(name, -1) for name in ACLED_COLUMNS) + tuple(
            position for _, position in sorted(extras)
        )
        at = {name: index.get(name, -1) for name in ACLED_COLUMNS}
        template: list[Any] = [None] * len(EVENT_FIELDS)
        for name, value in (
            ("dataset", "acled"),
            ("status", "accepted"),
            ("classification", "public"),
            ("date_precision", "day"),
        ):
            template[_SLOT[name]] = value
        slots = tuple((_SLOT[name], position) for name, position in texts)
        canonical = positions == tuple(range(len(names)))
        return cls(
            names,
            index,
            texts,
            extras,
            positions,
            at,
            -1 in at.values(),
            slots,
            tuple(template),
            canonical,
        )

    def row_hash(self, cells: Sequence[str]) -> str:
        if self.canonical:  # the file's columns are ACLED's, in ACLED's order
            return row_hash(cells)
        ordered = [cells[position] if position >= 0 else "" for position in self.hash_positions]
        return row_hash(ordered)

    def fast_row(self, cells: list[str], resolve: Resolver) -> list[Any] | None:
        """The row of a clean record, checked in one pass; None sends it to :meth:`parse`.

        Equivalent to ``to_row(parse(...))`` whenever that finds no problem: every check of
        :meth:`parse` is made, in its quickest form.
        """
        if self.padded:
            cells = [*cells, ""]
        at = self.at
        try:
            external = cells[at["event_id_cnty"]].strip()
            text = cells[at["event_date"]]
            if not external or len(text) != 10 or text[4] != "-" or text[7] != "-":
                return None
            day = _fromisoformat(text)
            year = cells[at["year"]]
            if year and int(year) != day.year:
                return None
            precision = cells[at["time_precision"]]
            precision_value = int(precision) if precision else None
            if precision_value is not None and not 1 <= precision_value <= 3:
                return None
            event_type = cells[at["event_type"]]
            sub_type = cells[at["sub_event_type"]]
            subs = _SUB_TYPES.get(event_type)
            if subs is None or (sub_type and sub_type not in subs):
                return None
            iso = cells[at["iso"]]
            iso_value = int(iso) if iso else None
            if iso_value is not None and not 0 <= iso_value <= 999:
                return None
            lat, lon = cells[at["latitude"]], cells[at["longitude"]]
            lat_value = float(lat) if lat else None
            lon_value = float(lon) if lon else None
            if (lat_value is not None and not -90.0 <= lat_value <= 90.0) or (
                lon_value is not None and not -180.0 <= lon_value <= 180.0
            ):
                return None
            geo = cells[at["geo_precision"]]
            geo_value = int(geo) if geo else None
            if geo_value is not None and not 1 <= geo_value <= 3:
                return None
            dead = cells[at["fatalities"]]
            dead_value = int(dead) if dead else None
            stamp = cells[at["timestamp"]]
            stamp_value = int(stamp) if stamp else None
            if (dead_value is not None and dead_value < 0) or (
                stamp_value is not None and stamp_value < 0
            ):
                return None
        except ValueError:
            return None
        row = list(self.template)
        for out, position in self.text_slots:
            row[out] = cells[position] or None
        slot = _SLOT
        row[slot["event_id_cnty"]] = row[slot["external_id"]] = external
        row[slot["event_date"]] = text
        row[slot["year"]] = day.year
        row[slot["time_precision"]] = precision_value
        row[slot["date_precision"]] = TIME_PRECISION.get(precision_value or 1, "day")
        row[slot["event_type"]] = event_type
        row[slot["sub_event_type"]] = sub_type or None
        row[slot["iso"]] = iso_value
        row[slot["latitude"]] = lat_value
        row[slot["longitude"]] = lon_value
        row[slot["geo_precision"]] = geo_value
        row[slot["fatalities"]] = dead_value
        row[slot["timestamp"]] = stamp_value
        row[slot["actor1_id"]] = resolve(row[slot["actor1"]])
        row[slot["actor2_id"]] = resolve(row[slot["actor2"]])
        if self.extras:
            extra = {name: cells[pos] for name, pos in self.extras if cells[pos] != ""}
            row[slot["extra"]] = (
                json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
            )
        row[slot["row_hash"]] = self.row_hash(cells)
        return row

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_COLUMNS if name not in self.index]

    def parse(
        self, cells: Sequence[str], errors: list[FieldError], *, resolve: Resolver | None = None
    ) -> dict[str, Any]:
        """Event values for one record; problems are appended to ``errors``."""
        index = self.index

        def cell(name: str) -> str:
            position = index.get(name)
            return cells[position].strip() if position is not None else ""

        values: dict[str, Any] = {name: (cells[pos] or None) for name, pos in self.text_columns}
        external = cell("event_id_cnty")
        if not external:
            errors.append(
                FieldError("missing-value", "is required but empty", column="event_id_cnty")
            )
        values["event_id_cnty"] = external or None
        values["external_id"] = external or None
        event_date = _guard(errors, fields.day, cell("event_date"), "event_date", required=True)
        values["event_date"] = event_date
        year = _guard(errors, fields.integer, cell("year"), "year", low=1900, high=2200)
        if isinstance(event_date, date) and isinstance(year, int) and year != event_date.year:
            errors.append(
                FieldError(
                    "bad-range",
                    f"year {year} does not match event_date {event_date.isoformat()}",
                    column="year",
                    value=year,
                )
            )
        values["year"] = year if year is not None else getattr(event_date, "year", None)
        precision = _guard(
            errors, fields.integer, cell("time_precision"), "time_precision", low=1, high=3
        )
        values["time_precision"] = precision
        values["date_precision"] = TIME_PRECISION.get(precision or 1, "day")
        event_type = cell("event_type")
        sub_type = cell("sub_event_type")
        _check_type(errors, event_type, sub_type)
        values["event_type"] = event_type
        values["sub_event_type"] = sub_type or None
        values["iso"] = _guard(errors, fields.integer, cell("iso"), "iso", low=0, high=999)
        values["latitude"] = _guard(errors, fields.latitude, cell("latitude"), "latitude")
        values["longitude"] = _guard(errors, fields.longitude, cell("longitude"), "longitude")
        values["geo_precision"] = _guard(
            errors, fields.integer, cell("geo_precision"), "geo_precision", low=1, high=3
        )
        values["fatalities"] = _guard(
            errors, fields.integer, cell("fatalities"), "fatalities", low=0
        )
        values["timestamp"] = _guard(errors, fields.integer, cell("timestamp"), "timestamp", low=0)
        extra = {name: cells[pos] for name, pos in self.extras if cells[pos] != ""}
        values["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
        values["dataset"] = "acled"
        values["status"] = "accepted"
        values["classification"] = "public"
        if resolve is not None:
            values["actor1_id"] = resolve(values.get("actor1"))
            values["actor2_id"] = resolve(values.get("actor2"))
        return values


Resolver = Callable[[str | None], int | None]


def _guard(
    errors: list[FieldError], check: Callable[..., Any], value: str, column: str, **kw: Any
) -> Any:
    try:
        return check(value, column, **kw)
    except FieldError as error:
        errors.append(error)
        return None


def _check_type(errors: list[FieldError], event_type: str, sub_type: str) -> None:
    subs = _SUB_TYPES.get(event_type)
    if subs is None:
        if not event_type:
            errors.append(FieldError("missing-value", "is required but empty", column="event_type"))
        else:
            errors.append(
                FieldError(
                    "unknown-value",
                    f"{event_type!r} is not an ACLED event type: {', '.join(vocab.EVENT_TYPES)}",
                    column="event_type",
                    value=event_type,
                )
            )
        return
    if sub_type and sub_type not in subs:
        errors.append(
            FieldError(
                "unknown-value",
                f"{sub_type!r} is not a sub-event type of {event_type!r}: "
                + ", ".join(sorted(subs)),
                column="sub_event_type",
                value=sub_type,
            )
        )


def parse_acled_row(
    row: Mapping[str, str], *, resolve: Resolver | None = None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Event values for one ACLED row given as ``{column: cell}``, and the problems found."""
    header = list(row)
    layout = AcledLayout.from_header(header)
    errors: list[FieldError] = [
        FieldError("missing-column", f"the column {name} is missing", column=name)
        for name in layout.missing()
    ]
    cells = [row[name] or "" for name in header]
    values = layout.parse(cells, errors, resolve=resolve)
    values["row_hash"] = layout.row_hash(cells)
    return values, errors


def cell(value: Any) -> str:
    """A value as ACLED writes it: empty for nothing, ISO dates, numbers as Python prints them."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def extra_cells(extra: str | None) -> dict[str, str]:
    """The columns an event's source file brought with it (its ``extra`` JSON), as cells."""
    if not extra:
        return {}
    try:
        found = json.loads(extra)
    except ValueError:
        return {}
    return {str(k): cell(v) for k, v in found.items()} if isinstance(found, dict) else {}


def acled_row(event: Event, extras: Sequence[str]) -> list[str]:
    """One event in ACLED's columns, then the ``extras`` columns it brought from ACLED."""
    values = {name: cell(getattr(event, name)) for name in ACLED_COLUMNS}
    if not values["event_id_cnty"]:
        values["event_id_cnty"] = reference("event", event.external_id, event.id)
    kept = extra_cells(event.extra) if event.dataset == "acled" else {}
    return [values[name] for name in ACLED_COLUMNS] + [kept.get(name, "") for name in extras]
