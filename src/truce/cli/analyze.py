"""CLI commands: health, near, cooccur, check zones, check deconfliction."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from truce.analyze.cooccur import cooccur, near
from truce.analyze.deconfliction import check_deconfliction
from truce.analyze.zones import check_zones, zone_summary
from truce.cli.common import engine, new_typer, out
from truce.cli.output import check_format, emit, print_table
from truce.days import parse_day
from truce.errors import InvalidInput
from truce.services.analyses import ceasefire_health
from truce.store.query import BBox

if TYPE_CHECKING:
    from truce.analyze.cooccur import CooccurReport, NearReport
    from truce.analyze.deconfliction import DeconflictionReport
    from truce.analyze.health import HealthReport
    from truce.analyze.output import Result
    from truce.analyze.zones import ZoneReport

check_app = new_typer("Check events against zones and deconfliction notifications.")

Format = Annotated[str, typer.Option("--format", "-f", help="Output: table, json or csv.")]
Out = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")
]
Since = Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD (inclusive).")]
Km = Annotated[float, typer.Option("--km", help="Distance in kilometres (great circle).")]
Hours = Annotated[
    float,
    typer.Option("--hours", help="Time in hours; events dated to a day span the whole day."),
]
Across = Annotated[
    bool,
    typer.Option("--across-actors", help="Only pairs whose first actors are recorded and differ."),
]
Rows = Annotated[int, typer.Option("--rows", help="Table rows to show (json/csv write all).")]


def _bbox(value: str | None) -> BBox | None:
    return None if value is None else BBox.parse(value, field="--bbox")


def _emit(result: Result, fmt: str, output: Path | None, table: Any) -> None:
    """Write ``result`` as JSON or CSV (to ``--out`` or stdout), or call ``table`` to print."""
    emit(fmt, data=result.to_dict, rows=result.to_rows, table=table, output=output)


def _caveats(caveats: tuple[str, ...]) -> None:
    for caveat in caveats:
        out.print(f"[italic]Note: {caveat}[/]")


def _grid(title: str, columns: list[str], rows: list[list[Any]], *, limit: int) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows[:limit]:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    print_table(table)
    if len(rows) > limit:
        out.print(f"… {len(rows) - limit} more rows (--rows N, or --format json/csv for all)")


def _change(label: str, c: Any) -> str:
    percent = "" if c.change_percent is None else f" ({c.change_percent:+.0f}%)"
    return (
        f"{label}: {c.current} ({c.current_per_day:.1f} a day); previous period "
        f"{c.previous} ({c.previous_per_day:.1f} a day); change {c.change:+d}{percent}"
    )


def _warning_line(report: HealthReport) -> str:
    """The early-warning headline: the period's flagged days first, then the last day's
    figures, so "no warning" never stands next to flagged days."""
    w, flagged = report.latest_warning, report.warning_days
    figures = (
        f"last 7 days {w.last_7} ({w.last_7_per_day:.2f} a day) against "
        f"{w.prior_28_per_day:.2f} a day over the 28 days before (factor {report.factor}, "
        f"at least {report.min_count})"
    )
    if w.flagged:
        return (
            f"[bold red]EARLY WARNING[/] on {w.day}, the last day: {figures}; "
            f"{len(flagged)} flagged day(s) in the period, from {flagged[0].day}"
        )
    if flagged:
        return (
            f"[bold]Early warning: {len(flagged)} flagged day(s)[/] in the period, "
            f"{flagged[0].day} to {flagged[-1].day}; none on the last day, {w.day}: {figures}"
        )
    return f"Early warning: no day flagged in the period; on the last day, {w.day}: {figures}"


def _health_table(report: HealthReport, rows: int) -> None:
    filters = ", ".join(f"{k} {v}" for k, v in report.filters.items()) or "no filter"
    out.print(
        f"[bold]Ceasefire health[/] {report.since} – {report.until} ({report.days} days; {filters})"
    )
    out.print(_change("Agreements", report.agreements))
    out.print(_change("Alleged violations", report.allegations))
    out.print(_warning_line(report))
    series = [
        [
            b.start,
            b.end,
            b.agreements,
            b.cumulative_agreements,
            b.allegations,
            b.cumulative_allegations,
        ]
        for b in report.series
    ]
    _grid(
        f"Per {report.by}",
        ["from", "to", "agreements", "cumulative", "alleged violations", "cumulative"],
        series,
        limit=rows,
    )
    shares = [[s.dimension, s.key, s.agreements, s.allegations] for s in report.breakdown]
    _grid("Breakdown", ["by", "value", "agreements", "alleged violations"], shares, limit=rows)
    _caveats(report.caveats)


def health_command(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    by: Annotated[str, typer.Option("--by", help="Series per day, week or month.")] = "day",
    area: Annotated[str | None, typer.Option("--area", help="Only this admin1 area.")] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only agreements and allegations involving this actor."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this agreement kind (ceasefire, truce, …).")
    ] = None,
    scope: Annotated[
        str | None, typer.Option("--scope", help="Only national or local agreements.")
    ] = None,
    factor: Annotated[
        float,
        typer.Option("--factor", help="Early warning: 7-day rate above FACTOR × prior 28 days."),
    ] = 1.5,
    min_count: Annotated[
        int, typer.Option("--min-count", help="Early warning: at least this many in 7 days.")
    ] = 3,
    fmt: Format = "table",
    output: Out = None,
    rows: Rows = 60,
) -> None:
    """Agreements and alleged violations over time, against the previous period, with a warning."""
    check_format(fmt)
    if by not in ("day", "week", "month"):
        raise InvalidInput(f"--by: {by!r} is not one of day, week, month")
    report = ceasefire_health(
        engine(ctx),
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        by="month" if by == "month" else "week" if by == "week" else "day",
        area=area,
        actor=actor,
        kind=kind,
        scope=scope,
        factor=factor,
        min_count=min_count,
    )
    _emit(report, fmt, output, lambda: _health_table(report, rows))


def _event_label(e: Any) -> str:
    return f"{e.id}" + (f" ({e.external_id})" if e.external_id else "")


def _days(e: Any) -> str:
    return str(e.first_day) if e.first_day == e.last_day else f"{e.first_day}…{e.last_day}"


def near_command(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(help="Event id or external id.")],
    km: Km = 10.0,
    hours: Hours = 24.0,
    across_actors: Across = False,
    fmt: Format = "table",
    output: Out = None,
    rows: Rows = 100,
) -> None:
    """Every event within --km kilometres and --hours hours of one event."""
    check_format(fmt)
    report = near(engine(ctx), event, km=km, hours=hours, across_actors=across_actors)
    _emit(report, fmt, output, lambda: _near_table(report, rows))


def _near_table(report: NearReport, rows: int) -> None:
    e = report.event
    out.print(
        f"[bold]Within {report.km:g} km and {report.hours:g} h of event {_event_label(e)}[/]: "
        f"{e.event_type} at {e.location or 'unnamed place'} on {_days(e)} — "
        f"{len(report.neighbours)} event(s)"
    )
    data = [
        [
            _event_label(n.event),
            _days(n.event),
            n.relation,
            f"{n.distance_km:.2f}",
            n.event.event_type,
            n.event.actor1,
            n.event.location,
        ]
        for n in report.neighbours
    ]
    _grid("", ["event", "date", "when", "km", "type", "actor 1", "location"], data, limit=rows)
    _caveats(report.caveats)


def cooccur_command(
    ctx: typer.Context,
    km: Km = 10.0,
    hours: Hours = 24.0,
    across_actors: Across = False,
    since: Since = None,
    until: Until = None,
    bbox: Annotated[
        str | None,
        typer.Option("--bbox", help="min_lon,min_lat,max_lon,max_lat (min_lon > max_lon: ±180°)."),
    ] = None,
    fmt: Format = "table",
    output: Out = None,
    rows: Rows = 100,
) -> None:
    """Every pair of events within --km and --hours, and the ordered sequences (A then B)."""
    check_format(fmt)
    report = cooccur(
        engine(ctx),
        km=km,
        hours=hours,
        across_actors=across_actors,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        bbox=_bbox(bbox),
    )
    _emit(report, fmt, output, lambda: _cooccur_table(report, rows))


def _cooccur_table(report: CooccurReport, rows: int) -> None:
    out.print(
        f"[bold]{len(report.pairs)} pair(s)[/] of {report.events} located events within "
        f"{report.km:g} km and {report.hours:g} h; {report.sequences} ordered (A then B)"
    )
    data = [
        [
            _event_label(p.first),
            _days(p.first),
            p.first.actor1,
            "then" if p.ordered else "same day",
            _event_label(p.second),
            _days(p.second),
            p.second.actor1,
            f"{p.distance_km:.2f}",
            f"{p.gap_hours_min:g}–{p.gap_hours_max:g}",
        ]
        for p in report.pairs
    ]
    columns = ["A", "A date", "A actor", "order", "B", "B date", "B actor", "km", "gap h"]
    _grid("", columns, data, limit=rows)
    _caveats(report.caveats)


def zones_command(
    ctx: typer.Context,
    at: Annotated[
        str | None, typer.Option("--at", help="Only events of this day, YYYY-MM-DD.")
    ] = None,
    since: Since = None,
    until: Until = None,
    violations_only: Annotated[
        bool, typer.Option("--violations-only", help="Only restricted-zone violations.")
    ] = False,
    fmt: Format = "table",
    output: Out = None,
    rows: Rows = 100,
) -> None:
    """Events inside zones, who controls them, and restricted-zone violations."""
    check_format(fmt)
    report = check_zones(
        engine(ctx),
        at=parse_day(at, "--at"),
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        violations_only=violations_only,
    )
    _emit(report, fmt, output, lambda: _zones_table(report, rows))


def _zones_table(report: ZoneReport, rows: int) -> None:
    out.print(
        f"[bold]{len(report.hits)} event(s) inside {report.zones} zone(s)[/], "
        f"{len(report.violations)} restricted-zone violation(s), of {report.events} events"
    )
    summary = [
        [r["zone_id"], r["zone_name"], r["zone_kind"], r["events"], r["violations"]]
        for r in zone_summary(report)
    ]
    _grid("Per zone", ["zone", "name", "kind", "events", "violations"], summary, limit=rows)
    data = [
        [
            _event_label(h.event),
            _days(h.event),
            h.event.sub_event_type or h.event.event_type,
            h.event.actor1,
            h.zone_name,
            ", ".join(h.controlled_by),
            f"VIOLATION ({h.restricted_kind}, {h.bound_actor})" if h.violation else "",
        ]
        for h in report.hits
    ]
    columns = ["event", "date", "type", "actor 1", "zone", "controlled by", "restriction"]
    _grid("Events in zones", columns, data, limit=rows)
    _caveats(report.caveats)


def deconfliction_command(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    margin_hours: Annotated[
        float,
        typer.Option("--margin-hours", help="Also alert this many hours around each window."),
    ] = 0.0,
    planned_only: Annotated[
        bool, typer.Option("--planned-only", help="Only planned strikes (status/mode planned).")
    ] = False,
    fmt: Format = "table",
    output: Out = None,
    rows: Rows = 100,
) -> None:
    """Notified sites and routes hit by events or planned strikes (information, not protection)."""
    check_format(fmt)
    report = check_deconfliction(
        engine(ctx),
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        margin_hours=margin_hours,
        planned_only=planned_only,
    )
    _emit(report, fmt, output, lambda: _deconfliction_table(report, rows))


def _deconfliction_table(report: DeconflictionReport, rows: int) -> None:
    out.print(
        f"[bold]{len(report.alerts)} alert(s)[/]: {report.notifications} notification(s) "
        f"against {report.events} events"
    )
    data = [
        [
            a.notification,
            a.notification_kind,
            ", ".join(a.recipients),
            _event_label(a.event),
            _days(a.event),
            "planned" if a.planned else "event",
            a.event.sub_event_type or a.event.event_type,
            f"{a.distance_m:.0f}",
            f"{a.time_offset_hours:+g}",
            {True: "yes", False: "no", None: "?"}[a.notified_before_event],
        ]
        for a in report.alerts
    ]
    columns = [
        "notification",
        "kind",
        "notified to",
        "event",
        "date",
        "what",
        "type",
        "distance m",
        "offset h",
        "notified before",
    ]
    _grid("", columns, data, limit=rows)
    _caveats(report.caveats)


check_app.command("zones")(zones_command)
check_app.command("deconfliction")(deconfliction_command)
