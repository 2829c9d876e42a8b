import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from truce.extract import extract
from truce.extract.pipeline import extract_many

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "truce" / "data" / "extraction.schema.json"
PUBLISHED = date(2016, 9, 21)


@pytest.fixture(scope="module")
def result(report, registry, gazetteer):
    return extract(report, published=PUBLISHED, registry=registry, gazetteer=gazetteer).to_json()


def test_the_output_is_valid_against_the_contract(result):
    jsonschema.validate(result, json.loads(SCHEMA.read_text()))
    assert result["schema"] == "truce.extraction/1"


def test_every_span_points_at_the_words_it_names(result, report):
    for actor in result["mentions"]["actors"]:
        assert report[actor["span"][0] : actor["span"][1]] == actor["name"]
    for place in result["mentions"]["places"]:
        assert report[place["span"][0] : place["span"][1]] == place["name"]
    for event in result["events"]:
        assert report[event["span"][0] : event["span"][1]] == event["text"]


@pytest.mark.parametrize(
    ("words", "canonical"),
    [
        ("The Russian foreign minister", "Sergey Lavrov"),
        ("Moscow", "Government of Russia"),
        ("the US-led coalition", "Global Coalition against Daesh"),
        ("government troops", "Syrian Arab Army"),
        ("Lavrov", "Sergey Lavrov"),
    ],
)
def test_actors_resolve_through_the_registry(result, words, canonical):
    found = {a["name"]: a["canonical"] for a in result["mentions"]["actors"]}
    assert found[words] == canonical


def test_the_convoy_strike_has_its_own_date_and_place(result):
    (convoy,) = [e for e in result["events"] if "Urum" in e["text"]]
    assert convoy["date"]["start"] == "2016-09-19"
    assert convoy["place"]["canonical"] == "Urum al-Kubra"
    assert convoy["fatalities"]["best"] == 20
    assert convoy["actor2"]["canonical"] == "Syrian Arab Red Crescent"


def test_the_coalition_strike_takes_the_date_of_its_clause_not_of_the_speech(result):
    (strike,) = [e for e in result["events"] if "Deir ez-Zor" in e["text"]]
    assert strike["date"]["start"] == "2016-09-17"
    assert strike["actor1"]["canonical"] == "Global Coalition against Daesh"


def test_the_nusra_attack_is_a_battle_between_nusra_and_the_army(result):
    (attack,) = [e for e in result["events"] if e["event_type"] == "Battles"]
    assert attack["actor1"]["canonical"] == "Jabhat al-Nusra"
    assert attack["actor2"]["canonical"] == "Syrian Arab Army"
    assert attack["place"]["canonical"] == "Ramouseh road"


def test_a_quotation_over_two_paragraphs_keeps_its_speaker_and_venue(result):
    direct = [s for s in result["statements"] if s["direct"]]
    assert [s["speaker"]["canonical"] for s in direct] == ["Sergey Lavrov", "Sergey Lavrov"]
    assert direct[0]["venue"] == "the Council"
    assert direct[1]["words"].startswith("Nobody should draw conclusions")


def test_third_party_attribution_names_speaker_and_reporter(result):
    (third,) = [s for s in result["statements"] if s.get("reported_by")]
    assert third["speaker"]["canonical"] == "Dmitry Peskov"
    assert third["reported_by"]["canonical"] == "John Kerry"


def test_the_reported_statement_carries_its_venue_and_date(result):
    (first,) = [
        s for s in result["statements"] if s["speaker"]["name"] == "The Russian foreign minister"
    ]
    assert first["venue"] == "the Security Council"
    assert first["date"]["start"] == "2016-09-21"
    assert first["words"].startswith("the US-led coalition strike")


def test_shifting_accounts_of_the_weapon_become_successive_claims(result):
    weapons = [
        c["value"] for c in result["claims"] if c["attribute"] == "weapon" and c["claimant"] is None
    ]
    assert weapons[:2] == ["artillery", "air strike"]


def test_a_denial_is_a_denied_claim_and_not_an_occurred_attack(result):
    denials = [c for c in result["claims"] if c["stance"] == "denies"]
    assert denials and denials[0]["claimant"]["canonical"] == "Government of Russia"
    (denied,) = [e for e in result["events"] if "Moscow denied" in e["text"]]
    assert denied["modality"] == "denied" and denied["negated"]


