"""Events streamed out as ACLED CSV and as UCDP-style CSV (the rows are shaped in ``formats``).

ACLED (:mod:`truce.formats.acled`): a first streamed pass finds the extra columns the exported
ACLED events brought with them, then the header and one row per event. UCDP
(:mod:`truce.formats.ucdp`): the events of the three types UCDP counts as organised violence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.orm import Session

from truce.export.common import Filters, record_chunks
from truce.formats.acled import ACLED_COLUMNS, acled_row
from truce.formats.ucdp import UCDP_COLUMNS, UCDP_EVENT_TYPES, ucdp_row
from truce.store.queries_export import acled_extras


def _extra_columns(session: Session, filters: Filters) -> list[str]:
    """Extra ACLED columns over the exported ACLED events (a first, streamed pass)."""
    names: set[str] = set()
    for extra in acled_extras(session, filters):
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
    for chunk in record_chunks(session, "events", filters):
        for event in chunk:
            yield acled_row(event, extras)


def ucdp_rows(session: Session, filters: Filters) -> Iterator[list[str]]:
    """The header, then one row per event of a UCDP type."""
    yield list(UCDP_COLUMNS)
    for chunk in record_chunks(session, "events", filters, event_types=UCDP_EVENT_TYPES):
        for event in chunk:
            row = ucdp_row(event)
            yield [row.get(name, "") for name in UCDP_COLUMNS]
