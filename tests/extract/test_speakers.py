"""Speakers: titles, appositions, pronouns, new organisations, and the date of the words."""

from datetime import date

import pytest

from truce.extract import extract
from truce.extract.actors import find_actors

DAY = date(2016, 9, 21)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lieutenant General Sergei Kuralenok said the groups agreed.", "Sergei Kuralenok"),
        ("Ukrainian President Petro Poroshenko said the deal held.", "Petro Poroshenko"),
        ("Governor Talal Barazi said the buses left.", "Talal Barazi"),
        ("Stephen O'Brien, a UN official, said it was deliberate.", "Stephen O'Brien"),
    ],
)
def test_a_new_person_is_named_without_the_title_before_the_name(text, name, registry):
    names = [m.name for m in find_actors(text, registry=registry, on=DAY) if m.how == "new"]
    assert names == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The Syrian Observatory for Human Rights said six died.",
            "Syrian Observatory for Human Rights",
        ),
        (
            "The OSCE Special Monitoring Mission said its teams saw guns.",
            "OSCE Special Monitoring Mission",
        ),
        (
            "Officials of the Government of National Accord said so.",
            "Government of National Accord",
        ),
    ],
)
def test_a_new_organisation_keeps_its_whole_name(text, name, registry):
    names = [m.name for m in find_actors(text, registry=registry, on=DAY) if m.how == "new"]
    assert names == [name]


def test_a_role_in_apposition_names_the_person_before_it_not_the_office_holder(registry):
    text = "Martin Perez, the Russian foreign minister, said the talks would go on."
    roles = [m for m in find_actors(text, registry=registry, on=DAY) if m.start > 12]
    assert [(m.name, m.canonical) for m in roles] == [("the Russian foreign minister", None)]


def _statements(text, registry, gazetteer, published=DAY):
    return extract(text, published=published, registry=registry, gazetteer=gazetteer).statements


def test_the_speaker_is_the_subject_before_an_apposition(registry, gazetteer):
    text = "Martin Perez, a spokesman for the Syrian government, said the road was open."
    (statement,) = _statements(text, registry, gazetteer)
    assert statement.speaker.name == "Martin Perez"


@pytest.mark.parametrize(
    "second",
    [
        "He said the centre had logged 14 violations.",
        '"Our aircraft did not fly over that area," he said.',
    ],
)
def test_he_said_continues_the_person_named_before(second, registry, gazetteer):
    text = f"Sergey Lavrov met reporters in New York.\n\n{second}"
    statements = _statements(text, registry, gazetteer)
    assert [s.speaker.canonical for s in statements] == ["Sergey Lavrov"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Sergey Lavrov said on Tuesday that aid had stopped.", date(2016, 9, 20)),
        # the date of the events reported is not the date of the words
        ("Sergey Lavrov said 20 people had been killed yesterday.", DAY),
        ("Sergey Lavrov said the talks would resume.", DAY),
    ],
)
def test_a_statement_is_dated_by_its_speech_verb_else_by_publication(
    text, day, registry, gazetteer
):
    (statement,) = _statements(text, registry, gazetteer)
    assert statement.date is not None and statement.date.start == day


def test_a_described_speaker_is_kept_as_written_in_lower_case(registry, gazetteer):
    text = "Residents of the Bahri district said army jets had struck positions near the bridge."
    (statement,) = _statements(text, registry, gazetteer)
    assert (statement.speaker.name, statement.speaker.canonical) == (
        "residents of the Bahri district",
        None,
    )


@pytest.mark.parametrize(
    ("text", "claimant", "stance"),
    [
        (
            "An opposition negotiator said government aircraft had bombed seven villages.",
            "opposition negotiator",
            "asserts",
        ),
        (
            "Sergey Lavrov denied that government aircraft had bombed the market.",
            "Sergey Lavrov",
            "denies",
        ),
    ],
)
def test_an_attack_in_reported_speech_is_a_perpetrator_claim_of_the_speaker(
    text, claimant, stance, registry, gazetteer
):
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    perpetrators = [c for c in result.claims if c.attribute == "perpetrator"]
    assert [(c.value, c.claimant.name, c.stance) for c in perpetrators] == [
        ("Syrian Arab Army", claimant, stance)
    ]


