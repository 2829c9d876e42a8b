"""Assessments on stored claims: loading, alias resolution, saving (audited), exports, CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from truce.analyze.assess.export import assessment_csv, assessment_dict
from truce.analyze.assess.store import assess_event, save_assessment
from truce.analyze.claimreview import Reviewer, assessment_claimreviews
from truce.cli import app
from truce.errors import InvalidInput, NotFound
from truce.names import normalize_name
from truce.store import records
from truce.store.db import transaction
from truce.store.models import ActorAlias, Assessment, AuditEntry


def _add(session: Any, record_kind: str, /, **values: Any) -> int:
    return records.create(session, record_kind, values, actor="tester").id


def seed(engine: Engine) -> int:
    """A convoy strike with competing claims about the weapon and the perpetrator."""
    with transaction(engine) as s:
        russia = _add(s, "actors", name="Government of Russia", kind="state", country="RUS")
        for alias in ("Moscow", "Russia"):
            s.add(ActorAlias(actor_id=russia, alias=alias, normalized=normalize_name(alias)))
        event = _add(
            s, "events", event_date=date(2016, 9, 19), event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", location="Urum al-Kubra", country="Syria",
            external_id="convoy-1",
        )  # fmt: skip
        un = _add(s, "sources", title="UN briefing", reliability="A", url="https://un.example/1")
        us = _add(s, "sources", title="US statement", reliability="C")
        ru = _add(s, "sources", title="Russian MoD briefing", reliability="C")
        ngo = _add(s, "sources", title="Monitor report", reliability="B")
        claims = [
            ("weapon", "rockets", "asserts", "Russian MoD", ru, "3", date(2016, 9, 20)),
            ("weapon", "air strikes", "asserts", "United States", us, "2", date(2016, 9, 20)),
            ("weapon", "aircraft", "asserts", "United Nations", un, "2", date(2016, 9, 21)),
            ("weapon", "warplanes", "asserts", "Monitor", ngo, "2", date(2016, 9, 22)),
            ("perpetrator", "Russia", "asserts", "United States", us, "3", date(2016, 9, 20)),
            ("perpetrator", "Moscow", "denies", "Russian MoD", ru, "3", date(2016, 9, 20)),
        ]
        for attribute, value, stance, who, source, cred, made in claims:
            _add(
                s, "claims", event_id=event, attribute=attribute, value=value, stance=stance,
                claimant_name=who, source_id=source, credibility=cred, made_on=made,
            )  # fmt: skip
    return event


def test_the_weapon_claims_favour_an_air_strike_once_synonyms_are_merged(engine: Engine) -> None:
    event = seed(engine)
    result = assess_event(engine, event, attribute="weapon")
    assert result.ach.hypotheses == (
        "air strike", "fixed-wing aircraft", "ground fire", "rockets", "other / unknown"
    )  # fmt: skip
    assert result.review.conclusion == "air strike"
    assert result.review.confidence.label == "high"
    assert [step.leader for step in result.review.timeline] == [
        "ground fire", "air strike", "air strike", "air strike"
    ]  # fmt: skip


def test_aliases_make_a_denial_and_an_assertion_meet_on_one_hypothesis(engine: Engine) -> None:
    result = assess_event(engine, seed(engine), attribute="perpetrator")
    assert result.ach.hypotheses == ("Government of Russia", "other / unknown")
    assert result.review.grades["Government of Russia"] == "contested"


def test_the_attribute_defaults_to_the_most_claimed_and_events_resolve_by_external_id(
    engine: Engine,
) -> None:
    seed(engine)
    assert assess_event(engine, "convoy-1").ach.attribute == "weapon"


def test_a_missing_event_or_attribute_says_what_to_give(engine: Engine) -> None:
    seed(engine)
    with pytest.raises(NotFound, match="event id or its external id"):
        assess_event(engine, 999)
    with pytest.raises(InvalidInput, match="perpetrator"):
        assess_event(engine, "convoy-1", attribute="colour")


def test_saving_stores_an_audited_assessment_record(engine: Engine) -> None:
    result = save_assessment(engine, assess_event(engine, seed(engine)), who="analyst")
    with transaction(engine) as s:
        stored = s.get(Assessment, result.record_id)
        assert stored is not None
        assert (stored.conclusion, stored.confidence, stored.assessed_by) == (
            "air strike", "high", "analyst"
        )  # fmt: skip
        assert stored.scores["ranking"][0]["hypothesis"] == "air strike"
        assert len(stored.matrix["rows"]) == 4
        audit = s.scalars(
            select(AuditEntry).where(
                AuditEntry.record_kind == "assessments", AuditEntry.record_id == str(stored.id)
            )
        ).all()
        assert [a.action for a in audit] == ["create"]


def test_json_and_csv_exports_carry_the_matrix_and_scores(sqlite_engine: Engine) -> None:
    result = assess_event(sqlite_engine, seed(sqlite_engine))
    data = json.loads(json.dumps(assessment_dict(result)))
    assert data["conclusion"] == "air strike"
    assert {r["hypothesis"] for r in data["ranking"]} == set(data["hypotheses"])
    rows = list(csv.reader(io.StringIO(assessment_csv(result))))
    assert rows[0][-3:] == ["ground fire", "rockets", "other / unknown"]
    assert [r[0] for r in rows[-2:]] == ["inconsistency", "rank"]
    assert len(rows) == 1 + 4 + 2


def test_claimreview_json_ld_has_the_schema_org_shape(sqlite_engine: Engine) -> None:
    result = assess_event(sqlite_engine, seed(sqlite_engine))
    doc = assessment_claimreviews(
        result, reviewer=Reviewer("Monitoring Cell", "https://cell.example"), url="https://r/1"
    )
    assert doc["@context"] == "https://schema.org"
    reviews = {r["itemReviewed"]["name"].split(" was ")[-1]: r for r in doc["@graph"]}
    aircraft = reviews["air strike"]
    assert aircraft["@type"] == "ClaimReview"
    assert aircraft["claimReviewed"].startswith("The weapon of the Air/drone strike at Urum")
    assert aircraft["author"] == {
        "@type": "Organization", "name": "Monitoring Cell", "url": "https://cell.example"
    }  # fmt: skip
    item = aircraft["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2016-09-20"
    assert {a["name"] for a in item["author"]} == {"United States", "United Nations", "Monitor"}
    assert {"@type": "CreativeWork", "name": "UN briefing", "url": "https://un.example/1"} in item[
        "appearance"
    ]
    rating = aircraft["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"], rating["ratingValue"]) == (5, 1, 5)
    assert rating["alternateName"].startswith("confirmed; leading hypothesis")
    ground = reviews["ground fire"]
    assert ground["reviewRating"]["alternateName"] == "discounted"
    assert aircraft["url"] == "https://r/1" and "datePublished" in aircraft


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "claimreview"])
def test_the_assess_command_prints_every_format(sqlite_store_url: str, fmt: str) -> None:
    from truce.store.db import make_engine, migrate

    eng = make_engine(sqlite_store_url)
    migrate(eng)
    event = seed(eng)
    runner = CliRunner()
    args = ["--db", sqlite_store_url, "assess", str(event), "--attribute", "weapon"]
    result = runner.invoke(app, [*args, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "air strike" in result.output


def test_the_assess_command_saves_and_rejects_bad_input(sqlite_store_url: str) -> None:
    from truce.store.db import make_engine, migrate

    eng = make_engine(sqlite_store_url)
    migrate(eng)
    event = seed(eng)
    runner = CliRunner()
    saved = runner.invoke(app, ["--db", sqlite_store_url, "assess", str(event), "--save"])
    assert saved.exit_code == 0, saved.output
    assert "Saved as assessment" in saved.output
    bad = runner.invoke(app, ["--db", sqlite_store_url, "assess", str(event), "-f", "xml"])
    assert bad.exit_code == 2
    assert "table, json, csv, claimreview" in bad.output


def seed_sides(engine: Engine) -> int:
    """Two accused allies, their accuser, and the UN; the accused speak up for themselves."""
    from truce.store.models import Office, Relationship

    with transaction(engine) as s:
        ids = {}
        for name, parent in [
            ("Government of Russia", None), ("Russian Armed Forces", "Government of Russia"),
            ("Government of Syria", None), ("Syrian Arab Air Force", "Government of Syria"),
            ("Government of the United States", None), ("United Nations", None),
            ("Sergey Lavrov", None), ("International Syria Support Group", None),
        ]:  # fmt: skip
            ids[name] = _add(s, "actors", name=name, kind="state", parent_id=ids.get(parent or ""))
        russia, syria = ids["Government of Russia"], ids["Government of Syria"]
        s.add(ActorAlias(actor_id=ids["Russian Armed Forces"], alias="Russian MoD",
                         normalized="russian mod"))  # fmt: skip
        s.add(Relationship(subject_id=russia, kind="backs", object_id=syria,
                           start=date(2015, 9, 30)))  # fmt: skip
        for member in (russia, ids["Government of the United States"]):
            s.add(Relationship(subject_id=member, kind="part of",
                               object_id=ids["International Syria Support Group"]))  # fmt: skip
        s.add(Office(person_id=ids["Sergey Lavrov"], title="Foreign Minister",
                     organisation_id=russia, start=date(2004, 3, 9)))  # fmt: skip
        event = _add(
            s, "events", event_date=date(2016, 9, 19), event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", location="Urum al-Kubra", country="Syria",
        )  # fmt: skip
        src = {g: _add(s, "sources", title=f"source {g}", reliability=g) for g in "ABE"}
        claims = [
            ("perpetrator", "Syrian Arab Air Force", "asserts", "Government of the United States",
             "B", "3"),
            ("weapon", "air strike", "asserts", "United Nations", "E", "5"),
            ("weapon", "air strike", "denies", "Sergey Lavrov", "A", "1"),
            ("weapon", "a mortar on a pick-up", "asserts", "Russian MoD", "A", "1"),
            ("perpetrator", "Russian Armed Forces", "denies", "Russian MoD", "A", "1"),
        ]  # fmt: skip
        for attribute, value, stance, who, grade, cred in claims:
            _add(
                s, "claims", event_id=event, attribute=attribute, value=value, stance=stance,
                claimant_name=who, source_id=src[grade], credibility=cred,
            )  # fmt: skip
    return event


def test_the_accused_and_their_allies_speak_as_interested_parties(engine: Engine) -> None:
    """Syria is accused; Russia backs it, so its minister's and its ministry's words are
    interested; the accuser and the UN are not; ISSG membership makes no ally of the US."""
    event = seed_sides(engine)
    result = assess_event(engine, event, attribute="weapon")
    marked = {r.claim.claimant: r.claim.interested for r in result.ach.rows}
    assert marked == {"United Nations": False, "Sergey Lavrov": True, "Russian MoD": True}
    assert {r.claim.party for r in result.ach.rows if r.claim.interested} == {
        "government of russia"
    }
    assert result.review.conclusion == "air strike"  # one E5 source against two A1 denials
    assert result.ach.groups == 1
    perpetrator = assess_event(engine, event, attribute="perpetrator")
    assert [r.claim.interested for r in perpetrator.ach.rows] == [False, True]
    # the registry's parent chains rank the actors: the air force under its government
    assert perpetrator.ach.score("Syrian Arab Air Force").parent == "Government of Syria"
    assert perpetrator.review.conclusion == "Government of Syria"
    assert perpetrator.review.narrower[0].hypothesis == "Syrian Arab Air Force"


def test_an_alliance_the_reader_may_not_see_marks_no_claim(engine: Engine) -> None:
    from truce.store.models import Actor

    event = seed_sides(engine)
    with transaction(engine) as s:
        syria = s.scalars(select(Actor).where(Actor.name == "Government of Syria")).one()
        syria.classification = "confidential"
    hidden = assess_event(
        engine,
        event,
        attribute="weapon",
        visibility=lambda model: model.classification != "confidential",
    )
    assert not any(r.claim.interested for r in hidden.ach.rows)
    assert any(r.claim.interested for r in assess_event(engine, event, attribute="weapon").ach.rows)
