"""The reports built from the records, limited to what the reader's audience may see: the
daily report of one day (by default the latest day with an event the audience may see) and
the record statistics (counts, agreements with their rates, events by type and month).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truce.errors import InvalidInput
from truce.report.daily import DailyReport, latest_event_day
from truce.report.daily import daily_report as build_daily_report
from truce.stats import Line, Stats, Window
from truce.store import queries_stats as queries
from truce.store.db import transaction
from truce.store.queries_stats import AGREEMENT_GROUPS
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


def default_window(session: Session, audience: Audience) -> tuple[Window, str | None]:
    """From the latest national ceasefire's start to the latest agreement signed."""
    baseline = queries.latest_national_ceasefire(session, audience)
    first, latest = queries.signing_range(session, audience)
    if baseline is None:
        return Window(first, latest, "first to latest agreement"), None
    name, since = baseline
    until = latest if latest is not None and latest >= since else since
    return Window(since, until, "latest national ceasefire to latest agreement"), name


def _ranked(rows: list[tuple[str, int]], window: Window) -> list[Line]:
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [Line(name, count, window.rate(count)) for name, count in ordered]


def _by_month(dates: Iterable[date]) -> list[Line]:
    months: dict[str, int] = {}
    for day in dates:
        key = day.strftime("%Y-%m")
        months[key] = months.get(key, 0) + 1
    return [Line(month, months[month]) for month in sorted(months)]


def compute_stats(
    engine: Engine,
    *,
    since: date | None = None,
    until: date | None = None,
    audience: Audience = PUBLIC,
) -> Stats:
    """Counts of every record kind, agreements by group with rates, events by type and month.

    Without ``since``/``until`` the agreement window is the default (see :mod:`truce.stats`) and
    events are counted over all dates; with either, both agreements and events are limited to
    the window, and a missing end is taken from the default window.
    """
    if since is not None and until is not None and until < since:
        raise InvalidInput(f"--until {until.isoformat()} is before --since {since.isoformat()}")
    chosen = audience
    with transaction(engine) as session:
        default, baseline = default_window(session, chosen)
        if since is None and until is None:
            window, event_window = default, Window(None, None, "all records")
        else:
            window = Window(since or default.since, until or default.until, "given")
            event_window = window
            baseline = None
        stats = Stats(window=window, classifications=chosen.classifications, baseline=baseline)
        counts = queries.record_counts(session, chosen)
        stats.records = [Line(kind, count) for kind, count in counts.items()]
        since, until = window.since, window.until
        local = queries.local_agreements(session, since=since, until=until, audience=chosen)
        stats.local_agreements = Line("local agreements", local, window.rate(local))
        for group in AGREEMENT_GROUPS:
            found = queries.agreements_by(session, group, since=since, until=until, audience=chosen)
            stats.agreements[group] = _ranked(found, window)
        since, until = event_window.since, event_window.until
        types = queries.events_by_type(session, since=since, until=until, audience=chosen)
        stats.events_by_type = _ranked(types, event_window)
        dates = queries.event_dates(session, since=since, until=until, audience=chosen)
        stats.events_by_month = _by_month(dates)
    stats.agreements_counted = sum(line.count for line in stats.agreements.get("kind", []))
    stats.events_counted = sum(line.count for line in stats.events_by_type)
    return stats
