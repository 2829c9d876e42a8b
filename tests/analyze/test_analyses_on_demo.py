"""Every analysis on the demo store: the 651 local agreements, the convoy, the no-fly area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from truce.analyze.cooccur import cooccur
from truce.analyze.deconfliction import check_deconfliction
from truce.analyze.health import health
from truce.analyze.zones import check_zones
from truce.config import sqlite_url
from truce.store.db import make_engine, migrate

demo = pytest.importorskip("truce.demo.load", reason="the demo loader is not in this checkout")


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    engine = make_engine(sqlite_url(path))
    migrate(engine)
    demo.load_demo(engine, actor="tester", reports=False)
    yield engine
    engine.dispose()


def test_health_reproduces_651_local_agreements_at_3_1_a_day(demo_engine: Engine) -> None:
    report = health(
        demo_engine, since=dt.date(2016, 2, 27), until=dt.date(2016, 9, 26), scope="local"
    )
    assert report.days == 213
    assert report.agreements.current == 651
    assert f"{report.agreements.current_per_day:.1f}" == "3.1"


def test_allegations_in_september_are_split_by_who_makes_them(demo_engine: Engine) -> None:
    report = health(demo_engine, since=dt.date(2016, 9, 1), until=dt.date(2016, 9, 26))
    roles = {s.key for s in report.breakdown if s.dimension == "alleged by role"}
    assert report.allegations.current > 0 and roles
    assert roles <= {"party", "guarantor", "mediator", "excluded", "third party", "not recorded"}


def test_the_convoy_notification_raises_an_alert_on_19_september(demo_engine: Engine) -> None:
    report = check_deconfliction(
        demo_engine, since=dt.date(2016, 9, 19), until=dt.date(2016, 9, 19)
    )
    convoy = [a for a in report.alerts if a.notification_kind == "movement"]
    assert convoy and convoy[0].event.first_day == dt.date(2016, 9, 19)
    assert convoy[0].notified_before_event is True


def test_strikes_in_the_restricted_air_area_are_flagged(demo_engine: Engine) -> None:
    report = check_zones(demo_engine, since=dt.date(2016, 9, 12), until=dt.date(2016, 9, 26))
    assert report.violations
    assert all(h.event.sub_event_type == h.restricted_kind for h in report.violations)


def test_the_deir_ez_zor_strike_and_the_attack_after_it_pair_up(demo_engine: Engine) -> None:
    report = cooccur(
        demo_engine,
        km=10,
        hours=24,
        across_actors=True,
        since=dt.date(2016, 9, 16),
        until=dt.date(2016, 9, 18),
    )
    assert any(
        "Coalition" in (p.first.actor1 or "") + (p.second.actor1 or "")
        and "Islamic State" in (p.first.actor1 or "") + (p.second.actor1 or "")
        for p in report.pairs
    )
