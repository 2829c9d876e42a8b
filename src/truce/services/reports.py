"""The reports built from the records, limited to what the reader's audience may see: the
daily report of one day (by default the latest day with an event the audience may see) and
the record statistics (counts, agreements with their rates, events by type and month).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from truce.report.daily import DailyReport, latest_event_day
from truce.report.daily import daily_report as build_daily_report
from truce.stats import Stats
from truce.stats import compute_stats as count_records
from truce.store.visibility import PUBLIC, Audience


def daily_report(
    engine: Engine, day: date | None = None, *, audience: Audience = PUBLIC
) -> DailyReport | None:
    """The daily report of ``day``, or of the latest day with an event ``audience`` may see;
    None when no day is given and there is no such event (the caller asks for a day)."""
    chosen = day or latest_event_day(engine, audience)
    if chosen is None:
        return None
    return build_daily_report(engine, chosen, audience=audience)


def compute_stats(
    engine: Engine,
    *,
    since: date | None = None,
    until: date | None = None,
    audience: Audience = PUBLIC,
) -> Stats:
    """Counts of every record kind, agreements by group with their rate per day, events by
    type and month, from ``since`` to ``until`` (both included; a start after the end is
    refused); without them, the window from the latest national ceasefire."""
    return count_records(engine, since=since, until=until, audience=audience)
