"""truce stats on a small store: counts, the default window, rates, breakdowns, filters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.cli import app
from truce.errors import InvalidInput
from truce.ingest import import_file
from truce.services.reports import compute_stats
from truce.stats import rate_text
from truce.store.visibility import EVERYONE

ACTORS = """
- {name: Government of Ruritania, kind: state, aliases: [Ruritania]}
- {name: Hill Militia, kind: rebel group}
- {name: Mediation Office, kind: international organisation}
- {name: Church Council, kind: other}
"""
HEADER = "id,name,kind,scope,status,parties,mediators,signed,effective_from,classification\n"
NATIONAL = "n1,National ceasefire,ceasefire,national,in force,Ruritania|Hill Militia,,2019-12-28,2020-01-01,public\n"  # noqa: E501


def local_rows() -> str:
    kinds = ["truce", "truce", "reconciliation", "truce", "amnesty"] * 2
    rows = []
    for day, kind in enumerate(kinds, start=1):
        mediator = "Church Council" if day == 3 else "Mediation Office"
        status = "collapsed" if day == 5 else "in force"
        rows.append(
            f"l{day},Deal {day},{kind},local,{status},Ruritania|Hill Militia,{mediator},"
            f"2020-01-{day:02d},2020-01-{day:02d},public\n"
        )
    rows.append(
        "secret,Secret deal,truce,local,in force,Ruritania,Mediation Office,2020-01-04,,"
        "restricted\n"
    )
    return "".join(rows)


EVENTS = [
    {"id": "e1", "event_date": "2020-01-02", "event_type": "Battles"},
    {"id": "e2", "event_date": "2020-01-03", "event_type": "Battles"},
    {"id": "e3", "event_date": "2020-02-01", "event_type": "Protests"},
    {"id": "e4", "event_date": "2020-02-02", "event_type": "Battles", "status": "rejected"},
]


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    files = {
        "actors": ("actors.yaml", ACTORS),
        "agreements": ("agreements.csv", HEADER + NATIONAL + local_rows()),
        "events": ("events.jsonl", "".join(json.dumps(e) + "\n" for e in EVENTS)),
    }
    for kind, (name, text) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_file(engine, kind, path, actor="test")
    return engine


def labels(lines: list) -> dict[str, int]:  # type: ignore[type-arg]
    return {line.label: line.count for line in lines}


def test_default_window_runs_from_national_ceasefire_to_latest_agreement(store: Engine) -> None:
    stats = compute_stats(store)
    assert (stats.window.since, stats.window.until) == (date(2020, 1, 1), date(2020, 1, 10))
    assert stats.window.days == 10
    assert stats.baseline == "National ceasefire"
    assert stats.local_agreements.count == 10
    assert stats.local_agreements.per_day == pytest.approx(1.0)
    assert stats.headline == (
        "10 local agreements from 2020-01-01 to 2020-01-10 (10 days), 1.0 a day"
    )


def test_agreements_break_down_by_kind_status_and_mediator(store: Engine) -> None:
    stats = compute_stats(store)
    assert labels(stats.agreements["kind"]) == {"truce": 6, "reconciliation": 2, "amnesty": 2}
    assert labels(stats.agreements["status"]) == {"in force": 9, "collapsed": 1}
    assert labels(stats.agreements["mediator"]) == {"Mediation Office": 9, "Church Council": 1}
    truce = next(x for x in stats.agreements["kind"] if x.label == "truce")
    assert truce.per_day == pytest.approx(0.6)


def test_restricted_records_count_only_when_asked(store: Engine) -> None:
    assert compute_stats(store).local_agreements.count == 10
    everything = compute_stats(store, audience=EVERYONE)
    assert everything.local_agreements.count == 11
    assert labels(everything.records)["agreements"] == 12


def test_events_count_by_type_and_month_without_rejected_ones(store: Engine) -> None:
    stats = compute_stats(store)
    assert labels(stats.events_by_type) == {"Battles": 2, "Protests": 1}
    assert labels(stats.events_by_month) == {"2020-01": 2, "2020-02": 1}
    assert labels(stats.records)["events"] == 4


def test_every_breakdown_adds_up_to_what_it_covers_and_says_what_is_outside(
    store: Engine,
) -> None:
    stats = compute_stats(store, since=date(2020, 1, 3), until=date(2020, 1, 4))
    for group in ("kind", "scope", "status"):
        assert sum(line.count for line in stats.agreements[group]) == stats.agreements_counted
    assert sum(line.count for line in stats.events_by_type) == stats.events_counted
    assert sum(line.count for line in stats.events_by_month) == stats.events_counted
    total = labels(stats.records)["agreements"]
    outside = total - stats.agreements_counted
    assert outside > 0
    assert f"count the {stats.agreements_counted} of {total} agreements" in stats.coverage[0]
    assert f"; {outside} fall outside" in stats.coverage[0]
    assert stats.to_dict()["breakdowns_cover"]["agreements"] == stats.agreements_counted
    shown = CliRunner().invoke(app, ["--db", store.url.render_as_string(False), "stats",
                                     "--since", "2020-01-03", "--until", "2020-01-04"])  # fmt: skip
    assert f"count the {stats.agreements_counted} of {total} agreements" in shown.output


@pytest.mark.parametrize(
    ("since", "until", "local", "days", "events"),
    [
        (date(2020, 1, 3), date(2020, 1, 4), 2, 2, 1),
        (date(2020, 1, 6), None, 5, 5, 0),
        (None, date(2020, 1, 2), 2, 2, 1),
    ],
)
def test_since_and_until_limit_agreements_and_events(
    store: Engine, since: date | None, until: date | None, local: int, days: int, events: int
) -> None:
    stats = compute_stats(store, since=since, until=until)
    assert stats.local_agreements.count == local
    assert stats.window.days == days
    assert sum(x.count for x in stats.events_by_type) == events


def test_until_before_since_is_refused(store: Engine) -> None:
    with pytest.raises(InvalidInput):
        compute_stats(store, since=date(2020, 2, 1), until=date(2020, 1, 1))


def test_without_a_national_ceasefire_the_window_spans_the_agreements(engine: Engine) -> None:
    stats = compute_stats(engine)
    assert stats.local_agreements.count == 0
    assert stats.window.since is None


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cli_stats_prints_each_format(store: Engine, fmt: str) -> None:
    url = store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--db", url, "stats", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["local_agreements"]["count"] == 10
    elif fmt == "csv":
        assert result.output.startswith("section,group,label,count,per_day")
    else:
        assert "10 local agreements" in result.output


def test_cli_stats_bad_date_exits_2(store: Engine) -> None:
    url = store.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--db", url, "stats", "--since", "yesterday"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("per_day", "text"),
    [(3.06, "3.1 a day"), (0.96, "1.0 a day"), (0.5, "3.5 a week"), (6 / 205, "0.9 a month")],
)
def test_a_rate_reads_per_day_week_or_month(per_day: float, text: str) -> None:
    assert rate_text(per_day) == text