def test_an_attack_reported_after_another_clause_is_claimed_by_the_speaker(registry, gazetteer):
    # The reported words the statement keeps are the last clause; the attack, told in the first,
    # is still the residents' claim, and no one else's.
    text = (
        "Residents reached by phone said government forces had shelled al-Waer two days ago "
        "and that no food had entered since March."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    perpetrators = [c for c in result.claims if c.attribute == "perpetrator"]
    assert [(c.value, c.claimant.name.lower(), c.stance) for c in perpetrators] == [
        ("Syrian Arab Army", "residents", "asserts")
    ]


def test_a_death_toll_in_reported_speech_is_a_fatalities_claim(registry, gazetteer):
    text = "A local doctors' group said at least 12 civilians were killed in the shelling."
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    tolls = [(c.value, c.stance) for c in result.claims if c.attribute == "fatalities"]
    assert tolls == [("12", "asserts")]


def test_words_quoted_inside_reported_speech_are_the_speakers_own(registry, gazetteer):
    text = 'Sergey Lavrov said the account was "a fantasy" and rebels held the "1070 apartments".'
    statements = _statements(text, registry, gazetteer)
    assert [(s.words, s.direct, s.speaker.canonical) for s in statements if s.direct] == [
        ("a fantasy", True, "Sergey Lavrov")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Warplanes pounded rebel-held eastern Aleppo overnight, medical workers said.",
            "medical workers",
        ),
        (
            "Government forces shelled Kafr Nabudah on Monday, according to local activists.",
            "local activists",
        ),
        (
            "Warplanes pounded rebel-held eastern Aleppo overnight, the Syria Civil Defence said "
            "on Friday.",
            "Syria Civil Defence",
        ),
    ],
)
def test_a_speaker_named_after_the_words_is_the_speaker(text, speaker, registry, gazetteer):
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    assert [s.speaker.name for s in result.statements] == [speaker]
    assert result.statements[0].words.startswith(text[:20])


def test_a_charge_rejected_in_the_same_sentence_is_denied_by_who_rejects_it(registry, gazetteer):
    text = (
        "Rebel commanders said government forces had shelled the outskirts of Daraa overnight, "
        "a charge Damascus rejected."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    perpetrators = [
        (c.value, c.claimant.canonical or c.claimant.name.lower(), c.stance)
        for c in result.claims
        if c.attribute == "perpetrator"
    ]
    assert perpetrators == [
        ("Syrian Arab Army", "rebel commanders", "asserts"),
        ("Syrian Arab Army", "Government of Syria", "denies"),
    ]


def test_a_rejection_of_another_speakers_words_is_not_taken_for_the_first_claim(
    registry, gazetteer
):
    text = (
        "Residents said government jets had struck the market, and the rebels said they had "
        "shot down a plane, a claim the army denied."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    assert [c for c in result.claims if c.stance == "denies"] == []


def test_blame_without_an_attack_is_responsibility_and_self_defence_is_claimed(registry, gazetteer):
    text = (
        "Government forces shelled Daraa on Monday. Sergey Lavrov blamed Jabhat al-Nusra "
        "for wrecking the truce. The army said its troops had only returned fire."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    answers = [(c.attribute, c.value, c.stance) for c in result.claims]
    assert ("responsibility", "Jabhat al-Nusra", "asserts") in answers
    assert ("responsibility", "self-defence", "asserts") in answers
    assert ("perpetrator", "Jabhat al-Nusra", "asserts") not in answers


def test_who_rejects_a_charge_does_not_deny_an_attack_of_its_own(registry, gazetteer):
    text = (
        "The Syrian army said the strike was proof that Washington backs ISIS, "
        "a charge Moscow rejected."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    assert [c for c in result.claims if c.stance == "denies"] == []


def test_the_datelines_place_and_day_are_not_part_of_the_words(registry, gazetteer):
    text = (
        "BEIRUT, Sept 18 - Coalition aircraft struck army positions near Deir ez-Zor on "
        "Saturday, according to the Russian Centre for Reconciliation."
    )
    result = extract(text, published=DAY, registry=registry, gazetteer=gazetteer)
    assert [s.words for s in result.statements] == [
        "Coalition aircraft struck army positions near Deir ez-Zor on Saturday"
    ]
