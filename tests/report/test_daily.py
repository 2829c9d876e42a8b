"""The daily report: figures against the day before, allegations by who makes them, renderings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.cli import app
from truce.report import daily_report, render
from truce.store import records
from truce.store.db import transaction
from truce.store.models import AgreementActor
from truce.store.visibility import EVERYONE

DAY = dt.date(2016, 9, 19)


def _load(engine: Engine) -> None:
    with transaction(engine) as s:

        def add(record_kind: str, /, **values: object) -> int:
            return records.create(s, record_kind, values, actor="tester").id

        russia = add("actors", name="Russia", kind="state")
        usa = add("actors", name="United States", kind="state")
        sarc = add("actors", name="Syrian Arab Red Crescent", kind="civilians")
        national = add(
            "agreements",
            name="Cessation of hostilities",
            kind="ceasefire",
            scope="national",
            signed=dt.date(2016, 2, 22),
            effective_from=dt.date(2016, 2, 27),
        )
        for actor_id, role in ((russia, "party"), (usa, "mediator")):
            s.add(AgreementActor(agreement_id=national, actor_id=actor_id, role=role))
        # Ten local truces from the start of the ceasefire: one before it must not count.
        add("agreements", name="Before", kind="truce", scope="local", signed=dt.date(2016, 2, 1))
        for i in range(10):
            add(
                "agreements",
                name=f"Local truce {i}",
                kind="reconciliation",
                scope="local",
                signed=dt.date(2016, 2, 27) + dt.timedelta(days=i * 20),
                illustrative=True,
            )
        add(
            "agreements",
            name="Truce signed on the day",
            kind="truce",
            scope="local",
            signed=DAY,
            location="Moadamiyeh",
        )
        convoy = add(
            "events",
            event_date=DAY,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            location="Urum al-Kubra",
            actor1="Unidentified Military Forces",
            actor2="Civilians",
            fatalities=20,
            fatalities_low=18,
            fatalities_high=21,
        )
        add(
            "events",
            event_date=DAY,
            event_type="Battles",
            location="Ramouseh",
            fatalities=7,
        )
        add("events", event_date=DAY - dt.timedelta(days=1), event_type="Battles", fatalities=3)
        add(
            "events",
            event_date=DAY,
            event_type="Battles",
            location="Secret site",
            classification="restricted",
        )
        add("violations", event_id=convoy, agreement_id=national, alleged_by_id=usa)
        add("violations", event_id=convoy, agreement_id=national, alleged_by_id=russia)
        add("violations", event_id=convoy, agreement_id=national, alleged_by_id=sarc)
        add(
            "statements",
            speaker_name="John Kerry",
            date=DAY,
            venue="New York",
            words="The convoy must be investigated.",
        )


def test_figures_compare_the_day_with_the_day_before(engine: Engine) -> None:
    _load(engine)
    report = daily_report(engine, DAY)
    counts = {c.label: (c.today, c.previous) for c in report.counts}
    assert counts["Events recorded"] == (2, 1)
    assert counts["Reported fatalities (best estimate)"] == (27, 3)
    assert counts["Alleged violations"] == (3, 0)
    assert counts["Agreements signed"] == (1, 0)
    assert dict(report.events_by_type) == {"Battles": 1, "Explosions/Remote violence": 1}


def test_allegations_say_who_makes_them(engine: Engine) -> None:
    _load(engine)
    report = daily_report(engine, DAY)
    roles = {a.alleged_by: a.alleged_by_role for a in report.allegations}
    assert roles == {
        "United States": "mediator",
        "Russia": "party",
        "Syrian Arab Red Crescent": "third party",
    }


def test_local_agreements_count_from_the_national_ceasefire(engine: Engine) -> None:
    _load(engine)
    report = daily_report(engine, DAY)
    assert report.baseline_agreement == "Cessation of hostilities"
    assert report.local_agreements_since == dt.date(2016, 2, 27)
    assert report.local_agreements_to_date == 11
    days = (DAY - dt.date(2016, 2, 27)).days + 1
    assert report.local_rate_per_day == pytest.approx(11 / days)


def test_restricted_records_are_left_out_unless_asked_for(engine: Engine) -> None:
    _load(engine)
    public = daily_report(engine, DAY)
    everything = daily_report(engine, DAY, audience=EVERYONE)
    assert "Secret site" not in {e.location for e in public.events}
    assert "Secret site" in {e.location for e in everything.events}


def test_renderings_carry_the_caveats_and_escape_text(sqlite_engine: Engine) -> None:
    _load(sqlite_engine)
    with transaction(sqlite_engine) as s:
        records.create(
            s,
            "statements",
            {"speaker_name": "<script>x</script>", "date": DAY, "words": "a & b"},
            actor="tester",
        )
    report = daily_report(sqlite_engine, DAY)
    html = render(report, "html")
    assert isinstance(html, str)
    assert "not a verified violation" in html and "not protection" in html
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    md = render(report, "md")
    assert isinstance(md, str) and "| Alleged violations | 3 | 0 | new |" in md
    data = json.loads(str(render(report, "json")))
    assert data["day"] == "2016-09-19" and len(data["allegations"]) == 3
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_cli_writes_pdf_and_defaults_to_the_latest_day(
    sqlite_engine: Engine, sqlite_store_url: str, tmp_path: Path
) -> None:
    _load(sqlite_engine)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", sqlite_store_url, "report", "daily"])
    assert result.exit_code == 0, result.output
    assert "Daily report: Monday 19 September 2016" in result.output
    target = tmp_path / "r.pdf"
    result = runner.invoke(
        app, ["--db", sqlite_store_url, "report", "daily", "--format", "pdf", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    result = runner.invoke(app, ["--db", sqlite_store_url, "report", "daily", "--date", "19/9"])
    assert result.exit_code == 2 and "--date" in result.output