@pytest.mark.parametrize(
    ("words", "value", "bound", "unit", "per"),
    [
        ("651 local truce and reconciliation agreements", 651, "exact", "agreement", None),
        ("about three a day", 3, "about", "agreement", "day"),
        ("Over 120 fighters", 120, "at least", "fighter", None),
        ("about 20 people", 20, "about", "person", None),
    ],
)
def test_quantities_carry_value_bound_unit_and_rate(result, report, words, value, bound, unit, per):
    found = {report[q["span"][0] : q["span"][1]]: q for q in result["quantities"]}
    quantity = found[words]
    assert (quantity["value"], quantity["bound"], quantity["unit"], quantity["per"]) == (
        value,
        bound,
        unit,
        per,
    )


def test_the_local_agreements_count_and_mediator_are_found(result):
    (local,) = [a for a in result["agreements"] if a["count"] == 651]
    assert local["scope"] == "local"
    assert local["mediator"]["canonical"] == "Russian Centre for Reconciliation"
    evacuation = [a for a in result["agreements"] if a["kind"] == "evacuation"]
    assert evacuation and evacuation[0]["place"]["canonical"] == "Homs"


def test_an_empty_text_gives_an_empty_extraction(registry, gazetteer):
    doc = extract("", published=PUBLISHED, registry=registry, gazetteer=gazetteer).to_json()
    assert doc["events"] == [] and doc["document"]["chars"] == 0


@pytest.fixture(scope="module")
def second(registry, gazetteer):
    text = (
        "Warplanes pounded eastern Aleppo overnight, killing at least 27 people, according to "
        "the Syrian Observatory for Human Rights.\n"
        "A spokesman for the rebels, Abu Ahmad Said, said the fighters would not leave the city.\n"
        "Under a deal reached on Tuesday, more than 300 fighters are to be evacuated from Madaya.\n"
        "The Kremlin denied that Russian jets had bombed the convoy, saying rebel shelling "
        "was to blame.\n"
    )
    return extract(text, published=date(2016, 9, 23), registry=registry, gazetteer=gazetteer)


def test_a_new_speaker_is_found_even_when_parts_of_the_name_are_towns(second):
    speakers = [s.speaker for s in second.statements]
    assert any(s.name == "Abu Ahmad Said" and s.canonical is None for s in speakers)
    assert all(p.name not in {"Abu", "Ahmad"} for p in second.mentions.places)


def test_the_rebels_are_not_resolved_to_one_particular_group(second):
    rebels = [a for a in second.mentions.actors if a.name == "the rebels"]
    assert rebels and rebels[0].canonical is None and rebels[0].kind == "rebel group"


def test_a_bare_deal_takes_its_kind_from_the_sentence(second):
    assert [a.kind for a in second.agreements] == ["evacuation"]


def test_each_weapon_claim_takes_the_stance_of_its_own_clause(second):
    stances = {
        c.value: c.stance
        for c in second.claims
        if c.attribute == "weapon" and c.claimant and c.claimant.canonical == "Government of Russia"
    }
    assert stances == {"air strike": "denies", "artillery": "asserts"}


def test_pounding_by_warplanes_is_an_air_strike_with_its_fatalities(second):
    (strike,) = [e for e in second.events if "Warplanes" in e.text]
    assert strike.sub_event_type == "Air/drone strike"
    assert (strike.fatalities.low, strike.fatalities.best) == (27, 27)


def test_reports_extracted_together_give_what_each_gives_alone(report, registry, gazetteer):
    arabic = (Path(__file__).parent / "arabic_report.txt").read_text(encoding="utf-8")
    texts = [
        report,
        arabic,
        "",
        "The weather was mild and the market stayed open.",
        report.replace("Aleppo", "Idlib"),
    ]
    together = extract_many(
        [(text, PUBLISHED) for text in texts], registry=registry, gazetteer=gazetteer
    )
    alone = [
        extract(text, published=PUBLISHED, registry=registry, gazetteer=gazetteer) for text in texts
    ]
    assert [e.to_json() for e in together] == [e.to_json() for e in alone]
    assert together[0].events and together[1].document.language == "ar"
