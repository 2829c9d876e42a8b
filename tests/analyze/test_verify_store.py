"""Verification against stored statements: speaker resolution (aliases, offices), windows, CLI.

These tests use the lexical check (``similarity=None``, ``--lexical``) so they run without
loading the embedding model; tests/analyze/test_verify.py covers the model.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from truce.analyze.claimreview import Reviewer, verification_claimreview
from truce.analyze.verify.export import verification_csv, verification_dict
from truce.analyze.verify.store import resolve_speaker, verify_words
from truce.cli import app
from truce.errors import InvalidInput
from truce.names import normalize_name
from truce.store import records
from truce.store.db import make_engine, migrate, transaction
from truce.store.models import ActorAlias, Office

DAY = date(2016, 9, 21)


def _add(session: Any, record_kind: str, /, **values: Any) -> int:
    return records.create(session, record_kind, values, actor="tester").id


def _alias(session: Any, actor_id: int, alias: str) -> None:
    session.add(ActorAlias(actor_id=actor_id, alias=alias, normalized=normalize_name(alias)))


def seed(engine: Engine) -> None:
    with transaction(engine) as s:
        russia = _add(s, "actors", name="Government of Russia", kind="state", country="RUS")
        usa = _add(s, "actors", name="Government of the United States", kind="state",
                   country="USA")  # fmt: skip
        lavrov = _add(s, "actors", name="Sergey Lavrov", kind="person", country="RUS")
        kerry = _add(s, "actors", name="John Kerry", kind="person", country="USA")
        _alias(s, lavrov, "Lavrov")
        _alias(s, lavrov, "Sergei Lavrov")
        _alias(s, kerry, "Kerry")
        s.add(Office(person_id=lavrov, title="Minister of Foreign Affairs",
                     organisation_id=russia, start=date(2004, 3, 9)))  # fmt: skip
        s.add(Office(person_id=kerry, title="Secretary of State", organisation_id=usa,
                     start=date(2013, 2, 1), end=date(2017, 1, 20)))  # fmt: skip
        un = _add(s, "sources", title="Council record", url="https://un.example/7799",
                  reliability="A")  # fmt: skip
        statements = [
            (lavrov, "Sergey Lavrov", DAY, "The coalition strike on the Syrian army near "
             "Deir ez-Zor was a blatant violation of the agreement."),
            (None, "Lavrov", date(2016, 3, 14), "The main part of our forces in Syria will be "
             "withdrawn."),
            (kerry, "John Kerry", DAY, "All aircraft must be grounded over the key areas."),
        ]  # fmt: skip
        for speaker_id, name, day, words in statements:
            _add(s, "statements", speaker_id=speaker_id, speaker_name=name, date=day,
                 words=words, source_id=un, venue="Security Council")  # fmt: skip


@pytest.mark.parametrize(
    ("words", "on", "expected"),
    [
        ("Lavrov", None, "Sergey Lavrov"),
        ("sergei lavrov", None, "Sergey Lavrov"),
        ("the Russian foreign minister", DAY, "Sergey Lavrov"),
        ("the US secretary of state", DAY, "John Kerry"),
        ("the US secretary of state", date(2018, 1, 1), None),  # Kerry left office in 2017
    ],
)
def test_speakers_resolve_through_aliases_and_offices_on_the_date(
    engine: Engine, words: str, on: date | None, expected: str | None
) -> None:
    seed(engine)
    speaker = resolve_speaker(engine, words, on=on)
    assert (speaker.name if speaker.actor_id else None) == expected


@pytest.mark.parametrize(
    ("words", "speaker", "verdict"),
    [
        ("The coalition strike near Deir ez-Zor was a blatant violation of the agreement.",
         "the Russian foreign minister", "supported"),
        ("Lavrov said the strike near Deir ez-Zor was not a violation of the agreement.",
         "Lavrov", "contradicted"),
        ("All aircraft must be grounded over the key areas.", "Lavrov", "no record"),
        ("Russia will send ground troops to Aleppo.", "Lavrov", "no record"),
    ],
)  # fmt: skip
def test_verdicts_on_stored_statements(
    engine: Engine, words: str, speaker: str, verdict: str
) -> None:
    seed(engine)
    result = verify_words(engine, words, speaker=speaker, around=DAY, days=2, similarity=None)
    assert result.verdict == verdict
    assert result.speaker_resolved == "Sergey Lavrov"


def test_words_said_by_someone_else_and_on_another_date_are_pointed_out(engine: Engine) -> None:
    seed(engine)
    other = verify_words(engine, "All aircraft must be grounded over the key areas.",
                         speaker="Lavrov", around=DAY, days=2, similarity=None)  # fmt: skip
    assert other.said_by_other is not None
    assert other.said_by_other.statement.speaker == "John Kerry"
    words = "The main part of our forces in Syria will be withdrawn."
    earlier = verify_words(
        engine, words, speaker="Sergei Lavrov", around=DAY, days=2, similarity=None
    )
    assert earlier.verdict == "no record"
    assert earlier.said_on_other_date is not None
    assert earlier.said_on_other_date.statement.date == date(2016, 3, 14)


def test_an_unknown_speaker_has_no_record(engine: Engine) -> None:
    seed(engine)
    result = verify_words(engine, "All aircraft must be grounded over the key areas.",
                          speaker="Someone Else", around=DAY, days=2, similarity=None)  # fmt: skip
    assert result.verdict == "no record"
    assert result.speaker_resolved is None
    assert result.candidates == 0


def test_json_csv_and_claimreview_exports(sqlite_engine: Engine) -> None:
    seed(sqlite_engine)
    result = verify_words(sqlite_engine, "All aircraft must be grounded over the key areas.",
                          speaker="Kerry", around=DAY, days=1, similarity=None)  # fmt: skip
    data = verification_dict(result)
    assert data["verdict"] == "supported"
    assert data["match"]["source_url"] == "https://un.example/7799"
    assert verification_csv(result).splitlines()[1].startswith("All aircraft must be grounded")
    review = verification_claimreview(
        result, reviewer=Reviewer("Cell"), published=date(2016, 9, 22), appearance="https://x/1"
    )
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == result.words
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "John Kerry"},
        "datePublished": "2016-09-21",
        "appearance": [{"@type": "CreativeWork", "url": "https://x/1"}],
    }
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
        "alternateName": "supported",
    }  # fmt: skip
    assert review["author"] == {"@type": "Organization", "name": "Cell"}
    assert review["datePublished"] == "2016-09-22"
    assert "Council record" in review["reviewBody"]


def test_a_negative_window_is_refused(sqlite_engine: Engine) -> None:
    with pytest.raises(InvalidInput, match="--days"):
        verify_words(sqlite_engine, "x", speaker="Kerry", days=-2, similarity=None)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "claimreview"])
def test_the_verify_command_prints_every_format(sqlite_store_url: str, fmt: str) -> None:
    eng = make_engine(sqlite_store_url)
    migrate(eng)
    seed(eng)
    result = CliRunner().invoke(app, [
        "--db", sqlite_store_url, "verify", "All aircraft must be grounded over the key areas.",
        "--speaker", "the US secretary of state", "--around", "2016-09-21", "--lexical",
        "--format", fmt,
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "supported" in result.output.lower()
    if fmt == "json":
        assert json.loads(result.output)["speaker_resolved"] == "John Kerry"


def test_the_verify_command_rejects_a_bad_date(sqlite_store_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", sqlite_store_url, "verify", "words", "--speaker",
                                      "Kerry", "--around", "21/09/2016", "--lexical"])  # fmt: skip
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_without_a_model_the_command_falls_back_to_word_overlap_and_says_so(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truce.analyze.verify import model as verify_model
    from truce.errors import MissingDependency

    def absent() -> None:
        raise MissingDependency(verify_model.INSTALL_HINT)

    seed(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(verify_model, "load_model", absent)
    words = ["verify", "All aircraft must be grounded over the key areas.", "--speaker", "Kerry"]
    table = CliRunner().invoke(app, ["--db", url, *words])
    assert table.exit_code == 0, table.output
    assert "word overlap only" in table.output and "truce[verify]" in table.output
    as_json = CliRunner().invoke(app, ["--db", url, *words, "--format", "json"])
    answer = json.loads(as_json.output)
    assert answer["method"] == "lexical" and "word overlap only" in answer["fallback"]
    asked = CliRunner().invoke(app, ["--db", url, *words, "--lexical", "--format", "json"])
    assert json.loads(asked.output)["fallback"] is None
