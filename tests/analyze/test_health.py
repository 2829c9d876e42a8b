"""Ceasefire health: counts and rates, the previous period, who alleges, the early warning."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from analyze_records import CEASEFIRE, health_records
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.analyze.health import health, reporter_role
from truce.cli import app
from truce.errors import InvalidInput


def test_local_agreements_count_and_rate_per_day_over_the_period(engine: Engine) -> None:
    health_records(engine, local=31, days=10)
    report = health(engine, since=CEASEFIRE, until=CEASEFIRE + dt.timedelta(days=9), scope="local")
    assert report.days == 10
    assert report.agreements.current == 31
    assert f"{report.agreements.current_per_day:.1f}" == "3.1"
    assert report.series[-1].cumulative_agreements == 31
    assert sum(b.agreements for b in report.series) == 31


def test_the_previous_period_has_the_same_length_and_ends_the_day_before(engine: Engine) -> None:
    health_records(engine)
    report = health(engine, since=dt.date(2016, 3, 5), until=dt.date(2016, 3, 11))
    # Previous period: 2016-02-27 … 03-04, holding the national-day allegation and 7 truces.
    assert report.allegations.current == 4
    assert report.allegations.previous == 1
    assert report.allegations.change == 3
    assert report.allegations.change_percent == pytest.approx(300.0)


@pytest.mark.parametrize(
    ("roles", "alleged_by", "expected"),
    [
        (["party"], 1, "party"),
        (["mediator", "party"], 1, "party"),
        (["mediator"], 1, "mediator"),
        ([None], 1, "third party"),
        ([None], None, "not recorded"),
    ],
)
def test_the_allegers_role_in_the_agreement(
    roles: list[str | None], alleged_by: int | None, expected: str
) -> None:
    assert reporter_role(roles, alleged_by) == expected


def test_allegations_are_split_by_who_makes_them(engine: Engine) -> None:
    health_records(engine)
    report = health(engine, since=dt.date(2016, 3, 1), until=dt.date(2016, 3, 11))
    by_role = {s.key: s.allegations for s in report.breakdown if s.dimension == "alleged by role"}
    assert by_role == {"party": 1, "mediator": 1, "third party": 1, "not recorded": 1}
    assert any("not a verified violation" in c for c in report.caveats)


@pytest.mark.parametrize(
    ("until", "factor", "flagged"),
    [
        (dt.date(2016, 3, 11), 1.5, True),  # 4 in 7 days against 4 in the 28 before
        (dt.date(2016, 3, 11), 5.0, False),
        (dt.date(2016, 3, 9), 1.5, False),  # only 2 in the last 7 days: below the minimum
    ],
)
def test_early_warning_compares_the_last_week_with_the_four_before(
    engine: Engine, until: dt.date, factor: float, flagged: bool
) -> None:
    health_records(engine)
    report = health(engine, since=dt.date(2016, 3, 1), until=until, factor=factor)
    assert report.latest_warning.flagged is flagged
    assert report.latest_warning.day == until


def test_weekly_series_starts_weeks_on_monday(engine: Engine) -> None:
    health_records(engine)
    report = health(engine, since=dt.date(2016, 2, 27), until=dt.date(2016, 3, 13), by="week")
    assert [(b.start, b.end) for b in report.series] == [
        (dt.date(2016, 2, 27), dt.date(2016, 2, 28)),
        (dt.date(2016, 2, 29), dt.date(2016, 3, 6)),
        (dt.date(2016, 3, 7), dt.date(2016, 3, 13)),
    ]


def test_monthly_series_follows_calendar_months(engine: Engine) -> None:
    health_records(engine)
    report = health(engine, since=dt.date(2016, 2, 6), until=dt.date(2016, 3, 11), by="month")
    assert [(b.start, b.end, b.allegations) for b in report.series] == [
        (dt.date(2016, 2, 6), dt.date(2016, 2, 29), 4),
        (dt.date(2016, 3, 1), dt.date(2016, 3, 11), 4),
    ]


def test_filters_by_area_kind_and_actor(engine: Engine) -> None:
    health_records(engine, local=30, days=10)
    since, until = CEASEFIRE, CEASEFIRE + dt.timedelta(days=9)
    assert health(engine, since=since, until=until, area="homs").agreements.current == 15
    assert health(engine, since=since, until=until, kind="truce").agreements.current == 10
    by_russia = health(engine, since=since, until=until, actor="russia")
    assert by_russia.agreements.current == 30  # mediator of every local truce
    with pytest.raises(InvalidInput, match="matches no actor"):
        health(engine, since=since, until=until, actor="Nobody at all")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "year"}, "--by"),
        ({"factor": 0}, "--factor"),
        ({"since": dt.date(2016, 3, 2), "until": dt.date(2016, 3, 1)}, "after"),
    ],
)
def test_bad_arguments_are_refused_with_the_flag_named(
    sqlite_engine: Engine, kwargs: dict[str, object], message: str
) -> None:
    health_records(sqlite_engine, local=3, days=3)
    with pytest.raises(InvalidInput, match=message):
        health(sqlite_engine, **kwargs)  # type: ignore[arg-type]


def test_cli_writes_json_csv_and_a_table(sqlite_engine: Engine) -> None:
    health_records(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    base = ["--db", url, "health", "--since", "2016-02-27", "--until", "2016-03-07"]
    result = runner.invoke(app, [*base, "--format", "json", "--scope", "local"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["agreements"]["current"] == 31
    assert data["days"] == 10
    result = runner.invoke(app, [*base, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 10 and rows[-1]["cumulative_agreements"] == "31"
    result = runner.invoke(app, [*base])
    assert result.exit_code == 0 and "not a verified violation" in result.output
    result = runner.invoke(app, [*base, "--by", "fortnight"])
    assert result.exit_code == 2 and "--by" in result.output
