"""Events streamed out as ACLED CSV and as UCDP-style CSV (the rows are shaped in ``formats``).

ACLED (:mod:`truce.formats.acled`): a first streamed pass finds the extra columns the exported
ACLED events brought with them, then the header and one row per event. UCDP
(:mod:`truce.formats.ucdp`): the events of the three types UCDP counts as organised violence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.export.common import Filters, chunks
from truce.export.records import event_query
from truce.formats.acled import ACLED_COLUMNS, acled_row
from truce.formats.ucdp import UCDP_COLUMNS, UCDP_EVENT_TYPES, ucdp_row
from truce.store.models import Event


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
            yield acled_row(event, extras)


def ucdp_rows(session: Session, filters: Filters) -> Iterator[list[str]]:
    """The header, then one row per event of a UCDP type."""
    yield list(UCDP_COLUMNS)
    query = event_query(filters).where(Event.event_type.in_(UCDP_EVENT_TYPES))
    for chunk in chunks(session, query):
        for event in chunk:
            row = ucdp_row(event)
            yield [row.get(name, "") for name in UCDP_COLUMNS]
