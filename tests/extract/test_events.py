from datetime import date

import pytest

from truce.extract import extract


def _events(text, registry, gazetteer):
    return extract(text, published=date(2016, 9, 21), registry=registry, gazetteer=gazetteer).events


@pytest.mark.parametrize(
    ("text", "modality", "negated"),
    [
        ("Russian aircraft bombed the town of Idlib.", "occurred", False),
        ("Russia denied that its aircraft bombed the town.", "denied", True),
        (
            "Kerry proposed that all aircraft be grounded rather than bombing the town.",
            "proposed",
            False,
        ),
        ("The army plans to launch an offensive on eastern Aleppo.", "planned", False),
        ("If the talks fail, aircraft could bomb the town.", "hypothetical", False),
        ("Syrian aircraft did not bomb the area.", "denied", True),
    ],
)
def test_negation_and_modality_separate_attacks_from_talk_of_attacks(
    text, modality, negated, registry, gazetteer
):
    (event,) = _events(text, registry, gazetteer)
    assert (event.modality, event.negated) == (modality, negated)


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type", "plover", "mode", "cameo"),
    [
        (
            "Coalition aircraft carried out air strikes near Deir ez-Zor.",
            "Explosions/Remote violence",
            "Air/drone strike",
            "ASSAULT",
            "aerial",
            "195",
        ),
        (
            "Government troops shelled Daraya.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "ASSAULT",
            "explosive",
            "194",
        ),
        (
            "The two sides declared a ceasefire in Homs.",
            "Strategic developments",
            "Agreement",
            "RETREAT",
            "ceasefire",
            "0871",
        ),
        (
            "The ceasefire took effect at sunset in Homs.",
            "Strategic developments",
            "Agreement",
            "RETREAT",
            "ceasefire",
            "0871",
        ),
        (
            "Jabhat al-Nusra captured Khan Tuman.",
            "Battles",
            "Non-state actor overtakes territory",
            "ASSAULT",
            "firearms",
            "190",
        ),
        (
            "The Syrian army recaptured Khan Tuman.",
            "Battles",
            "Government regains territory",
            "ASSAULT",
            "firearms",
            "190",
        ),
    ],
)
def test_triggers_map_to_acled_plover_and_cameo(
    text, event_type, sub_event_type, plover, mode, cameo, registry, gazetteer
):
    (event,) = _events(text, registry, gazetteer)
    assert (
        event.event_type,
        event.sub_event_type,
        event.plover.type,
        event.plover.mode,
        event.cameo,
    ) == (
        event_type,
        sub_event_type,
        plover,
        mode,
        cameo,
    )


def test_the_passive_makes_the_subject_the_target(registry, gazetteer):
    (event,) = _events(
        "The Syrian army was attacked by Jabhat al-Nusra in Aleppo.", registry, gazetteer
    )
    assert event.actor1 is not None and event.actor1.canonical == "Jabhat al-Nusra"
    assert event.actor2 is not None and event.actor2.canonical == "Syrian Arab Army"
